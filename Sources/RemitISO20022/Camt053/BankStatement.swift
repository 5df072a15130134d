import Foundation
import RemitCore

/// A bank-to-customer statement message (`camt.053.001.08`): one or more account statements.
public struct BankToCustomerStatement: Hashable, Sendable {
    /// The message's id (`GrpHdr/MsgId`), unique per bank: with ``AccountStatement/id`` it tells
    /// a statement already imported.
    public var messageID: String
    /// When the bank made the message (`GrpHdr/CreDtTm`).
    public var creationDateTime: Date
    /// The statements (`Stmt`), at least one.
    public var statements: [AccountStatement]

    /// Creates a message.
    public init(messageID: String, creationDateTime: Date, statements: [AccountStatement]) {
        self.messageID = messageID
        self.creationDateTime = creationDateTime
        self.statements = statements
    }
}

/// One account's statement (`Stmt`): balances and booked entries.
public struct AccountStatement: Hashable, Sendable {
    /// The statement's id (`Id`); `Max35Text`.
    public var id: String
    /// When the statement was made (`CreDtTm`).
    public var creationDateTime: Date?
    /// The account reported on (`Acct`).
    public var account: StatementAccount
    /// The balances (`Bal`), such as opening (`OPBD`) and closing (`CLBD`) booked; at least one.
    public var balances: [StatementBalance]
    /// The entries (`Ntry`), in the bank's order.
    public var entries: [StatementEntry]

    /// Creates a statement.
    public init(id: String, creationDateTime: Date? = nil, account: StatementAccount, balances: [StatementBalance], entries: [StatementEntry]) {
        self.id = id
        self.creationDateTime = creationDateTime
        self.account = account
        self.balances = balances
        self.entries = entries
    }
}

/// How an account is identified: by IBAN, or by the bank's own number (`Othr/Id`).
public enum AccountIdentifier: Hashable, Sendable {
    /// `Id/IBAN`.
    case iban(IBAN)
    /// `Id/Othr/Id`; `Max34Text`.
    case other(String)
}

/// The statement's account (`Acct`).
public struct StatementAccount: Hashable, Sendable {
    /// The account's identifier.
    public var id: AccountIdentifier
    /// The account's currency (`Ccy`), when the bank gives it.
    public var currency: Currency?

    /// Creates an account.
    public init(id: AccountIdentifier, currency: Currency? = nil) {
        self.id = id
        self.currency = currency
    }
}

/// Whether an amount went into the account (credit) or out of it (debit).
public enum CreditDebit: String, Hashable, Sendable {
    /// `CRDT`: money in; for a balance, a positive one.
    case credit = "CRDT"
    /// `DBIT`: money out; for a balance, a negative one.
    case debit = "DBIT"
}

/// A balance (`Bal`): its type, amount, sign and date.
public struct StatementBalance: Hashable, Sendable {
    /// Opening booked balance.
    public static let openingBooked = "OPBD"
    /// Closing booked balance.
    public static let closingBooked = "CLBD"

    /// The balance type code (`Tp/CdOrPrtry/Cd`), such as ``openingBooked``, or the bank's
    /// proprietary name (`Prtry`).
    public var typeCode: String
    /// The amount, zero or more; ``creditDebit`` gives the sign.
    public var amount: Money
    /// Credit for a positive balance, debit for a negative one.
    public var creditDebit: CreditDebit
    /// The balance's date (`Dt`).
    public var date: DateOrDateTime

    /// Creates a balance.
    public init(typeCode: String, amount: Money, creditDebit: CreditDebit, date: DateOrDateTime) {
        self.typeCode = typeCode
        self.amount = amount
        self.creditDebit = creditDebit
        self.date = date
    }
}

/// A bank transaction code (`BkTxCd/Domn`), such as `PMNT` / `RCDT` / `ESCT` for a SEPA credit
/// transfer received.
public struct BankTransactionCode: Hashable, Sendable {
    /// The domain (`Domn/Cd`), such as `PMNT`.
    public var domain: String
    /// The family (`Domn/Fmly/Cd`), such as `RCDT`.
    public var family: String
    /// The sub-family (`Domn/Fmly/SubFmlyCd`), such as `ESCT`.
    public var subFamily: String

    /// Creates a code.
    public init(domain: String, family: String, subFamily: String) {
        self.domain = domain
        self.family = family
        self.subFamily = subFamily
    }
}
