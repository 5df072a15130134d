import RemitCore

/// One entry on a statement (`Ntry`): an amount booked on the account, with the transactions it
/// is made of when the bank details them.
public struct StatementEntry: Hashable, Sendable {
    /// Booked.
    public static let booked = "BOOK"
    /// Pending.
    public static let pending = "PDNG"

    /// The entry's reference in the statement (`NtryRef`); `Max35Text`.
    public var reference: String?
    /// The amount, above zero or zero; ``creditDebit`` gives the direction.
    public var amount: Money
    /// Credit for money in, debit for money out.
    public var creditDebit: CreditDebit
    /// The status code (`Sts/Cd`), such as ``booked``, or the bank's proprietary status (`Sts/Prtry`).
    public var status: String
    /// When the entry was booked (`BookgDt`).
    public var bookingDate: DateOrDateTime?
    /// When the money is available or stops earning interest (`ValDt`).
    public var valueDate: DateOrDateTime?
    /// The bank's own reference for the entry (`AcctSvcrRef`); `Max35Text`.
    public var accountServicerReference: String?
    /// The ISO bank transaction code (`BkTxCd/Domn`), when given.
    public var bankTransactionCode: BankTransactionCode?
    /// The transactions the entry is made of (`NtryDtls/TxDtls`); empty when the bank gives none.
    public var transactions: [EntryTransaction]
    /// Free text about the entry (`AddtlNtryInf`); `Max500Text`.
    public var additionalInformation: String?

    /// Creates an entry.
    public init(
        reference: String? = nil, amount: Money, creditDebit: CreditDebit, status: String = StatementEntry.booked,
        bookingDate: DateOrDateTime? = nil, valueDate: DateOrDateTime? = nil, accountServicerReference: String? = nil,
        bankTransactionCode: BankTransactionCode? = nil, transactions: [EntryTransaction] = [],
        additionalInformation: String? = nil
    ) {
        self.reference = reference
        self.amount = amount
        self.creditDebit = creditDebit
        self.status = status
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.accountServicerReference = accountServicerReference
        self.bankTransactionCode = bankTransactionCode
        self.transactions = transactions
        self.additionalInformation = additionalInformation
    }
}

/// One transaction inside an entry (`TxDtls`): its references, parties and remittance.
public struct EntryTransaction: Hashable, Sendable {
    /// The payer's end-to-end id (`Refs/EndToEndId`), as sent in the pain.001; banks write
    /// `NOTPROVIDED` when there was none, and this keeps what they wrote.
    public var endToEndID: String?
    /// The instruction id (`Refs/InstrId`).
    public var instructionID: String?
    /// The transaction's amount (`Amt`), when the bank gives it.
    public var amount: Money?
    /// The transaction's direction (`CdtDbtInd`), when the bank gives it.
    public var creditDebit: CreditDebit?
    /// The payer (`RltdPties/Dbtr` and `DbtrAcct`).
    public var debtor: TransactionParty?
    /// The payee (`RltdPties/Cdtr` and `CdtrAcct`).
    public var creditor: TransactionParty?
    /// Structured remittance (`RmtInf/Strd`), one block per document as a rule.
    public var structuredRemittance: [StructuredRemittance]
    /// Unstructured remittance lines (`RmtInf/Ustrd`); `Max140Text` each.
    public var unstructuredRemittance: [String]

    /// Creates a transaction.
    public init(
        endToEndID: String? = nil, instructionID: String? = nil, amount: Money? = nil, creditDebit: CreditDebit? = nil,
        debtor: TransactionParty? = nil, creditor: TransactionParty? = nil,
        structuredRemittance: [StructuredRemittance] = [], unstructuredRemittance: [String] = []
    ) {
        self.endToEndID = endToEndID
        self.instructionID = instructionID
        self.amount = amount
        self.creditDebit = creditDebit
        self.debtor = debtor
        self.creditor = creditor
        self.structuredRemittance = structuredRemittance
        self.unstructuredRemittance = unstructuredRemittance
    }
}

/// A party to a transaction: its name (`Pty/Nm`) and account (`…Acct/Id`).
public struct TransactionParty: Hashable, Sendable {
    /// The name; `Max140Text`.
    public var name: String?
    /// The account.
    public var account: AccountIdentifier?

    /// Creates a party.
    public init(name: String? = nil, account: AccountIdentifier? = nil) {
        self.name = name
        self.account = account
    }
}
