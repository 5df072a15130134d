import Testing

@testable import RemitCore

private let today = CalendarDate(iso8601: "2026-11-29")!
private let now: Int64 = 1_795_973_460_000
private let invoiceID = InvoiceID(rawValue: "inv_test")

/// A Net 30 buyer in USD whose invoices need a cost center and whose lines need a GL code.
private let buyer = Buyer(
    id: BuyerID(rawValue: "buy_acme"), name: "Acme Industrial", industry: nil, country: "US", currency: .usd,
    creditTerms: CreditTerms(netDays: 30, creditLimit: 5_000_000), departments: [], approvers: [],
    customFieldSchema: CustomFieldSchema(fields: [
        CustomFieldDefinition(key: "cost_center", label: "Cost center", type: .string, required: true, pattern: "CC-[0-9]{3}"),
        CustomFieldDefinition(key: "gl", label: "GL code", type: .string, pattern: "[0-9]{4}", appliesTo: [.line]),
        CustomFieldDefinition(key: "hours", label: "Hours", type: .decimal, appliesTo: [.line]),
    ]),
    externalReference: nil, createdAt: now, updatedAt: now)

/// An invoice request for `buyer` with `lines` (JSON array text) and any extra members.
private func invoiceText(lines: String = #"[{"description": "Widgets", "quantity": 3, "unit_amount": 1999}]"#, _ extra: String = "") -> String {
    #"{"buyer_id": "buy_acme", "number": "INV-1001", "currency": "USD", "custom_fields": {"cost_center": "CC-104"}, "lines": "#
        + lines + extra + "}"
}

/// Parses and builds an invoice request the way the API does.
private func buildInvoice(_ text: String) throws(RemitError) -> Invoice {
    let input = try InvoiceInput.parse(try! json(text))
    return try input.build(id: invoiceID, buyer: buyer, schema: buyer.customFieldSchema, today: today, now: now)
}

/// The field errors creating the invoice `text` fails with.
private func invoiceErrors(_ text: String) -> [FieldError] {
    let error = #expect(throws: RemitError.self) { try buildInvoice(text) }
    #expect(error?.code == .validationFailed)
    return error?.fieldErrors ?? []
}

/// `count` one-cent lines as JSON.
private func lines(_ count: Int) -> String {
    "[" + Array(repeating: #"{"description": "x", "unit_amount": 1}"#, count: count).joined(separator: ",") + "]"
}

@Suite struct InvoiceInputTests {
    @Test func linesAreQuantityTimesUnitAmountAndTotalsAddUp() throws {
        let invoice = try buildInvoice(invoiceText(lines: """
        [{"description": "Widgets", "quantity": 3, "unit_amount": 1999, "gl_code": "4000"},
         {"description": "Setup fee", "unit_amount": 2500}]
        """, #", "tax_rate_bps": 825"#))
        #expect(invoice.lines.map(\.amount) == [5_997, 2_500])
        #expect(invoice.lines.map(\.quantity) == [3, 1])
        #expect(invoice.lines.map(\.taxAmount) == [495, 206])  // 494.7525 and 206.25
        #expect(invoice.lines.map(\.glCode) == ["4000", nil])
        #expect((invoice.subtotal, invoice.taxAmount, invoice.total) == (8_497, 701, 9_198))
        #expect((invoice.amountPaid, invoice.amountRemaining) == (0, 9_198))
        #expect(invoice.status == .open)
        #expect(invoice.currency == .usd)
        #expect(invoice.buyerID == buyer.id)
        #expect(invoice.number == "INV-1001")
        #expect(invoice.jsonValue["total"] == .number("9198"))
    }

    @Test func taxIsRoundedHalfToEvenOnEachLineBeforeItIsSummed() throws {
        // 10% of 25 is 2.5 and of 35 is 3.5, ties that half-even rounds to 2 and 4. Two lines of 25 then
        // show the rounding happens per line: 2 + 2 is 4, where rounding 10% of the subtotal 50 would give 5.
        let mixed = try buildInvoice(invoiceText(lines: #"[{"description": "a", "unit_amount": 25}, {"description": "b", "unit_amount": 35}]"#,
                                                 #", "tax_rate_bps": 1000"#))
        #expect(mixed.lines.map(\.taxAmount) == [2, 4])
        let twins = try buildInvoice(invoiceText(lines: #"[{"description": "a", "unit_amount": 25}, {"description": "b", "unit_amount": 25}]"#,
                                                 #", "tax_rate_bps": 1000"#))
        #expect(twins.taxAmount == 4)
        #expect(twins.total == 54)
    }

    @Test func anUntaxedInvoiceHasNoTax() throws {
        let invoice = try buildInvoice(invoiceText())
        #expect(invoice.taxRateBasisPoints == 0)
        #expect((invoice.subtotal, invoice.taxAmount, invoice.total) == (5_997, 0, 5_997))
    }

    @Test func withoutDatesTheInvoiceIsIssuedTodayAndDueAfterTheBuyersNetDays() throws {
        let invoice = try buildInvoice(invoiceText())
        #expect(invoice.issueDate.description == "2026-11-29")
        #expect(invoice.dueDate.description == "2026-12-29")
        #expect((invoice.createdAt, invoice.updatedAt, invoice.voidedAt) == (now, now, nil))
    }

    @Test func theDueDateFollowsTheGivenIssueDateAcrossAYearEnd() throws {
        let invoice = try buildInvoice(invoiceText(lines: #"[{"description": "x", "unit_amount": 1}]"#, #", "issue_date": "2026-12-15""#))
        #expect(invoice.dueDate.description == "2027-01-14")
    }

    @Test func anExplicitDueDateIsKept() throws {
        let invoice = try buildInvoice(invoiceText(lines: #"[{"description": "x", "unit_amount": 1}]"#,
                                                   #", "issue_date": "2026-11-01", "due_date": "2026-11-01""#))
        #expect(invoice.issueDate.description == "2026-11-01")
        #expect(invoice.dueDate.description == "2026-11-01")
    }

    @Test func aDueDateBeforeTheIssueDateIsRefused() {
        #expect(invoiceErrors(invoiceText(lines: #"[{"description": "x", "unit_amount": 1}]"#, #", "issue_date": "2026-11-29", "due_date": "2026-11-28""#))
            == [FieldError(field: "due_date", rule: "range", message: "must not be before issue_date")])
    }

    @Test func anInvoiceMayHaveExactlyTheMostLinesAndNotOneMore() throws {
        let full = try buildInvoice(invoiceText(lines: lines(InvoiceLimits.linesMax)))
        #expect(full.lines.count == 500)
        #expect(full.total == 500)
        #expect(invoiceErrors(invoiceText(lines: lines(InvoiceLimits.linesMax + 1)))
            == [FieldError(field: "lines", rule: "max_items", message: "must have at most 500 items, not 501")])
    }

    @Test func anInvoiceWithoutLinesIsRefused() {
        #expect(invoiceErrors(invoiceText(lines: "[]")) == [FieldError(field: "lines", rule: "min_items", message: "must have at least one line")])
    }

    @Test(arguments: [
        (#"[{"description": "x", "quantity": 2, "unit_amount": 9223372036854775807}]"#, "lines[0]",
         "the amounts are too large to represent"),
        (#"[{"description": "x", "unit_amount": 9223372036854775807}, {"description": "y", "unit_amount": 1}]"#, "lines[1]",
         "the amounts are too large to represent"),
    ])
    func amountsTooLargeFor64BitsAreAValidationErrorOnTheLine(lines: String, field: String, message: String) {
        #expect(invoiceErrors(invoiceText(lines: lines)) == [FieldError(field: field, rule: "overflow", message: message)])
    }

    @Test func taxPushingTheTotalPast64BitsIsAValidationErrorOnTheLines() {
        #expect(invoiceErrors(invoiceText(lines: #"[{"description": "x", "unit_amount": 9223372036854775807}]"#, #", "tax_rate_bps": 1"#))
            == [FieldError(field: "lines", rule: "overflow", message: "the invoice total is too large to represent")])
    }

    @Test func aLargeButRepresentableInvoiceIsExact() throws {
        let invoice = try buildInvoice(invoiceText(lines: #"[{"description": "x", "quantity": 1000000000, "unit_amount": 9223372036}]"#))
        #expect(invoice.total == 9_223_372_036_000_000_000)
    }

    @Test func customFieldsAreCheckedOnTheInvoiceAndEachLineWithExactPaths() {
        let text = #"{"buyer_id": "buy_acme", "number": "INV-1", "currency": "USD", "custom_fields": {"project": "x"}, "lines": ["#
            + #"{"description": "a", "unit_amount": 1, "custom_fields": {"gl": "4000"}}, "#
            + #"{"description": "b", "unit_amount": 1, "custom_fields": {"gl": "40"}}, "#
            + #"{"description": "c", "unit_amount": 1, "custom_fields": {"hours": "1,5", "cost_center": "CC-104"}}]}"#
        #expect(faults(invoiceErrors(text)) == [
            "custom_fields.project unknown_field", "custom_fields.cost_center required",
            "lines[1].custom_fields.gl pattern", "lines[2].custom_fields.cost_center unknown_field", "lines[2].custom_fields.hours type",
        ])
    }

    @Test func validCustomFieldsAreStoredNormalisedOnTheInvoiceAndItsLines() throws {
        let invoice = try buildInvoice(invoiceText(lines: #"[{"description": "a", "unit_amount": 1, "custom_fields": {"hours": 1.50, "gl": "4000"}}]"#))
        #expect(JSONValue.object(invoice.customFields) == .object([("cost_center", .string("CC-104"))]))
        #expect(JSONValue.object(invoice.lines[0].customFields) == .object([("gl", .string("4000")), ("hours", .string("1.50"))]))
    }

    @Test(arguments: [
        (#"[{"description": "x", "quantity": 0, "unit_amount": 1}]"#, "lines[0].quantity", "range", "must be between 1 and 1000000000"),
        (#"[{"description": "x", "quantity": 1000000001, "unit_amount": 1}]"#, "lines[0].quantity", "range", "must be between 1 and 1000000000"),
        (#"[{"description": "x", "quantity": 1.5, "unit_amount": 1}]"#, "lines[0].quantity", "type", "must be an integer that fits in 64 bits, not 1.5"),
        (#"[{"description": "x", "unit_amount": -1}]"#, "lines[0].unit_amount", "range", "must be between 0 and 9223372036854775807"),
        (#"[{"description": "x", "unit_amount": "12.50"}]"#, "lines[0].unit_amount", "type", "must be an integer, not string"),
        (#"[{"description": "x"}]"#, "lines[0].unit_amount", "required", "is required"),
        (#"[{"unit_amount": 1}]"#, "lines[0].description", "required", "is required"),
        (#"[{"description": "x", "unit_amount": 1, "colour": "red"}]"#, "lines[0].colour", "unknown_field", "is not a known field"),
        (#"{"description": "x", "unit_amount": 1}"#, "lines", "type", "must be an array, not object"),
    ])
    func aBadLineIsReportedAtItsPath(lines: String, field: String, rule: String, message: String) {
        #expect(invoiceErrors(invoiceText(lines: lines)) == [FieldError(field: field, rule: rule, message: message)])
    }

    @Test(arguments: [
        (#", "tax_rate_bps": 10001"#, "tax_rate_bps", "range", "must be between 0 and 10000"),
        (#", "tax_rate_bps": -1"#, "tax_rate_bps", "range", "must be between 0 and 10000"),
        (#", "issue_date": "2026-02-29""#, "issue_date", "format", "must be a date in the form YYYY-MM-DD"),
        (#", "memo": 5"#, "memo", "type", "must be a string, not number"),
        (#", "po_number": "\#(String(repeating: "9", count: 65))""#, "po_number", "max_length", "must be at most 64 characters"),
        (#", "status": "paid""#, "status", "unknown_field", "is not a known field"),
    ])
    func aBadInvoiceMemberIsReportedAtItsPath(extra: String, field: String, rule: String, message: String) {
        #expect(invoiceErrors(invoiceText(lines: #"[{"description": "x", "unit_amount": 1}]"#, extra)) == [FieldError(field: field, rule: rule, message: message)])
    }

    @Test func everyMissingRequiredMemberIsListed() {
        let error = #expect(throws: RemitError.self) { try buildInvoice("{}") }
        #expect(faults(error) == ["buyer_id required", "number required", "currency required", "lines required"])
    }

    // Null means absent everywhere in the API, so a null quantity is the default quantity, 1.
    @Test func aNullQuantityCountsAsOneLikeAnAbsentOne() throws {
        let invoice = try buildInvoice(invoiceText(lines: #"[{"description": "x", "quantity": null, "unit_amount": 100}]"#))
        #expect(invoice.lines.map(\.quantity) == [1])
        #expect(invoice.total == 100)
    }

    // Source bug: 9999-12-31 plus Net 30 is in year 10000, which CalendarDate cannot represent
    // (it prints "10000-01-30", which does not parse back), yet the invoice is built.
    @Test func anInvoiceDueAfterTheYear9999IsRefused() {
        let error = #expect(throws: RemitError.self) {
            try buildInvoice(invoiceText(lines: #"[{"description": "x", "unit_amount": 1}]"#, #", "issue_date": "9999-12-31""#))
        }
        #expect(error?.code == .validationFailed)
    }
}
