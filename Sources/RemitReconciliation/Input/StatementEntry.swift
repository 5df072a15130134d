import RemitCore

/// One booked entry of a bank statement (a camt.053 `Ntry`), in the engine's own terms.
///
/// The camt.053 reader maps each entry to this value; the engine never sees XML. Amounts are
/// positive counts of minor units; the direction is carried by ``direction``.
public struct StatementEntry: Sendable, Equatable {
    /// Whether money came in or went out of the account.
    public enum Direction: String, Sendable, Equatable, CaseIterable {
        /// Money received (camt.053 `CdtDbtInd` = `CRDT`). Only credits are matched.
        case credit
        /// Money paid out (`DBIT`). Reported unmatched with ``UnmatchedReason/debitEntry``.
        case debit
    }

    /// The bank's unique reference for the entry (`AcctSvcrRef`); unique within one run.
    public var reference: String
    /// The amount, in minor units of ``currency``; above zero.
    public var amountMinor: Int64
    /// The currency of the amount.
    public var currency: Currency
    /// Credit or debit.
    public var direction: Direction
    /// The day the bank booked the entry (`BookgDt`).
    public var bookingDate: CalendarDate
    /// The day the money is available (`ValDt`), when the statement gives one.
    public var valueDate: CalendarDate?
    /// The end-to-end id the payer put on the transfer (`EndToEndId`), when any.
    /// `NOTPROVIDED`, the ISO 20022 placeholder, counts as none.
    public var endToEndID: String?
    /// The payer's (for a credit) name as the bank shows it (`RltdPties/Dbtr/Nm`).
    public var counterpartyName: String?
    /// The payer's account: an IBAN or a domestic account number (`RltdPties/DbtrAcct`).
    public var counterpartyAccount: String?
    /// The documents the payer says the money is for (`RmtInf/Strd/RfrdDocInf`).
    public var referredDocuments: [ReferredDocument]
    /// The creditor reference (`RmtInf/Strd/CdtrRefInf/Ref`), such as an RF reference.
    public var creditorReference: String?
    /// Free remittance text (`RmtInf/Ustrd`), one element per line.
    public var unstructuredRemittance: [String]

    /// Creates an entry.
    public init(reference: String, amountMinor: Int64, currency: Currency, direction: Direction = .credit,
                bookingDate: CalendarDate, valueDate: CalendarDate? = nil, endToEndID: String? = nil,
                counterpartyName: String? = nil, counterpartyAccount: String? = nil,
                referredDocuments: [ReferredDocument] = [], creditorReference: String? = nil,
                unstructuredRemittance: [String] = []) {
        self.reference = reference
        self.amountMinor = amountMinor
        self.currency = currency
        self.direction = direction
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.endToEndID = endToEndID
        self.counterpartyName = counterpartyName
        self.counterpartyAccount = counterpartyAccount
        self.referredDocuments = referredDocuments
        self.creditorReference = creditorReference
        self.unstructuredRemittance = unstructuredRemittance
    }

    /// The day the date window is measured from: the value date, else the booking date.
    public var settlementDate: CalendarDate { valueDate ?? bookingDate }
}

/// A document named in structured remittance: an invoice number, and the amount paid for it
/// when the payer said (`RfrdDocAmt/RmtdAmt`).
public struct ReferredDocument: Sendable, Equatable {
    /// The document number as sent, such as `INV-2026-0042`.
    public var number: String
    /// The amount remitted for this document, minor units of the entry's currency, when given.
    public var amountMinor: Int64?

    /// Creates a referred document.
    public init(number: String, amountMinor: Int64? = nil) {
        self.number = number
        self.amountMinor = amountMinor
    }
}
