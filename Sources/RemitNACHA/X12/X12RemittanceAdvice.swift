import RemitCore

/// The remittance a CTX entry carries: who pays whom, and which invoices the money settles.
///
/// The writer turns it into an ASC X12 820 (version 004010) transaction set inside its own
/// interchange: `ISA GS ST BPR TRN [REF] N1 N1 ENT (RMR [REF])… SE GE IEA`. The amounts paid
/// must add up to the entry's amount.
public struct X12RemittanceAdvice: Sendable, Equatable {
    /// The payer's name (`N1*PR`), at most 60 characters.
    public var payerName: String
    /// The payee's name (`N1*PE`), at most 60 characters.
    public var payeeName: String
    /// The invoices paid, one `RMR` each; at least one.
    public var invoices: [X12RemittanceInvoice]
    /// A reference for the whole payment (`REF*TN`), such as Remit's payment id; at most 30
    /// characters, or empty for none.
    public var paymentReference: String
    /// The interchange sender (`ISA06`/`GS02`), at most 15 characters; empty means the
    /// batch's company identification.
    public var senderID: String
    /// The interchange receiver (`ISA08`/`GS03`), at most 15 characters; empty means the
    /// entry's receiver name.
    public var receiverID: String
    /// The character that ends each segment.
    public var segmentTerminator: X12SegmentTerminator
    /// Whether the interchange is marked production (`P`) or test (`T`).
    public var isProduction: Bool

    /// Creates a remittance advice.
    public init(
        payerName: String, payeeName: String, invoices: [X12RemittanceInvoice], paymentReference: String = "",
        senderID: String = "", receiverID: String = "", segmentTerminator: X12SegmentTerminator = .backslash,
        isProduction: Bool = true
    ) {
        self.payerName = payerName
        self.payeeName = payeeName
        self.invoices = invoices
        self.paymentReference = paymentReference
        self.senderID = senderID
        self.receiverID = receiverID
        self.segmentTerminator = segmentTerminator
        self.isProduction = isProduction
    }
}

/// One invoice an 820 pays (`RMR*IV`), with an optional purchase order (`REF*PO`).
public struct X12RemittanceInvoice: Sendable, Equatable {
    /// The invoice number, at most 30 characters.
    public var number: String
    /// The amount this payment puts toward the invoice, in US dollars.
    public var amountPaid: Money
    /// The invoice's full amount, when it differs from the amount paid (a part payment).
    public var invoiceAmount: Money?
    /// The buyer's purchase order number, at most 30 characters, or empty.
    public var purchaseOrder: String
    /// The early-payment discount the payer took on the invoice (`RMR06`), when it took one.
    public var discountTaken: Money?

    /// Creates an invoice line.
    public init(number: String, amountPaid: Money, invoiceAmount: Money? = nil, purchaseOrder: String = "", discountTaken: Money? = nil) {
        self.number = number
        self.amountPaid = amountPaid
        self.invoiceAmount = invoiceAmount
        self.purchaseOrder = purchaseOrder
        self.discountTaken = discountTaken
    }
}

/// The character that ends an X12 segment inside NACHA addenda.
public enum X12SegmentTerminator: String, Sendable, Equatable, CaseIterable {
    /// `\`, the terminator NACHA's CTX examples use.
    case backslash = "\\"
    /// `~`, common in X12 outside ACH.
    case tilde = "~"
}
