import RemitCore

/// What every posting rule needs: whose books, which currency, the accounts (by code), where new
/// ids come from, and the time.
public struct PostingContext: Sendable {
    /// The tenant whose books the transfers go in.
    public var tenant: TenantID
    /// The currency of the invoice and its payments.
    public var currency: Currency
    /// The tenant's accounts in `currency`, by code: the standard chart and the buyers' receivables.
    public var accounts: [String: LedgerAccount]
    /// Where transfer ids come from.
    public var ids: IDGenerator
    /// The time the transfers are created at, in milliseconds since 1970.
    public var now: Int64

    /// Creates a context over stored accounts (those of other tenants or currencies are ignored).
    public init(tenant: TenantID, currency: Currency, accounts: [LedgerAccount], ids: IDGenerator, now: Int64) {
        self.tenant = tenant
        self.currency = currency
        self.accounts = Dictionary(accounts.filter { $0.tenantID == tenant && $0.currency == currency }.map { ($0.code, $0) },
                                   uniquingKeysWith: { first, _ in first })
        self.ids = ids
        self.now = now
    }

    /// The account with `code`.
    ///
    /// - Throws: ``LedgerError/Code/accountNotFound`` when the chart lacks it; ensure the
    ///   accounts from ``ChartOfAccounts`` exist first.
    public func account(_ code: String) throws(LedgerError) -> LedgerAccount {
        guard let account = accounts[code] else {
            throw LedgerError(.accountNotFound, "The books have no '\(LedgerError.echo(code))' account in \(currency.code); create the chart of accounts first.")
        }
        return account
    }

    /// `buyer`'s receivable account.
    public func receivable(_ buyer: BuyerID) throws(LedgerError) -> LedgerAccount {
        try account(ChartOfAccounts.receivableCode(buyer))
    }

    /// A new transfer in this context, checked for shape.
    func transfer(clientID: String, kind: TransferKind, legs: [LedgerLeg], pendingID: LedgerTransferID? = nil,
                  timeoutMilliseconds: Int64? = nil, reason: String, metadata: [String: String]) throws(LedgerError) -> LedgerTransfer {
        let transfer = LedgerTransfer(id: ids.make(), tenantID: tenant, clientID: clientID, kind: kind, legs: legs, pendingID: pendingID,
                                      timeoutMilliseconds: timeoutMilliseconds, reason: reason, metadata: metadata, createdAt: now)
        try TransferValidation.validateShape(transfer)
        return transfer
    }
}

/// Where the cash a fee or a return takes comes from.
public enum CashStage: String, Sendable, Equatable, CaseIterable {
    /// Before the bank confirmed the money: `cash_in_transit`.
    case inTransit = "in_transit"
    /// After the bank confirmed it: `cash_settled`.
    case settled

    /// The account code.
    public var accountCode: String {
        self == .inTransit ? ChartOfAccounts.cashInTransit : ChartOfAccounts.cashSettled
    }
}
