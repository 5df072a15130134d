import RemitCore
import RemitLedger

/// The ledger in storage. Every write runs inside the caller's transaction, beside the state
/// change that causes it; balances are read under lock, checked by `LedgerBook`, and written
/// back in the same transaction.
extension StoreTransaction {
    /// Creates the accounts that do not exist yet (by tenant, code and currency) and returns all
    /// of them as stored, in the order given: an existing account keeps its id.
    ///
    /// - Throws: ``LedgerError`` with `account_code_invalid`, or
    ///   `account_exists_with_different_fields` when a stored account differs in kind or constraint.
    public func ensureLedgerAccounts(_ accounts: [LedgerAccount]) async throws -> [LedgerAccount] {
        var stored: [LedgerAccount] = []
        for account in accounts {
            try account.validate()
            try await connection.execute("""
            INSERT INTO ledger_accounts (id, tenant_id, code, kind, currency, balance_constraint, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, code, currency) DO NOTHING
            """, account.id.rawValue, account.tenantID.rawValue, account.code, account.kind.rawValue, account.currency.code,
                 account.constraint?.rawValue, account.createdAt, account.createdAt)
            guard let existing = try await connection.query("""
            SELECT \(Self.ledgerAccountColumns) FROM ledger_accounts WHERE tenant_id = ? AND code = ? AND currency = ?
            """, account.tenantID.rawValue, account.code, account.currency.code).first.map(decodeLedgerAccount)?.account
            else { throw StoreError.corrupt("ledger account vanished after insert") }
            guard existing.hasSameFields(as: account) else {
                throw LedgerError(.accountExistsWithDifferentFields, "Account '\(account.code)' in \(account.currency.code) exists as "
                                  + "\(existing.kind.rawValue) with constraint \(existing.constraint?.rawValue ?? "none").")
            }
            stored.append(existing)
        }
        return stored
    }

    /// Creates one transfer: a posted or pending transfer, or the post or void of a pending one.
    ///
    /// Idempotent by client id: the same client id with the same fields returns the first
    /// transfer and changes nothing.
    /// - Throws: ``LedgerError`` for any rule the transfer breaks; nothing is written then.
    @discardableResult
    public func createLedgerTransfer(_ transfer: LedgerTransfer) async throws -> TransferOutcome {
        try await createLedgerTransfers([transfer])[0]
    }

    /// Creates up to ``LedgerLimits/transfersPerBatchMax`` transfers in order, in this
    /// transaction: later ones see the balances earlier ones left, and may post or void a
    /// pending transfer created earlier in the batch. One refused transfer refuses the batch
    /// (the caller's transaction rolls back).
    ///
    /// - Throws: ``LedgerError`` (`batch_too_large`, or the first transfer's broken rule).
    public func createLedgerTransfers(_ transfers: [LedgerTransfer]) async throws -> [TransferOutcome] {
        guard transfers.count <= LedgerLimits.transfersPerBatchMax else {
            throw LedgerError(.batchTooLarge, "A batch may hold at most \(LedgerLimits.transfersPerBatchMax) transfers; it has \(transfers.count).")
        }
        guard !transfers.isEmpty else { return [] }
        let batchIDs = Set(transfers.map(\.id))
        let pendings = try await lockPendingTransfers(Set(transfers.compactMap(\.pendingID)).subtracting(batchIDs))
        let accountIDs = Set(transfers.flatMap(\.legs).map(\.accountID)).union(pendings.flatMap(\.transfer.legs).map(\.accountID))
        let accounts = try await lockLedgerAccounts(accountIDs)
        // Client ids are looked up under the locks: a concurrent transaction with the same client
        // id and accounts has committed by now, so its transfer is returned, not applied twice.
        let known = try await ledgerTransfersByClientID(transfers)
        var book = LedgerBook(accounts: accounts.map { ($0.account, $0.balance) }, pendings: pendings, known: known)
        let outcomes = try transfers.map { transfer throws(LedgerError) in try book.apply(transfer) }
        try await writeLedgerChanges(book, pendingsBefore: Set(pendings.map(\.transfer.id)))
        return outcomes
    }

    /// Expires up to `limit` (at most ``LedgerLimits/expiriesPerSweepMax``) pending transfers whose
    /// timeout is at or before `now`, releasing what they reserved; returns their ids. Pending
    /// transfers another transaction holds are skipped on PostgreSQL and left for the next sweep.
    public func expireLedgerTransfers(now: Int64, limit: Int = LedgerLimits.expiriesPerSweepMax) async throws -> [LedgerTransferID] {
        let count = min(max(limit, 1), LedgerLimits.expiriesPerSweepMax)
        let rows = try await connection.query("""
        SELECT \(Self.ledgerTransferColumns), \(dialect.jsonColumn("metadata")) FROM ledger_transfers
        WHERE pending_state = 'pending' AND expires_at <= ? ORDER BY id\(dialect == .postgres ? #" COLLATE "C""# : "") LIMIT ?\(dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : "")
        """, now, count)
        let pendings = try await decodeTransfers(rows).map { PendingRecord(transfer: $0.transfer, state: $0.pendingState ?? .pending) }
        guard !pendings.isEmpty else { return [] }
        let accounts = try await lockLedgerAccounts(Set(pendings.flatMap(\.transfer.legs).map(\.accountID)))
        var book = LedgerBook(accounts: accounts.map { ($0.account, $0.balance) }, pendings: pendings)
        for pending in pendings { try book.expire(pending.transfer.id, at: now) }
        try await writeLedgerChanges(book, pendingsBefore: Set(pendings.map(\.transfer.id)))
        return pendings.map(\.transfer.id)
    }

    /// Writes what `book` changed: new transfers with their legs, pending states, balances. On
    /// PostgreSQL the writes go as few combined statements.
    private func writeLedgerChanges(_ book: LedgerBook, pendingsBefore: Set<LedgerTransferID>) async throws {
        let now = book.created.last?.createdAt ?? book.changedPendings.values.max() ?? 0
        // Sent now even inside a batch that defers its writes: the next posting in this
        // transaction reads these balances back under its locks.
        try await writingTogether { transaction in
            for transfer in book.created {
                try await transaction.insertLedgerTransfer(transfer, pending: book.pendings[transfer.id], resolvedAt: book.changedPendings[transfer.id])
            }
            for (id, at) in book.changedPendings.sorted(by: { $0.key < $1.key }) where pendingsBefore.contains(id) {
                guard let state = book.pendings[id]?.state else { continue }
                try await transaction.write("UPDATE ledger_transfers SET pending_state = ?, resolved_at = ? WHERE id = ?", state.rawValue, at, id.rawValue)
            }
            for id in book.changedAccounts.sorted() {
                guard let balance = book.balances[id] else { continue }
                try await transaction.write("""
                UPDATE ledger_accounts SET debits_posted = ?, credits_posted = ?, debits_pending = ?, credits_pending = ?, updated_at = ? WHERE id = ?
                """, balance.debitsPosted, balance.creditsPosted, balance.debitsPending, balance.creditsPending, now, id.rawValue)
            }
        }
    }

    private func insertLedgerTransfer(_ transfer: LedgerTransfer, pending: PendingRecord?, resolvedAt: Int64?) async throws {
        let metadata = JSONWriter.string(.object(transfer.metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        try await write("""
        INSERT INTO ledger_transfers (id, tenant_id, client_id, kind, pending_id, timeout_ms, expires_at, pending_state, resolved_at, reason, metadata, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \(dialect.jsonParameter), ?)
        """, [.text(transfer.id.rawValue), .text(transfer.tenantID.rawValue), .text(transfer.clientID), .text(transfer.kind.rawValue),
              transfer.pendingID?.rawValue.sqlValue ?? .null, transfer.timeoutMilliseconds.sqlValue, transfer.expiresAt.sqlValue,
              pending?.state.rawValue.sqlValue ?? .null, resolvedAt.sqlValue, .text(transfer.reason), .text(metadata), .integer(transfer.createdAt)])
        guard !transfer.legs.isEmpty else { return }
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?)", count: transfer.legs.count).joined(separator: ", ")
        let binds = transfer.legs.enumerated().flatMap { index, leg -> [SQLValue] in
            [.text(transfer.id.rawValue), .integer(Int64(index)), .text(leg.accountID.rawValue), .text(leg.side.rawValue),
             .integer(leg.amount), .text(leg.currency.code)]
        }
        try await write("INSERT INTO ledger_legs (transfer_id, position, account_id, side, amount, currency) VALUES \(values)", binds)
    }
}
