import RemitCore

/// An invoice a remittance names: an X12 `RMR*IV` segment read back.
public struct ACHRemittedInvoice: Sendable, Equatable {
    /// The invoice number (`RMR02`).
    public var number: String
    /// The amount paid (`RMR04`); nil when absent or not a decimal amount.
    public var amountPaid: Money?
    /// The invoice's full amount (`RMR05`), when given.
    public var invoiceAmount: Money?
}

extension ACHEntry {
    /// The invoices the entry's remittance names: every `RMR*IV` segment of a CCD+ addenda or
    /// of a CTX entry's 820, in order. Segments may end with `\` or `~`.
    public var remittedInvoices: [ACHRemittedInvoice] {
        paymentRelatedInformation
            .split(whereSeparator: { $0 == "\\" || $0 == "~" })
            .compactMap { segment -> ACHRemittedInvoice? in
                let elements = segment.split(separator: "*", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
                guard elements.count >= 3, elements[0] == "RMR", elements[1] == "IV" else { return nil }
                func amount(_ index: Int) -> Money? {
                    guard index < elements.count, !elements[index].isEmpty else { return nil }
                    return try? Money(decimal: elements[index], currency: .usd)
                }
                return ACHRemittedInvoice(number: elements[2], amountPaid: amount(4), invoiceAmount: amount(5))
            }
    }
}
