import RemitCore

/// Which side of an account an entry is on.
public enum EntrySide: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// A debit: increases debit-normal accounts (assets, expenses), decreases the others.
    case debit
    /// A credit: increases credit-normal accounts (revenue, liabilities, equity), decreases the others.
    case credit
}

/// What an account records, which fixes its normal side.
public enum LedgerAccountKind: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Something the tenant owns or is owed: receivables, cash. Debit-normal.
    case asset
    /// Something the tenant owes: buyer credit balances, payouts due. Credit-normal.
    case liability
    /// The owners' stake. Credit-normal.
    case equity
    /// Income earned: invoiced sales. Credit-normal.
    case revenue
    /// A reduction of revenue: discounts given, refunds. Debit-normal.
    case contraRevenue = "contra_revenue"
    /// A cost incurred: rail and processor fees. Debit-normal.
    case expense

    /// The side on which entries increase the account's balance.
    public var normalSide: EntrySide {
        switch self {
        case .asset, .contraRevenue, .expense: return .debit
        case .liability, .equity, .revenue: return .credit
        }
    }
}

/// A limit on an account's balance that every transfer is checked against, as TigerBeetle's
/// account flags do. Pending credits (or debits) count against it, so a pending transfer
/// reserves what it may later take.
public enum BalanceConstraint: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Posted and pending debits may never exceed posted credits: a credit-normal account that
    /// may not go below zero.
    case debitsMustNotExceedCredits = "debits_must_not_exceed_credits"
    /// Posted and pending credits may never exceed posted debits: a debit-normal account, such
    /// as cash, that may not go negative.
    case creditsMustNotExceedDebits = "credits_must_not_exceed_debits"
}

/// One account of a tenant's books, in one currency. Its code is unique per tenant and currency.
public struct LedgerAccount: Sendable, Equatable, Hashable, IdentifiedEntity {
    public static let idPrefix = "lac"

    /// The account's identifier.
    public var id: LedgerAccountID
    /// The tenant whose books the account is in; no transfer crosses tenants.
    public var tenantID: TenantID
    /// The account's code, such as `revenue` or `receivable:byr_3k9d…`; see ``ChartOfAccounts``.
    public var code: String
    /// What the account records, which fixes its normal side.
    public var kind: LedgerAccountKind
    /// The one currency every entry on the account is in.
    public var currency: Currency
    /// The limit on the account's balance, if any.
    public var constraint: BalanceConstraint?
    /// When the account was created, in milliseconds since 1970.
    public var createdAt: Int64

    /// Creates an account value. Call ``validate()`` before storing one built from outside input.
    public init(id: LedgerAccountID, tenantID: TenantID, code: String, kind: LedgerAccountKind, currency: Currency,
                constraint: BalanceConstraint? = nil, createdAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.code = code
        self.kind = kind
        self.currency = currency
        self.constraint = constraint
        self.createdAt = createdAt
    }

    /// The side on which entries increase the balance.
    public var normalSide: EntrySide { kind.normalSide }

    /// Whether `other` describes the same account: the same tenant, code, currency, kind and
    /// constraint, whatever its id and creation time.
    public func hasSameFields(as other: LedgerAccount) -> Bool {
        tenantID == other.tenantID && code == other.code && currency == other.currency
            && kind == other.kind && constraint == other.constraint
    }

    /// Checks the account's code.
    ///
    /// - Throws: ``LedgerError/Code/accountCodeInvalid``.
    public func validate() throws(LedgerError) {
        try Self.validate(code: code)
    }

    /// Checks an account code: 1...``LedgerLimits/accountCodeBytesMax`` bytes of `a-z 0-9 _ : . -`.
    ///
    /// - Throws: ``LedgerError/Code/accountCodeInvalid``.
    public static func validate(code: String) throws(LedgerError) {
        let allowed = code.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || [UInt8(ascii: "_"), UInt8(ascii: ":"),
                                                                                    UInt8(ascii: "."), UInt8(ascii: "-")].contains(byte)
        }
        guard !code.isEmpty, code.utf8.count <= LedgerLimits.accountCodeBytesMax, allowed else {
            throw LedgerError(.accountCodeInvalid, "Account code '\(LedgerError.echo(code))' must be 1 to "
                              + "\(LedgerLimits.accountCodeBytesMax) characters of a-z, 0-9, '_', ':', '.' and '-'.")
        }
    }
}

/// A ledger account's identifier.
public typealias LedgerAccountID = Identifier<LedgerAccount>
