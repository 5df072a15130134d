import RemitCore

/// One structured remittance block (`RmtInf/Strd`): which documents a payment settles, how much,
/// and the creditor's reference.
///
/// Remit writes one block per invoice, so the payee's bank statement tells which invoices a
/// combined payment covers.
public struct StructuredRemittance: Hashable, Sendable {
    /// The documents the block refers to (`RfrdDocInf`); Remit writes one, an invoice.
    public var referredDocuments: [ReferredDocument]
    /// The amount that was due on the documents (`RfrdDocAmt/DuePyblAmt`).
    public var duePayable: Money?
    /// The amount paid for them (`RfrdDocAmt/RmtdAmt`).
    public var remitted: Money?
    /// The discount the payer took on them, such as an early-payment discount
    /// (`RfrdDocAmt/DscntApldAmt/Amt`).
    public var discountApplied: Money?
    /// The creditor's reference (`CdtrRefInf/Ref`).
    public var creditorReference: CreditorReference?

    /// Creates a block.
    public init(
        referredDocuments: [ReferredDocument], duePayable: Money? = nil, remitted: Money? = nil,
        creditorReference: CreditorReference? = nil, discountApplied: Money? = nil
    ) {
        self.referredDocuments = referredDocuments
        self.duePayable = duePayable
        self.remitted = remitted
        self.discountApplied = discountApplied
        self.creditorReference = creditorReference
    }

    /// The block for one commercial invoice (`CINV`).
    public static func invoice(
        number: String, date: CalendarDate? = nil, duePayable: Money? = nil, remitted: Money? = nil,
        creditorReference: CreditorReference? = nil, discountApplied: Money? = nil
    ) -> StructuredRemittance {
        StructuredRemittance(
            referredDocuments: [ReferredDocument(number: number, relatedDate: date)],
            duePayable: duePayable, remitted: remitted, creditorReference: creditorReference, discountApplied: discountApplied)
    }
}

/// A document a payment refers to (`RfrdDocInf`).
public struct ReferredDocument: Hashable, Sendable {
    /// The document's type (`Tp/CdOrPrtry/Cd`); nil when it gives none or a proprietary one.
    public var type: ReferredDocumentType?
    /// The document's number (`Nb`), such as the invoice number; `Max35Text`.
    public var number: String?
    /// The document's date (`RltdDt`), such as the invoice date.
    public var relatedDate: CalendarDate?

    /// Creates a reference to a document; an invoice unless `type` says otherwise.
    public init(type: ReferredDocumentType? = .commercialInvoice, number: String?, relatedDate: CalendarDate? = nil) {
        self.type = type
        self.number = number
        self.relatedDate = relatedDate
    }
}

/// The document type codes of `DocumentType6Code`.
public enum ReferredDocumentType: String, Hashable, Sendable, CaseIterable {
    /// `CINV`: a commercial invoice.
    case commercialInvoice = "CINV"
    /// `CREN`: a credit note.
    case creditNote = "CREN"
    /// `DEBN`: a debit note.
    case debitNote = "DEBN"
    /// `MSIN`: a metered service invoice.
    case meteredServiceInvoice = "MSIN"
    /// `CNFA`: a credit note related to a financial adjustment.
    case creditNoteFinancialAdjustment = "CNFA"
    /// `DNFA`: a debit note related to a financial adjustment.
    case debitNoteFinancialAdjustment = "DNFA"
}

/// The creditor's reference on a payment (`CdtrRefInf`), written with type `SCOR`
/// (structured communication reference).
public enum CreditorReference: Hashable, Sendable {
    /// An ISO 11649 RF reference, written with issuer `ISO`.
    case iso11649(RFCreditorReference)
    /// Any other reference, such as the buyer's own; `Max35Text`.
    case other(String)

    /// The reference text (`Ref`).
    public var text: String {
        switch self {
        case .iso11649(let reference): reference.electronicFormat
        case .other(let text): text
        }
    }
}
