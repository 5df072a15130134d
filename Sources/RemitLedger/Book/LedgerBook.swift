import RemitCore

/// A pending transfer and where it is in its life.
public struct PendingRecord: Sendable, Equatable {
    /// The pending transfer.
    public var transfer: LedgerTransfer
    /// Its state.
    public var state: PendingState

    /// Creates a record.
    public init(transfer: LedgerTransfer, state: PendingState) {
        self.transfer = transfer
        self.state = state
    }
}

/// What creating a transfer did.
public enum TransferOutcome: Sendable, Equatable {
    /// The transfer was new and is now in the books.
    case created(LedgerTransfer)
    /// A transfer with the same client id and fields was already in the books: this is it.
    case existing(LedgerTransfer)

    /// The transfer in the books.
    public var transfer: LedgerTransfer {
        switch self {
        case let .created(transfer), let .existing(transfer): return transfer
        }
    }
}

/// The part of the books a batch of transfers touches, in memory: accounts with their balances,
/// pending transfers with their states, and the transfers already known by client id.
///
/// Pure: the store loads what a batch needs (under lock), applies each transfer here, then
/// writes back what changed. Applying a transfer either changes nothing and throws, or applies
/// it whole.
public struct LedgerBook: Sendable {
    /// The accounts, by id.
    public private(set) var accounts: [LedgerAccountID: LedgerAccount]
    /// Their balances, by account id.
    public private(set) var balances: [LedgerAccountID: AccountBalance]
    /// Pending transfers and their states, by transfer id.
    public private(set) var pendings: [LedgerTransferID: PendingRecord]
    /// Accounts whose balances changed since the book was made.
    public private(set) var changedAccounts: Set<LedgerAccountID> = []
    /// Pending transfers whose state changed since the book was made, with the instant it did.
    public private(set) var changedPendings: [LedgerTransferID: Int64] = [:]
    /// The transfers created, in order.
    public private(set) var created: [LedgerTransfer] = []
    private var byClientID: [ClientKey: LedgerTransfer]

    private struct ClientKey: Hashable {
        var tenant: TenantID
        var clientID: String
    }

    /// Creates a book over what a batch needs.
    ///
    /// - Parameters:
    ///   - accounts: every account the batch's legs and pending transfers name, with its balance.
    ///   - pendings: the pending transfers the batch posts or voids (or expires).
    ///   - known: transfers already stored whose client ids the batch reuses.
    public init(accounts: [(account: LedgerAccount, balance: AccountBalance)], pendings: [PendingRecord] = [], known: [LedgerTransfer] = []) {
        self.accounts = Dictionary(accounts.map { ($0.account.id, $0.account) }, uniquingKeysWith: { first, _ in first })
        self.balances = Dictionary(accounts.map { ($0.account.id, $0.balance) }, uniquingKeysWith: { first, _ in first })
        self.pendings = Dictionary(pendings.map { ($0.transfer.id, $0) }, uniquingKeysWith: { first, _ in first })
        byClientID = Dictionary(known.map { (ClientKey(tenant: $0.tenantID, clientID: $0.clientID), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Applies `transfer`, or returns the first transfer with its client id when the fields match.
    ///
    /// - Throws: ``LedgerError`` for any broken rule; the book is then unchanged.
    @discardableResult
    public mutating func apply(_ transfer: LedgerTransfer) throws(LedgerError) -> TransferOutcome {
        let key = ClientKey(tenant: transfer.tenantID, clientID: transfer.clientID)
        if let first = byClientID[key] {
            guard first.hasSameFields(as: transfer) else {
                throw LedgerError(.transferExistsWithDifferentFields, "Transfer '\(first.id)' already has client id '\(LedgerError.echo(transfer.clientID))' "
                                  + "with other fields; use a new client id for a different transfer.")
            }
            return .existing(first)
        }
        try TransferValidation.validateShape(transfer)
        try TransferValidation.validateAccounts(transfer, accounts: accounts)
        var deltas: [(leg: LedgerLeg, pending: Bool, sign: Int64)] = []
        var resolved: (id: LedgerTransferID, state: PendingState)?
        switch transfer.kind {
        case .posted:
            deltas = transfer.legs.map { ($0, false, 1) }
        case .pending:
            deltas = transfer.legs.map { ($0, true, 1) }
        case .postPending, .voidPending:
            let record = try pendingRecord(for: transfer)
            let event: PendingLifecycle.Event = transfer.kind == .postPending ? .post(at: transfer.createdAt) : .void(at: transfer.createdAt)
            let next = try PendingLifecycle.transition(from: record.state, expiresAt: record.transfer.expiresAt, on: event)
            if next.action == .releaseAndPost { try TransferValidation.validatePost(transfer, of: record.transfer) }
            deltas = record.transfer.legs.map { ($0, true, -1) } + transfer.legs.map { ($0, false, 1) }
            resolved = (record.transfer.id, next.state)
        }
        let updated = try balancesAfter(deltas)
        for (id, balance) in updated {
            balances[id] = balance
            changedAccounts.insert(id)
        }
        if transfer.kind == .pending {
            pendings[transfer.id] = PendingRecord(transfer: transfer, state: .pending)
        }
        if let resolved {
            pendings[resolved.id]?.state = resolved.state
            changedPendings[resolved.id] = transfer.createdAt
        }
        created.append(transfer)
        byClientID[key] = transfer
        return .created(transfer)
    }

    /// Expires the pending transfer `id` at `now`, releasing what it reserved.
    ///
    /// - Throws: ``LedgerError`` when it is unknown, no longer pending, or not yet due.
    public mutating func expire(_ id: LedgerTransferID, at now: Int64) throws(LedgerError) {
        guard let record = pendings[id] else {
            throw LedgerError(.pendingTransferNotFound, "No pending transfer '\(id)' to expire.")
        }
        let next = try PendingLifecycle.transition(from: record.state, expiresAt: record.transfer.expiresAt, on: .expire(at: now))
        for (accountID, balance) in try balancesAfter(record.transfer.legs.map { ($0, true, -1) }) {
            balances[accountID] = balance
            changedAccounts.insert(accountID)
        }
        pendings[id]?.state = next.state
        changedPendings[id] = now
    }

    private func pendingRecord(for transfer: LedgerTransfer) throws(LedgerError) -> PendingRecord {
        guard let pendingID = transfer.pendingID, let record = pendings[pendingID], record.transfer.tenantID == transfer.tenantID,
              record.transfer.kind == .pending
        else {
            throw LedgerError(.pendingTransferNotFound, "No pending transfer '\(transfer.pendingID?.rawValue ?? "")' in this tenant's books to "
                              + "\(transfer.kind == .postPending ? "post" : "void").")
        }
        return record
    }

    /// The touched accounts' balances once `deltas` apply, each checked against its constraint.
    private func balancesAfter(_ deltas: [(leg: LedgerLeg, pending: Bool, sign: Int64)]) throws(LedgerError) -> [LedgerAccountID: AccountBalance] {
        var updated: [LedgerAccountID: AccountBalance] = [:]
        for delta in deltas {
            var balance = updated[delta.leg.accountID] ?? balances[delta.leg.accountID] ?? .zero
            try balance.add(delta.sign * delta.leg.amount, side: delta.leg.side, pending: delta.pending)
            updated[delta.leg.accountID] = balance
        }
        for (id, balance) in updated.sorted(by: { $0.key < $1.key }) {
            guard let account = accounts[id] else { preconditionFailure("a leg's account was validated but is missing") }
            try BalanceConstraintCheck.require(account: account, balance: balance)
        }
        return updated
    }
}
