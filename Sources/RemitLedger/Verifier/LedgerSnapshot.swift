import RemitCore

/// An account with its stored balance.
public struct LedgerAccountWithBalance: Sendable, Equatable {
    /// The account.
    public var account: LedgerAccount
    /// Its balance as stored.
    public var balance: AccountBalance

    /// Creates a pair.
    public init(account: LedgerAccount, balance: AccountBalance) {
        self.account = account
        self.balance = balance
    }

    /// The posted balance on the account's normal side.
    public var posted: Int64 { balance.posted(normalSide: account.normalSide) }
    /// The available balance on the account's normal side (see ``AccountBalance/available(normalSide:)``).
    public var available: Int64 { balance.available(normalSide: account.normalSide) }
}

/// A stored transfer and, for a pending one, its state.
public struct LedgerTransferRecord: Sendable, Equatable {
    /// The transfer.
    public var transfer: LedgerTransfer
    /// The state of a pending transfer; nil for every other kind.
    public var pendingState: PendingState?

    /// Creates a record.
    public init(transfer: LedgerTransfer, pendingState: PendingState?) {
        self.transfer = transfer
        self.pendingState = pendingState
    }
}

/// Everything the verifier reads: all accounts with their stored balances, and all transfers.
public struct LedgerSnapshot: Sendable, Equatable {
    /// The accounts with their stored balances.
    public var accounts: [LedgerAccountWithBalance]
    /// The transfers, oldest first.
    public var transfers: [LedgerTransferRecord]

    /// Creates a snapshot.
    public init(accounts: [LedgerAccountWithBalance], transfers: [LedgerTransferRecord]) {
        self.accounts = accounts
        self.transfers = transfers
    }
}
