extension Invoice: JSONRepresentable {
    /// The invoice as the API shows it.
    public var jsonValue: JSONValue {
        .object([
            ("id", .string(id.rawValue)),
            ("object", .string("invoice")),
            ("buyer_id", .string(buyerID.rawValue)),
            ("number", .string(number)),
            ("status", .string(status.rawValue)),
            ("currency", .string(currency.code)),
            ("lines", .array(lines.map(\.jsonValue))),
            ("tax_rate_bps", .int(taxRateBasisPoints)),
            ("subtotal", .int(subtotal)),
            ("tax_amount", .int(taxAmount)),
            ("total", .int(total)),
            ("amount_paid", .int(amountPaid)),
            ("amount_remaining", .int(amountRemaining)),
            ("issue_date", .string(issueDate.description)),
            ("due_date", .string(dueDate.description)),
            ("po_number", .optional(poNumber)),
            ("memo", .optional(memo)),
            ("custom_fields", .object(customFields)),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: createdAt))),
            ("updated_at", .string(Timestamp.rfc3339(milliseconds: updatedAt))),
            ("voided_at", voidedAt.map { JSONValue.string(Timestamp.rfc3339(milliseconds: $0)) } ?? .null),
        ])
    }
}

extension InvoiceLine: JSONRepresentable {
    /// The line as the API shows it.
    public var jsonValue: JSONValue {
        .object([
            ("description", .string(description)),
            ("quantity", .int(quantity)),
            ("unit_amount", .int(unitAmount)),
            ("amount", .int(amount)),
            ("tax_amount", .int(taxAmount)),
            ("gl_code", .optional(glCode)),
            ("custom_fields", .object(customFields)),
        ])
    }
}
