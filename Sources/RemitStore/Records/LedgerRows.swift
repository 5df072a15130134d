import RemitCore
import RemitLedger

/// The SQL and row decoding behind `Ledger.swift`.
extension StoreTransaction {
    static let ledgerAccountColumns = """
    seq, id, tenant_id, code, kind, currency, balance_constraint, debits_posted, credits_posted, debits_pending, credits_pending, created_at
    """
    static let ledgerTransferColumns = "seq, id, tenant_id, client_id, kind, pending_id, timeout_ms, pending_state, reason, created_at"

    /// How many ids one `IN (…)` list holds. Every list is padded to this size, so each query has
    /// one shape and is prepared once.
    static let ledgerIDsPerQuery = 32

    /// `ids` in lists of `ledgerIDsPerQuery`, each padded by repeating its first id.
    static func idChunks(_ ids: [String]) -> [[SQLValue]] {
        stride(from: 0, to: ids.count, by: ledgerIDsPerQuery).map { start in
            let chunk = ids[start..<min(start + ledgerIDsPerQuery, ids.count)].map(SQLValue.text)
            return chunk + Array(repeating: chunk[0], count: ledgerIDsPerQuery - chunk.count)
        }
    }

    static var inList: String { "(" + Array(repeating: "?", count: ledgerIDsPerQuery).joined(separator: ", ") + ")" }

    /// Row locks in one fixed order (by id, byte-wise) on PostgreSQL, so two transactions that
    /// lock overlapping rows never wait on each other in a cycle. SQLite has one writer at a time
    /// and needs none.
    var lockInIDOrder: String {
        dialect == .postgres ? #"ORDER BY id COLLATE "C" FOR UPDATE"# : "ORDER BY id"
    }

    /// The accounts with `ids`, locked for the rest of the transaction on PostgreSQL.
    func lockLedgerAccounts(_ ids: Set<LedgerAccountID>) async throws -> [LedgerAccountWithBalance] {
        var accounts: [LedgerAccountWithBalance] = []
        for chunk in Self.idChunks(ids.map(\.rawValue).sorted(by: Self.byteOrder)) {
            let rows = try await connection.query("SELECT \(Self.ledgerAccountColumns) FROM ledger_accounts WHERE id IN \(Self.inList) \(lockInIDOrder)", chunk)
            accounts += try rows.map(decodeLedgerAccount)
        }
        return accounts
    }

    /// The pending transfers with `ids` and their states, locked on PostgreSQL.
    func lockPendingTransfers(_ ids: Set<LedgerTransferID>) async throws -> [PendingRecord] {
        var rows: [SQLRow] = []
        for chunk in Self.idChunks(ids.map(\.rawValue).sorted(by: Self.byteOrder)) {
            rows += try await connection.query("""
            SELECT \(Self.ledgerTransferColumns), \(dialect.jsonColumn("metadata")) FROM ledger_transfers
            WHERE id IN \(Self.inList) AND kind = 'pending' \(lockInIDOrder)
            """, chunk)
        }
        return try await decodeTransfers(rows).compactMap { record in
            record.pendingState.map { PendingRecord(transfer: record.transfer, state: $0) }
        }
    }

    /// Stored transfers whose (tenant, client id) pairs `transfers` use.
    func ledgerTransfersByClientID(_ transfers: [LedgerTransfer]) async throws -> [LedgerTransfer] {
        var found: [LedgerTransfer] = []
        for (tenant, group) in Dictionary(grouping: transfers, by: \.tenantID) {
            found += try await ledgerTransfers(clientIDs: group.map(\.clientID), tenant: tenant)
        }
        return found
    }

    /// Transfers from their rows, legs read in one query per chunk, in the rows' order.
    func decodeTransfers(_ rows: [SQLRow]) async throws -> [LedgerTransferRecord] {
        var legs: [String: [LedgerLeg]] = [:]
        let ids = try rows.map { try $0.text("id") }
        for chunk in Self.idChunks(ids) {
            for row in try await connection.query("""
            SELECT transfer_id, position, account_id, side, amount, currency FROM ledger_legs WHERE transfer_id IN \(Self.inList) ORDER BY transfer_id, position
            """, chunk) {
                legs[try row.text("transfer_id"), default: []].append(try decodeLeg(row))
            }
        }
        return try rows.map { row in try decodeTransfer(row, legs: legs[try row.text("id")] ?? []) }
    }

    func decodeLedgerAccount(_ row: SQLRow) throws -> LedgerAccountWithBalance {
        guard let kind = LedgerAccountKind(rawValue: try row.text("kind")) else { throw StoreError.corrupt("ledger account kind") }
        let constraint = try row.optionalText("balance_constraint").map { text in
            guard let constraint = BalanceConstraint(rawValue: text) else { throw StoreError.corrupt("ledger account constraint") }
            return constraint
        }
        let account = LedgerAccount(id: LedgerAccountID(rawValue: try row.text("id")), tenantID: TenantID(rawValue: try row.text("tenant_id")),
                                    code: try row.text("code"), kind: kind, currency: try Self.currency(row), constraint: constraint,
                                    createdAt: try row.int("created_at"))
        let balance = AccountBalance(debitsPosted: try row.int("debits_posted"), creditsPosted: try row.int("credits_posted"),
                                     debitsPending: try row.int("debits_pending"), creditsPending: try row.int("credits_pending"))
        return LedgerAccountWithBalance(account: account, balance: balance)
    }

    func decodeLeg(_ row: SQLRow) throws -> LedgerLeg {
        guard let side = EntrySide(rawValue: try row.text("side")) else { throw StoreError.corrupt("ledger leg side") }
        return LedgerLeg(accountID: LedgerAccountID(rawValue: try row.text("account_id")), side: side, amount: try row.int("amount"),
                         currency: try Self.currency(row))
    }

    func decodeTransfer(_ row: SQLRow, legs: [LedgerLeg]) throws -> LedgerTransferRecord {
        guard let kind = TransferKind(rawValue: try row.text("kind")) else { throw StoreError.corrupt("ledger transfer kind") }
        let state = try row.optionalText("pending_state").map { text in
            guard let state = PendingState(rawValue: text) else { throw StoreError.corrupt("ledger pending state") }
            return state
        }
        var metadata: [String: String] = [:]
        for (key, value) in try StoredJSON.members(try row.text("metadata")) {
            guard case let .string(text) = value else { throw StoreError.corrupt("ledger transfer metadata") }
            metadata[key] = text
        }
        let transfer = LedgerTransfer(id: LedgerTransferID(rawValue: try row.text("id")), tenantID: TenantID(rawValue: try row.text("tenant_id")),
                                      clientID: try row.text("client_id"), kind: kind, legs: legs,
                                      pendingID: try row.optionalText("pending_id").map(LedgerTransferID.init(rawValue:)),
                                      timeoutMilliseconds: try row.optionalInt("timeout_ms"), reason: try row.text("reason"),
                                      metadata: metadata, createdAt: try row.int("created_at"))
        return LedgerTransferRecord(transfer: transfer, pendingState: state)
    }

    private static func currency(_ row: SQLRow) throws -> Currency {
        do { return try Currency(code: try row.text("currency")) } catch { throw StoreError.corrupt("ledger currency") }
    }

    /// Byte-wise order, the same as PostgreSQL's `COLLATE "C"`.
    static func byteOrder(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}
