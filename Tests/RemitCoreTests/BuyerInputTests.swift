import Testing

@testable import RemitCore

/// A complete, valid buyer request.
private let validBuyer = """
{"name": "Acme Industrial", "industry": "332710", "country": "US", "currency": "USD", "external_reference": "ERP-1001",
 "credit_terms": {"net_days": 30, "credit_limit": 5000000, "early_payment_discount": {"discount_bps": 200, "within_days": 10}},
 "departments": [
   {"code": "ENG", "name": "Engineering", "budget": {"amount": 10000000, "period": "quarterly"}, "approval_threshold": 250000},
   {"code": "CC-104", "name": "Facilities"}],
 "approvers": [
   {"id": "apr_cfo", "name": "Dana Cho", "email": "dana@acme.example", "roles": ["cfo"]},
   {"name": "Lee Park", "email": "lee@acme.example", "roles": ["controller", "ap_clerk"], "department": "ENG"}],
 "custom_field_schema": {"fields": [{"key": "cost_center", "type": "string", "required": true, "pattern": "CC-[0-9]{3}"}]}}
"""

/// Parses the valid buyer with `patch` merged into it (RFC 7396), naming new approvers `apr_new`.
private func parseBuyer(patchedWith patch: String = "{}") throws(RemitError) -> BuyerInput {
    let body = JSONMergePatch.apply(try! json(patch), to: try! json(validBuyer))
    return try BuyerInput.parse(body) { "apr_new" }
}

/// The field errors of a buyer request with `patch` merged in.
private func buyerErrors(patchedWith patch: String) -> [FieldError] {
    let error = #expect(throws: RemitError.self) { try parseBuyer(patchedWith: patch) }
    #expect(error?.code == .validationFailed)
    return error?.fieldErrors ?? []
}

/// `count` departments with distinct codes, as JSON.
private func departments(_ count: Int) -> String {
    "[" + (0..<count).map { "{\"code\": \"D\($0)\", \"name\": \"Dept \($0)\"}" }.joined(separator: ",") + "]"
}

@Suite struct BuyerInputTests {
    @Test func aCompleteBuyerIsReadWithEveryDetail() throws {
        #expect(try parseBuyer() == BuyerInput(
            name: "Acme Industrial", industry: "332710", country: "US", currency: .usd, externalReference: "ERP-1001",
            creditTerms: CreditTerms(netDays: 30, creditLimit: 5_000_000,
                                     earlyPaymentDiscount: EarlyPaymentDiscount(discountBasisPoints: 200, withinDays: 10)),
            departments: [
                Department(code: "ENG", name: "Engineering", budget: Budget(amount: 10_000_000, period: .quarterly), approvalThreshold: 250_000),
                Department(code: "CC-104", name: "Facilities", budget: nil, approvalThreshold: nil),
            ],
            approvers: [
                Approver(id: "apr_cfo", name: "Dana Cho", email: "dana@acme.example", roles: ["cfo"], department: nil),
                Approver(id: "apr_new", name: "Lee Park", email: "lee@acme.example", roles: ["controller", "ap_clerk"], department: "ENG"),
            ],
            customFieldSchema: CustomFieldSchema(fields: [
                CustomFieldDefinition(key: "cost_center", label: "cost_center", type: .string, required: true, pattern: "CC-[0-9]{3}"),
            ])))
    }

    @Test func aMinimalBuyerNeedsOnlyNameCountryCurrencyAndTerms() throws {
        let body = try json(#"{"name": "Tiny Co", "country": "DE", "currency": "EUR", "credit_terms": {"net_days": 0, "credit_limit": 0}}"#)
        let buyer = try BuyerInput.parse(body) { "unused" }
        #expect(buyer.creditTerms == CreditTerms(netDays: 0, creditLimit: 0))
        #expect(buyer.departments.isEmpty && buyer.approvers.isEmpty && buyer.customFieldSchema == CustomFieldSchema())
        #expect(buyer.industry == nil && buyer.externalReference == nil)
    }

    @Test func approversWithoutAnIdGetAGeneratedOneAndOnlyThey() throws {
        var made = 0
        let body = JSONMergePatch.apply(try json(#"{"approvers": [{"name": "A", "email": "a@x.io"}, {"id": "apr_b", "name": "B", "email": "b@x.io"}, {"name": "C", "email": "c@x.io"}]}"#),
                                        to: try json(validBuyer))
        let buyer = try BuyerInput.parse(body) {
            made += 1
            return "apr_gen\(made)"
        }
        #expect(buyer.approvers.map(\.id) == ["apr_gen1", "apr_b", "apr_gen2"])
    }

    @Test(arguments: [
        (#"{"name": null}"#, "name", "required", "is required"),
        (#"{"name": ""}"#, "name", "required", "must not be empty"),
        (#"{"country": "XX"}"#, "country", "format", "must be an ISO 3166-1 alpha-2 code such as US or DE"),
        (#"{"country": "us"}"#, "country", "format", "must be an ISO 3166-1 alpha-2 code such as US or DE"),
        (#"{"country": "USA"}"#, "country", "max_length", "must be at most 2 characters"),
        (#"{"currency": "ABC"}"#, "currency", "format", "must be an active ISO 4217 currency code such as USD"),
        (#"{"currency": "usd"}"#, "currency", "format", "must be an active ISO 4217 currency code such as USD"),
        (#"{"currency": "XAU"}"#, "currency", "format", "must be an active ISO 4217 currency code such as USD"),
        (#"{"industry": "33A"}"#, "industry", "format", "must be a NAICS code of 2 to 6 digits"),
        (#"{"industry": "3"}"#, "industry", "format", "must be a NAICS code of 2 to 6 digits"),
        (#"{"industry": "3327101"}"#, "industry", "max_length", "must be at most 6 characters"),
        (#"{"credit_terms": {"net_days": 366}}"#, "credit_terms.net_days", "range", "must be between 0 and 365"),
        (#"{"credit_terms": {"net_days": -1}}"#, "credit_terms.net_days", "range", "must be between 0 and 365"),
        (#"{"credit_terms": {"net_days": 9}}"#, "credit_terms.early_payment_discount", "range", "within_days must not exceed net_days"),
        (#"{"credit_terms": {"credit_limit": -1}}"#, "credit_terms.credit_limit", "range", "must be between 0 and 9223372036854775807"),
        (#"{"credit_terms": {"early_payment_discount": {"discount_bps": 0}}}"#, "credit_terms.early_payment_discount.discount_bps", "range",
         "must be between 1 and 10000"),
        (#"{"credit_terms": null}"#, "credit_terms", "required", "is required"),
        (#"{"departments": [{"code": "ENG", "name": "A"}, {"code": "ENG", "name": "B"}]}"#, "departments", "unique",
         "department codes must be unique"),
        (#"{"departments": [{"code": "ENG", "name": "A"}, {"code": "ENG 1", "name": "B"}]}"#, "departments[1].code", "format",
         "may contain only letters, digits, '-', '_' and '.'"),
        (#"{"departments": [{"code": "ENG", "name": "A", "budget": {"amount": 1, "period": "weekly"}}]}"#, "departments[0].budget.period",
         "enum", "must be one of monthly, quarterly, annual"),
        (#"{"approvers": [{"name": "A", "email": "a@x.io", "department": "SALES"}]}"#, "approvers", "reference",
         "approvers[0].department 'SALES' is not one of the buyer's departments"),
        (#"{"approvers": [{"id": "a1", "name": "A", "email": "a@x.io"}, {"id": "a1", "name": "B", "email": "b@x.io"}]}"#, "approvers",
         "unique", "approver ids must be unique"),
        (#"{"approvers": [{"name": "A", "email": "not-an-email"}]}"#, "approvers[0].email", "format",
         "must be an email address such as ap@example.com"),
        (#"{"approvers": [{"name": "A", "email": "a@example"}]}"#, "approvers[0].email", "format",
         "must be an email address such as ap@example.com"),
        (#"{"approvers": [{"name": "A", "email": "a b@x.io"}]}"#, "approvers[0].email", "format",
         "must be an email address such as ap@example.com"),
        (#"{"approvers": [{"name": "A", "email": "a@@x.io"}]}"#, "approvers[0].email", "format",
         "must be an email address such as ap@example.com"),
        (#"{"approvers": [{"name": "A", "email": "a@x.io", "roles": ["CFO"]}]}"#, "approvers[0].roles", "format",
         "role 'CFO' must be lower-case letters, digits and _"),
        (#"{"custom_field_schema": {"fields": [{"key": "po", "type": "enum"}]}}"#, "custom_field_schema.fields[0].allowed_values",
         "required", "is required for an enum field"),
        (#"{"tier": "gold"}"#, "tier", "unknown_field", "is not a known field"),
    ])
    func aBuyerBreakingOneRuleIsRefusedWithThatFieldAndRule(patch: String, field: String, rule: String, message: String) {
        #expect(buyerErrors(patchedWith: patch) == [FieldError(field: field, rule: rule, message: message)])
    }

    @Test func aBuyerMayHaveExactlyTheMostDepartmentsAndNotOneMore() throws {
        let full = try parseBuyer(patchedWith: "{\"approvers\": [], \"departments\": \(departments(BuyerLimits.departmentsMax))}")
        #expect(full.departments.count == 100)
        #expect(buyerErrors(patchedWith: "{\"approvers\": [], \"departments\": \(departments(BuyerLimits.departmentsMax + 1))}")
            == [FieldError(field: "departments", rule: "max_items", message: "must have at most 100 items, not 101")])
    }

    @Test func discountWithinDaysEqualToNetDaysIsAllowed() throws {
        #expect(try parseBuyer(patchedWith: #"{"credit_terms": {"net_days": 10}}"#).creditTerms.netDays == 10)
    }

    @Test func everyProblemWithABuyerIsListedInOneError() {
        let error = #expect(throws: RemitError.self) {
            try parseBuyer(patchedWith: """
            {"name": null, "country": "XX", "currency": "usd", "credit_terms": {"net_days": 400},
             "approvers": [{"name": "A", "email": "nope", "department": "SALES"}], "tier": 1}
            """)
        }
        #expect(error?.code == .validationFailed)
        #expect(error?.message == "7 fields are invalid")
        #expect(faults(error) == [
            "name required", "country format", "currency format", "credit_terms.net_days range", "approvers[0].email format",
            "approvers reference", "tier unknown_field",
        ])
    }

    @Test func aBodyThatIsNotAnObjectIsRefused() {
        let error = #expect(throws: RemitError.self) { try BuyerInput.parse(.array([])) { "" } }
        #expect(error == .validation([FieldError(field: "body", rule: "type", message: "must be an object, not array")]))
        #expect(error?.message == "body: must be an object, not array (type)")
    }

    @Test(arguments: ["ap@example.com", "first.last+tag@sub.example.co.uk", "x@y.z"])
    func aPlausibleEmailAddressIsAccepted(address: String) {
        #expect(EmailAddress.isPlausible(address))
    }
}
