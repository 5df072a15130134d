extension Buyer: JSONRepresentable {
    /// The buyer as the API shows it.
    public var jsonValue: JSONValue {
        guard case let .object(writable) = writableJSON else { preconditionFailure("writableJSON is an object") }
        return .object([("id", .string(id.rawValue)), ("object", .string("buyer"))] + writable + [
            ("created_at", .string(Timestamp.rfc3339(milliseconds: createdAt))),
            ("updated_at", .string(Timestamp.rfc3339(milliseconds: updatedAt))),
        ])
    }

    /// The members a client may write; PATCH merges into this.
    public var writableJSON: JSONValue {
        .object([
            ("name", .string(name)),
            ("industry", .optional(industry)),
            ("country", .string(country)),
            ("currency", .string(currency.code)),
            ("external_reference", .optional(externalReference)),
            ("credit_terms", creditTerms.jsonValue),
            ("departments", .array(departments.map(\.jsonValue))),
            ("approvers", .array(approvers.map(\.jsonValue))),
            ("custom_field_schema", customFieldSchema.jsonValue),
        ])
    }
}

extension CreditTerms: JSONRepresentable {
    /// The terms as the API shows them.
    public var jsonValue: JSONValue {
        .object([
            ("net_days", .int(netDays)),
            ("credit_limit", .int(creditLimit)),
            ("early_payment_discount", earlyPaymentDiscount.map {
                JSONValue.object([("discount_bps", .int($0.discountBasisPoints)), ("within_days", .int($0.withinDays))])
            } ?? .null),
        ])
    }
}

extension Department: JSONRepresentable {
    /// The department as the API shows it.
    public var jsonValue: JSONValue {
        .object([
            ("code", .string(code)),
            ("name", .string(name)),
            ("budget", budget.map { JSONValue.object([("amount", .int($0.amount)), ("period", .string($0.period.rawValue))]) } ?? .null),
            ("approval_threshold", .optional(approvalThreshold)),
        ])
    }
}

extension Approver: JSONRepresentable {
    /// The approver as the API shows it.
    public var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("name", .string(name)),
            ("email", .string(email)),
            ("roles", .strings(roles)),
            ("department", .optional(department)),
        ])
    }
}
