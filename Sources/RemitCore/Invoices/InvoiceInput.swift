/// An invoice as a client sends it, checked for shape; custom fields and totals are checked
/// by `InvoiceInput.build` once the buyer is known.
public struct InvoiceInput: Sendable {
    /// One line as sent.
    public struct Line: Sendable {
        public var description: String
        public var quantity: Int64
        public var unitAmount: Int64
        public var glCode: String?
        public var customFields: JSONValue?
    }

    public var buyerID: String
    public var number: String
    public var currency: Currency
    public var lines: [Line]
    public var taxRateBasisPoints: Int64
    public var issueDate: CalendarDate?
    public var dueDate: CalendarDate?
    public var poNumber: String?
    public var memo: String?
    public var customFields: JSONValue?

    /// Reads an invoice creation request; throws a validation error listing every field at fault.
    public static func parse(_ body: JSONValue) throws(RemitError) -> InvoiceInput {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw .validation(errors) }
        let buyerID = reader.string("buyer_id", required: true, maxLength: 64)
        let number = reader.string("number", required: true, maxLength: InvoiceLimits.numberLengthMax)
        let currency = BuyerInput.readCurrency(&reader)
        let lines = reader.objects("lines", required: true, maxCount: InvoiceLimits.linesMax) { readLine(&$0) }
        if let lines, lines.isEmpty { reader.fail("lines", rule: "min_items", "must have at least one line") }
        let taxRate = reader.integer("tax_rate_bps", in: 0...InvoiceLimits.taxRateBasisPointsMax) ?? 0
        let issueDate = reader.date("issue_date")
        let dueDate = reader.date("due_date")
        if let issueDate, let dueDate, dueDate < issueDate {
            reader.fail("due_date", rule: "range", "must not be before issue_date")
        }
        let poNumber = reader.string("po_number", maxLength: 64)
        let memo = reader.string("memo", maxLength: 2_000)
        let customFields = reader.value("custom_fields")
        reader.finish()
        errors += reader.errors
        guard errors.isEmpty, let buyerID, let number, let currency, let lines else { throw .validation(errors) }
        return InvoiceInput(buyerID: buyerID, number: number, currency: currency, lines: lines, taxRateBasisPoints: taxRate,
                            issueDate: issueDate, dueDate: dueDate, poNumber: poNumber, memo: memo, customFields: customFields)
    }

    private static func readLine(_ reader: inout JSONObjectReader) -> Line? {
        let description = reader.string("description", required: true, maxLength: 500)
        let quantity = reader.integer("quantity", in: 1...InvoiceLimits.quantityMax) ?? (reader.hasValue("quantity") ? nil : 1)
        let unitAmount = reader.integer("unit_amount", required: true, in: 0...Int64.max)
        let glCode = reader.string("gl_code", maxLength: 64)
        let customFields = reader.value("custom_fields")
        guard let description, let quantity, let unitAmount else { return nil }
        return Line(description: description, quantity: quantity, unitAmount: unitAmount, glCode: glCode, customFields: customFields)
    }

    /// Builds the invoice: validates custom fields against the buyer's effective schema,
    /// computes every amount exactly, and fills the due date from the buyer's terms.
    ///
    /// Amounts that overflow 64 bits are a validation error, never a crash or a wrap.
    public func build(id: InvoiceID, buyer: Buyer, schema: CustomFieldSchema, today: CalendarDate, now: Int64) throws(RemitError) -> Invoice {
        var errors: [FieldError] = []
        let validator = CustomFieldValidator(schema: schema)
        let invoiceFields = validator.validate(customFields, scope: .invoice, path: "custom_fields", errors: &errors)
        var builtLines: [InvoiceLine] = []
        var subtotal = Money.zero(currency)
        var tax = Money.zero(currency)
        for (offset, line) in lines.enumerated() {
            let path = "lines[\(offset)]"
            let fields = validator.validate(line.customFields, scope: .line, path: "\(path).custom_fields", errors: &errors)
            do {
                let amount = try Money(minorUnits: line.unitAmount, currency: currency).multiplied(by: line.quantity)
                let lineTax = try amount.applyingBasisPoints(taxRateBasisPoints, rounding: .halfEven)
                subtotal = try subtotal.adding(amount)
                tax = try tax.adding(lineTax)
                builtLines.append(InvoiceLine(description: line.description, quantity: line.quantity, unitAmount: line.unitAmount,
                                              amount: amount.minorUnits, taxAmount: lineTax.minorUnits, glCode: line.glCode,
                                              customFields: fields ?? []))
            } catch {
                errors.append(FieldError(field: path, rule: "overflow", message: "the amounts are too large to represent"))
            }
        }
        let total = try? subtotal.adding(tax)
        if total == nil { errors.append(FieldError(field: "lines", rule: "overflow", message: "the invoice total is too large to represent")) }
        let issue = issueDate ?? today
        let due = dueDate ?? issue.adding(days: buyer.creditTerms.netDays)
        if due.year > 9999 {
            errors.append(FieldError(field: "issue_date", rule: "range", message: "gives a due date after the year 9999"))
        }
        guard errors.isEmpty, let invoiceFields, let total else { throw .validation(errors) }
        return Invoice(id: id, buyerID: buyer.id, number: number, currency: currency, status: .open, lines: builtLines,
                       taxRateBasisPoints: taxRateBasisPoints, subtotal: subtotal.minorUnits, taxAmount: tax.minorUnits,
                       total: total.minorUnits, amountPaid: 0, issueDate: issue,
                       dueDate: due, poNumber: poNumber, memo: memo,
                       customFields: invoiceFields, createdAt: now, updatedAt: now, voidedAt: nil)
    }
}
