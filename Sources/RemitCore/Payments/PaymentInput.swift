/// A payment as a client sends it: `{"invoice_id", "method", "amount", "scheduled_for"?, "custom_fields"?}`.
public struct PaymentInput: Sendable {
    public var invoiceID: String
    public var method: PaymentMethod
    /// Minor units; defaults to what remains on the invoice.
    public var amount: Int64?
    public var scheduledFor: CalendarDate?
    public var customFields: JSONValue?
    /// The payer's bank account (`bank_account`), unvalidated: the server checks it against
    /// the method (ACH routing and account, or IBAN and BIC).
    public var bankAccount: JSONValue?

    /// Reads a payment creation request; throws a validation error listing every field at fault.
    public static func parse(_ body: JSONValue) throws(RemitError) -> PaymentInput {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw .validation(errors) }
        let invoiceID = reader.string("invoice_id", required: true, maxLength: 64)
        let method = reader.choice("method", required: true, allowed: PaymentMethod.allCases.map(\.rawValue))
        let amount = reader.integer("amount", in: 1...Int64.max)
        let scheduled = reader.date("scheduled_for")
        let customFields = reader.value("custom_fields")
        let bankAccount = reader.value("bank_account")
        reader.finish()
        errors += reader.errors
        guard errors.isEmpty, let invoiceID, let method, let value = PaymentMethod(rawValue: method) else { throw .validation(errors) }
        return PaymentInput(invoiceID: invoiceID, method: value, amount: amount, scheduledFor: scheduled, customFields: customFields,
                            bankAccount: bankAccount)
    }

    /// Checks the payment against its invoice: currency is the invoice's, the amount is at most
    /// what remains, the invoice is open, the schedule is not in the past. Returns the amount.
    public func check(against invoice: Invoice, inFlight: Int64, today: CalendarDate) throws(RemitError) -> Int64 {
        guard invoice.status == .open else {
            throw RemitError(.conflict, "The invoice is \(invoice.status.rawValue); only an open invoice can be paid.")
        }
        let payable = invoice.amountRemaining - inFlight
        let amount = self.amount ?? payable
        var errors: [FieldError] = []
        if amount <= 0 || amount > payable {
            errors.append(FieldError(field: "amount", rule: "range",
                                     message: "must be between 1 and \(max(payable, 0)), what remains on the invoice after payments in flight"))
        }
        if let scheduledFor {
            if scheduledFor < today {
                errors.append(FieldError(field: "scheduled_for", rule: "range", message: "must not be in the past"))
            } else if today.days(until: scheduledFor) > PaymentLimits.scheduleDaysMax {
                errors.append(FieldError(field: "scheduled_for", rule: "range", message: "must be within \(PaymentLimits.scheduleDaysMax) days"))
            }
        }
        guard errors.isEmpty else { throw .validation(errors) }
        return amount
    }
}
