import RemitCore

/// The identifier a caller gives an expected payment, such as the payment's id.
///
/// The engine only compares and sorts it; it never parses it.
public struct ExpectedPaymentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The identifier as the caller wrote it.
    public let rawValue: String

    /// Wraps an identifier.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: ExpectedPaymentID, rhs: ExpectedPaymentID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Money Remit expects to receive: one payment (or one open invoice) the statement may settle.
public struct ExpectedPayment: Sendable, Equatable {
    /// The caller's identifier; unique within one run.
    public var id: ExpectedPaymentID
    /// The invoice the money is for.
    public var invoiceID: InvoiceID
    /// The invoice's number, as the buyer sees it (`INV-2026-0042`).
    public var invoiceNumber: String
    /// The buyer who pays.
    public var buyerID: BuyerID
    /// The buyer's company name, compared with the statement's counterparty name once normalised.
    public var buyerName: String
    /// The accounts the buyer is known to pay from: IBANs or domestic account numbers.
    public var buyerAccounts: [String]
    /// What is still expected, minor units of ``currency``; zero means nothing is open.
    public var openAmountMinor: Int64
    /// The currency expected.
    public var currency: Currency
    /// The end-to-end id Remit put on the wire for this payment, when it initiated one.
    public var endToEndID: String?
    /// Other references the payer may quote: the buyer's PO number, its own reference, an RF
    /// creditor reference Remit issued.
    public var references: [String]
    /// The day the money should arrive: the scheduled settlement day or the due date.
    public var expectedDate: CalendarDate

    /// Creates an expected payment.
    public init(id: ExpectedPaymentID, invoiceID: InvoiceID, invoiceNumber: String, buyerID: BuyerID,
                buyerName: String, buyerAccounts: [String] = [], openAmountMinor: Int64, currency: Currency,
                endToEndID: String? = nil, references: [String] = [], expectedDate: CalendarDate) {
        self.id = id
        self.invoiceID = invoiceID
        self.invoiceNumber = invoiceNumber
        self.buyerID = buyerID
        self.buyerName = buyerName
        self.buyerAccounts = buyerAccounts
        self.openAmountMinor = openAmountMinor
        self.currency = currency
        self.endToEndID = endToEndID
        self.references = references
        self.expectedDate = expectedDate
    }
}
