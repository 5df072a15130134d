import RemitCore

/// Builds the X12 820 text a CTX entry carries, and the `RMR` segment of a CCD+ entry.
enum X12 {
    /// Separates elements.
    static let elementSeparator: Character = "*"
    /// Separates components of a composite element (`ISA16`); unused in the data.
    static let componentSeparator: Character = ">"
    /// Characters that data may not contain, because they delimit the text.
    static let reserved: Set<Character> = ["*", "\\", "~", ">"]
    /// The longest reference identification (`RMR02`, `REF02`) in 004010.
    static let referenceLengthMax = 30
    /// The longest name (`N102`) in 004010.
    static let nameLengthMax = 60
    /// The longest interchange sender or receiver id (`ISA06`, `ISA08`).
    static let interchangeIDLengthMax = 15

    /// Checks one data element: printable ASCII without separators, trimmed and upper-cased.
    static func element(_ value: String, _ field: String, max: Int, required: Bool = false, path: String = "") throws(NACHAError) -> String {
        let checker = FieldChecker(path: path)
        let text = try checker.text(value, field, max: max, required: required)
        if text.contains(where: { reserved.contains($0) }) {
            throw NACHAError(.invalidCharacters, "X12 data may not contain *, \\, ~ or >.", field: checker.name(field))
        }
        return text
    }

    /// `RMR*IV*<number>*PI*<paid>[*<invoice amount>[*<discount taken>]]` and the terminator.
    static func rmrSegment(invoiceNumber: String, amountPaid: Money, invoiceAmount: Money?, discountTaken: Money? = nil,
                           terminator: X12SegmentTerminator) -> String {
        rmrElements(invoiceNumber: invoiceNumber, amountPaid: amountPaid, invoiceAmount: invoiceAmount, discountTaken: discountTaken)
            .joined(separator: "*") + terminator.rawValue
    }

    /// The elements of an `RMR` segment: RMR05 is the invoice's total, RMR06 the discount taken
    /// (an empty RMR05 keeps RMR06 in its place when only the discount is given).
    static func rmrElements(invoiceNumber: String, amountPaid: Money, invoiceAmount: Money?, discountTaken: Money?) -> [String] {
        var elements = ["RMR", "IV", invoiceNumber, "PI", amountPaid.decimalString]
        if invoiceAmount != nil || discountTaken != nil { elements.append(invoiceAmount?.decimalString ?? "") }
        if let discountTaken { elements.append(discountTaken.decimalString) }
        return elements
    }
}

/// The facts of the entry an 820 rides on, which its BPR and TRN segments repeat.
struct X12PaymentContext {
    var amount: Money
    var direction: ACHDirection
    var originatingDFI: RoutingNumber
    var companyIdentification: String
    var receivingDFI: RoutingNumber
    var accountType: ACHAccountType
    var accountNumber: String
    var effectiveEntryDate: CalendarDate
    var traceNumber: String
    var receiverName: String
    var creationDate: CalendarDate
    var creationTime: ACHFileTime
    /// The interchange and group control number, 1 to 999,999,999.
    var controlNumber: Int
}

/// An 820 whose fields were checked; ``text(_:)`` writes it.
struct X12Remittance820 {
    var payerName: String
    var payeeName: String
    var paymentReference: String
    var senderID: String
    var receiverID: String
    var terminator: X12SegmentTerminator
    var isProduction: Bool
    var invoices: [(number: String, paid: Money, invoiceAmount: Money?, discountTaken: Money?, purchaseOrder: String)]

    /// Checks an advice against the entry it rides on; `path` names the remittance field.
    init(_ advice: X12RemittanceAdvice, entryAmount: Money, path: String) throws(NACHAError) {
        payerName = try X12.element(advice.payerName, "payer_name", max: X12.nameLengthMax, required: true, path: path)
        payeeName = try X12.element(advice.payeeName, "payee_name", max: X12.nameLengthMax, required: true, path: path)
        paymentReference = try X12.element(advice.paymentReference, "payment_reference", max: X12.referenceLengthMax, path: path)
        senderID = try X12.element(advice.senderID, "sender_id", max: X12.interchangeIDLengthMax, path: path)
        receiverID = try X12.element(advice.receiverID, "receiver_id", max: X12.interchangeIDLengthMax, path: path)
        terminator = advice.segmentTerminator
        isProduction = advice.isProduction
        guard !advice.invoices.isEmpty else {
            throw NACHAError(.fieldRequired, "An 820 pays at least one invoice.", field: path + ".invoices")
        }
        var lines: [(String, Money, Money?, Money?, String)] = []
        var total: Int64 = 0
        for (index, invoice) in advice.invoices.enumerated() {
            let linePath = "\(path).invoices[\(index)]"
            let number = try X12.element(invoice.number, "number", max: X12.referenceLengthMax, required: true, path: linePath)
            let po = try X12.element(invoice.purchaseOrder, "purchase_order", max: X12.referenceLengthMax, path: linePath)
            guard invoice.amountPaid.currency == .usd, invoice.amountPaid.minorUnits > 0 else {
                throw NACHAError(.invalidAmount, "An amount paid is above zero, in USD.", field: linePath + ".amount_paid")
            }
            if let full = invoice.invoiceAmount, full.currency != .usd || full.minorUnits <= 0 {
                throw NACHAError(.invalidAmount, "An invoice amount is above zero, in USD.", field: linePath + ".invoice_amount")
            }
            if let discount = invoice.discountTaken, discount.currency != .usd || discount.minorUnits <= 0 {
                throw NACHAError(.invalidAmount, "A discount taken is above zero, in USD.", field: linePath + ".discount_taken")
            }
            // Each amount paid is at most the entry's amount (checked below), so no overflow.
            total = total.addingReportingOverflow(invoice.amountPaid.minorUnits).partialValue
            guard invoice.amountPaid.minorUnits <= entryAmount.minorUnits, total <= entryAmount.minorUnits else {
                throw NACHAError(.remittanceMismatch, "The invoices' amounts paid add up to more than the entry's \(entryAmount).", field: linePath + ".amount_paid")
            }
            lines.append((number, invoice.amountPaid, invoice.invoiceAmount, invoice.discountTaken, po))
        }
        guard total == entryAmount.minorUnits else {
            throw NACHAError(.remittanceMismatch, "The invoices' amounts paid add up to \(Money(minorUnits: total, currency: .usd)), not the entry's \(entryAmount).", field: path + ".invoices")
        }
        invoices = lines.map { (number: $0.0, paid: $0.1, invoiceAmount: $0.2, discountTaken: $0.3, purchaseOrder: $0.4) }
    }

    /// The whole interchange, every segment ended by the terminator.
    func text(_ context: X12PaymentContext) -> String {
        let sender = senderID.isEmpty ? context.companyIdentification : senderID
        let receiver = receiverID.isEmpty ? String(context.receiverName.prefix(X12.interchangeIDLengthMax)) : receiverID
        let control = Fields.number(Int64(context.controlNumber), 9)
        let groupControl = String(context.controlNumber)
        var transaction: [[String]] = [
            ["ST", "820", "0001"],
            bpr(context),
            ["TRN", "1", context.traceNumber, context.companyIdentification],
        ]
        if !paymentReference.isEmpty { transaction.append(["REF", "TN", paymentReference]) }
        transaction.append(["N1", "PR", payerName])
        transaction.append(["N1", "PE", payeeName])
        transaction.append(["ENT", "1"])
        for invoice in invoices {
            transaction.append(X12.rmrElements(invoiceNumber: invoice.number, amountPaid: invoice.paid, invoiceAmount: invoice.invoiceAmount,
                                               discountTaken: invoice.discountTaken))
            if !invoice.purchaseOrder.isEmpty { transaction.append(["REF", "PO", invoice.purchaseOrder]) }
        }
        transaction.append(["SE", String(transaction.count + 1), "0001"])
        let segments: [[String]] = [
            isa(sender: sender, receiver: receiver, context: context, control: control),
            ["GS", "RA", sender, receiver, Fields.ccyymmdd(context.creationDate), Fields.hhmm(context.creationTime),
             groupControl, "X", "004010"],
        ] + transaction + [
            ["GE", "1", groupControl],
            ["IEA", "1", control],
        ]
        return segments.map { $0.joined(separator: String(X12.elementSeparator)) + terminator.rawValue }.joined()
    }

    /// The interchange header: fixed widths, 106 characters with its terminator.
    private func isa(sender: String, receiver: String, context: X12PaymentContext, control: String) -> [String] {
        let blank10 = String(repeating: " ", count: 10)
        return [
            "ISA", "00", blank10, "00", blank10,
            "ZZ", Fields.alpha(sender, 15), "ZZ", Fields.alpha(receiver, 15),
            Fields.yymmdd(context.creationDate), Fields.hhmm(context.creationTime),
            "U", "00401", control, "0", isProduction ? "P" : "T", String(X12.componentSeparator),
        ]
    }

    /// The payment order: the amount, the direction, both banks and the settlement date.
    private func bpr(_ context: X12PaymentContext) -> [String] {
        [
            "BPR", "C", context.amount.decimalString, context.direction == .credit ? "C" : "D", "ACH", "CTX",
            "01", context.originatingDFI.digits, "", "", context.companyIdentification, "",
            "01", context.receivingDFI.digits, context.accountType == .checking ? "DA" : "SG", context.accountNumber,
            Fields.ccyymmdd(context.effectiveEntryDate),
        ]
    }
}
