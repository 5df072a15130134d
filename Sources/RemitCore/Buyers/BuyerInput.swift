/// The writable part of a buyer, read and validated from a request.
public struct BuyerInput: Sendable, Equatable {
    public var name: String
    public var industry: String?
    public var country: String
    public var currency: Currency
    public var externalReference: String?
    public var creditTerms: CreditTerms
    public var departments: [Department]
    public var approvers: [Approver]
    public var customFieldSchema: CustomFieldSchema

    /// Reads a buyer from a request body (or a merged PATCH document).
    ///
    /// `makeApproverID` names approvers that come without an id. Throws a validation error
    /// listing every field at fault.
    public static func parse(_ body: JSONValue, makeApproverID: () -> String) throws(RemitError) -> BuyerInput {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw .validation(errors) }
        let name = reader.string("name", required: true, maxLength: 200)
        let industry = reader.string("industry", maxLength: 6)
        if let industry, !(2...6).contains(industry.count) || !industry.allSatisfy(\.isASCIIDigit) {
            reader.fail("industry", rule: "format", "must be a NAICS code of 2 to 6 digits")
        }
        let country = reader.string("country", required: true, maxLength: 2)
        if let country, !CountryCode.isValid(country) {
            reader.fail("country", rule: "format", "must be an ISO 3166-1 alpha-2 code such as US or DE")
        }
        let currency = readCurrency(&reader)
        let externalReference = reader.string("external_reference", maxLength: 100)
        let terms = reader.object("credit_terms", required: true) { readTerms(&$0) }
        let departments = reader.objects("departments", maxCount: BuyerLimits.departmentsMax) { readDepartment(&$0) } ?? []
        let approvers = reader.objects("approvers", maxCount: BuyerLimits.approversMax) { readApprover(&$0, makeID: makeApproverID) } ?? []
        let schema = reader.object("custom_field_schema") { CustomFieldSchema.read(&$0) } ?? CustomFieldSchema()
        checkReferences(departments: departments, approvers: approvers, reader: &reader)
        reader.finish()
        errors += reader.errors
        guard errors.isEmpty, let name, let country, let currency, let terms else {
            throw .validation(errors)
        }
        return BuyerInput(name: name, industry: industry, country: country, currency: currency,
                          externalReference: externalReference, creditTerms: terms, departments: departments,
                          approvers: approvers, customFieldSchema: schema)
    }

    static func readCurrency(_ reader: inout JSONObjectReader, key: String = "currency") -> Currency? {
        guard let code = reader.string(key, required: true, maxLength: 3) else { return nil }
        do {
            return try Currency(code: code)
        } catch {
            reader.fail(key, rule: "format", "must be an active ISO 4217 currency code such as USD")
            return nil
        }
    }

    private static func readTerms(_ reader: inout JSONObjectReader) -> CreditTerms? {
        let netDays = reader.integer("net_days", required: true, in: 0...BuyerLimits.netDaysMax)
        let limit = reader.integer("credit_limit", required: true, in: 0...Int64.max)
        let discount = reader.object("early_payment_discount") { discount -> EarlyPaymentDiscount? in
            let bps = discount.integer("discount_bps", required: true, in: 1...10_000)
            let days = discount.integer("within_days", required: true, in: 0...BuyerLimits.netDaysMax)
            guard let bps, let days else { return nil }
            return EarlyPaymentDiscount(discountBasisPoints: Int(bps), withinDays: Int(days))
        }
        if let discount, let netDays, discount.withinDays > netDays {
            reader.fail("early_payment_discount", rule: "range", "within_days must not exceed net_days")
        }
        guard let netDays, let limit else { return nil }
        return CreditTerms(netDays: Int(netDays), creditLimit: limit, earlyPaymentDiscount: discount)
    }

    private static func readDepartment(_ reader: inout JSONObjectReader) -> Department? {
        let code = reader.string("code", required: true, maxLength: 40)
        if let code, !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
            reader.fail("code", rule: "format", "may contain only letters, digits, '-', '_' and '.'")
        }
        let name = reader.string("name", required: true, maxLength: 200)
        let budget = reader.object("budget") { budget -> Budget? in
            let amount = budget.integer("amount", required: true, in: 0...Int64.max)
            let period = budget.choice("period", required: true, allowed: Budget.Period.allCases.map(\.rawValue))
            guard let amount, let period, let value = Budget.Period(rawValue: period) else { return nil }
            return Budget(amount: amount, period: value)
        }
        let threshold = reader.integer("approval_threshold", in: 0...Int64.max)
        guard let code, let name else { return nil }
        return Department(code: code, name: name, budget: budget, approvalThreshold: threshold)
    }

    private static func readApprover(_ reader: inout JSONObjectReader, makeID: () -> String) -> Approver? {
        let id = reader.string("id", maxLength: 64)
        let name = reader.string("name", required: true, maxLength: 200)
        let email = reader.string("email", required: true, maxLength: 254)
        if let email, !EmailAddress.isPlausible(email) {
            reader.fail("email", rule: "format", "must be an email address such as ap@example.com")
        }
        let roles = reader.strings("roles", maxCount: BuyerLimits.rolesPerApproverMax, maxLength: 40) ?? []
        for role in roles where !FieldKey.isValid(role) {
            reader.fail("roles", rule: "format", "role '\(role)' must be lower-case letters, digits and _")
        }
        let department = reader.string("department", maxLength: 40)
        guard let name, let email else { return nil }
        return Approver(id: id ?? makeID(), name: name, email: email, roles: roles, department: department)
    }

    private static func checkReferences(departments: [Department], approvers: [Approver], reader: inout JSONObjectReader) {
        let codes = departments.map(\.code)
        if Set(codes).count != codes.count { reader.fail("departments", rule: "unique", "department codes must be unique") }
        let ids = approvers.map(\.id)
        if Set(ids).count != ids.count { reader.fail("approvers", rule: "unique", "approver ids must be unique") }
        for (offset, approver) in approvers.enumerated() {
            if let department = approver.department, !codes.contains(department) {
                reader.fail("approvers", rule: "reference",
                            "approvers[\(offset)].department '\(department)' is not one of the buyer's departments")
            }
        }
    }
}

/// A light check of email addresses: one `@`, something before it, a dotted domain after it.
public enum EmailAddress {
    /// Whether `text` looks like a deliverable address.
    public static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !text.contains(where: { $0.isWhitespace })
        else { return false }
        return true
    }
}

/// RFC 7396 JSON Merge Patch.
public enum JSONMergePatch {
    /// Applies `patch` to `target`: members set to null are removed, objects merge recursively,
    /// everything else (arrays included) replaces.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case let .object(patchMembers) = patch else { return patch }
        var members: [(key: String, value: JSONValue)]
        if case let .object(existing) = target { members = existing } else { members = [] }
        for (key, value) in patchMembers {
            let index = members.firstIndex { $0.key == key }
            if value == .null {
                if let index { members.remove(at: index) }
            } else if let index {
                members[index].value = apply(value, to: members[index].value)
            } else {
                members.append((key, apply(value, to: .null)))
            }
        }
        return .object(members)
    }
}
