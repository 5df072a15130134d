import RemitCore
import RemitLedger

/// Reading the ledger: accounts with balances, transfers, totals, and everything for the verifier.
extension StoreTransaction {
    /// One page of the tenant's accounts with their balances, newest first.
    public func ledgerAccounts(tenant: TenantID, page: PageRequest) async throws -> Page<LedgerAccountWithBalance> {
        var sql = "SELECT \(Self.ledgerAccountColumns) FROM ledger_accounts WHERE tenant_id = ?"
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        return try await self.page(sql + " ORDER BY seq DESC LIMIT ?", binds, page, decodeLedgerAccount)
    }

    /// The tenant's account with `id` and its balance.
    public func ledgerAccount(_ id: LedgerAccountID, tenant: TenantID) async throws -> LedgerAccountWithBalance? {
        try await connection.query("SELECT \(Self.ledgerAccountColumns) FROM ledger_accounts WHERE id = ? AND tenant_id = ?",
                                   id.rawValue, tenant.rawValue).first.map(decodeLedgerAccount)
    }

    /// One page of the tenant's transfers, newest first; only those with a leg on `account` when given.
    public func ledgerTransfers(tenant: TenantID, account: LedgerAccountID? = nil, page: PageRequest) async throws -> Page<LedgerTransferRecord> {
        var sql = "SELECT \(Self.ledgerTransferColumns), \(dialect.jsonColumn("metadata")) FROM ledger_transfers t WHERE tenant_id = ?"
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        if let account {
            sql += " AND EXISTS (SELECT 1 FROM ledger_legs l WHERE l.transfer_id = t.id AND l.account_id = ?)"
            binds.append(.text(account.rawValue))
        }
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        let rows = try await connection.query(sql + " ORDER BY seq DESC LIMIT ?", binds + [.integer(Int64(page.limit + 1))])
        let items = try await decodeTransfers(Array(rows.prefix(page.limit)))
        let next = rows.count > page.limit ? try rows[page.limit - 1].int("seq") : nil
        return Page(items: items, next: next)
    }

    /// The tenant's transfer with `id`, with its pending state.
    public func ledgerTransfer(_ id: LedgerTransferID, tenant: TenantID) async throws -> LedgerTransferRecord? {
        let rows = try await connection.query("""
        SELECT \(Self.ledgerTransferColumns), \(dialect.jsonColumn("metadata")) FROM ledger_transfers WHERE id = ? AND tenant_id = ?
        """, id.rawValue, tenant.rawValue)
        return try await decodeTransfers(rows).first
    }

    /// The tenant's transfer written under `clientID`, if any (client ids are unique per tenant).
    public func ledgerTransfer(clientID: String, tenant: TenantID) async throws -> LedgerTransferRecord? {
        let rows = try await connection.query("""
        SELECT \(Self.ledgerTransferColumns), \(dialect.jsonColumn("metadata")) FROM ledger_transfers WHERE tenant_id = ? AND client_id = ?
        """, tenant.rawValue, clientID)
        return try await decodeTransfers(rows).first
    }

    /// The sums of every balance column per currency, across the tenant's accounts (or all
    /// accounts when `tenant` is nil), read in one statement and so from one consistent state.
    public func ledgerTotals(tenant: TenantID?) async throws -> [String: CurrencyTotals] {
        func sum(_ column: String) -> String { "CAST(COALESCE(SUM(\(column)), 0) AS BIGINT) AS \(column)" }
        let rows = try await connection.query("""
        SELECT currency, \(sum("debits_posted")), \(sum("credits_posted")), \(sum("debits_pending")), \(sum("credits_pending"))
        FROM ledger_accounts\(tenant == nil ? "" : " WHERE tenant_id = ?") GROUP BY currency
        """, tenant.map { [SQLValue.text($0.rawValue)] } ?? [])
        var totals: [String: CurrencyTotals] = [:]
        for row in rows {
            totals[try row.text("currency")] = CurrencyTotals(debitsPosted: try row.int("debits_posted"), creditsPosted: try row.int("credits_posted"),
                                                              debitsPending: try row.int("debits_pending"), creditsPending: try row.int("credits_pending"))
        }
        return totals
    }

    /// Every account and transfer of `tenant` (of all tenants when nil), for ``LedgerVerifier``.
    /// For a consistent view while others write, use ``Store/ledgerSnapshot(tenant:)``.
    public func ledgerSnapshot(tenant: TenantID?) async throws -> LedgerSnapshot {
        let filter = tenant == nil ? "" : " WHERE tenant_id = ?"
        let binds: [SQLValue] = tenant.map { [.text($0.rawValue)] } ?? []
        let accounts = try await connection.query("SELECT \(Self.ledgerAccountColumns) FROM ledger_accounts\(filter) ORDER BY seq", binds)
            .map(decodeLedgerAccount)
        let transferRows = try await connection.query("""
        SELECT \(Self.ledgerTransferColumns), \(dialect.jsonColumn("metadata")) FROM ledger_transfers\(filter) ORDER BY seq
        """, binds)
        var legs: [String: [LedgerLeg]] = [:]
        for row in try await connection.query("""
        SELECT l.transfer_id, l.position, l.account_id, l.side, l.amount, l.currency FROM ledger_legs l
        JOIN ledger_transfers t ON t.id = l.transfer_id\(tenant == nil ? "" : " WHERE t.tenant_id = ?") ORDER BY l.transfer_id, l.position
        """, binds) {
            legs[try row.text("transfer_id"), default: []].append(try decodeLeg(row))
        }
        let transfers = try transferRows.map { row in try decodeTransfer(row, legs: legs[try row.text("id")] ?? []) }
        return LedgerSnapshot(accounts: accounts, transfers: transfers)
    }
}

extension Store {
    /// Every account and transfer of `tenant` (of all tenants when nil) as of one instant, for
    /// ``LedgerVerifier``: read in one transaction that sees a single state (REPEATABLE READ on
    /// PostgreSQL; the writer's lock on SQLite).
    public func ledgerSnapshot(tenant: TenantID?) async throws -> LedgerSnapshot {
        try await write { transaction in
            if transaction.dialect == .postgres {
                try await transaction.connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", [])
            }
            return try await transaction.ledgerSnapshot(tenant: tenant)
        }
    }
}

extension StoreTransaction {
    /// The tenant's accounts in `currency` among `codes`, in one read; those that do not exist
    /// yet are simply absent (see `ensureLedgerAccounts`).
    public func ledgerAccounts(tenant: TenantID, currency: Currency, codes: [String]) async throws -> [LedgerAccount] {
        guard !codes.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: codes.count).joined(separator: ", ")
        return try await connection.query(
            "SELECT \(Self.ledgerAccountColumns) FROM ledger_accounts WHERE tenant_id = ? AND currency = ? AND code IN (\(marks))",
            [.text(tenant.rawValue), .text(currency.code)] + codes.map(SQLValue.text)
        ).map { try decodeLedgerAccount($0).account }
    }
}

extension StoreTransaction {
    /// The tenant's transfers written under any of `clientIDs` (unknown ones are simply absent),
    /// read in one query per ``ledgerIDsPerQuery`` ids.
    public func ledgerTransfers(clientIDs: [String], tenant: TenantID) async throws -> [LedgerTransfer] {
        var found: [LedgerTransfer] = []
        for chunk in Self.idChunks(Array(Set(clientIDs)).sorted()) {
            let rows = try await connection.query("""
            SELECT \(Self.ledgerTransferColumns), \(dialect.jsonColumn("metadata")) FROM ledger_transfers
            WHERE tenant_id = ? AND client_id IN \(Self.inList)
            """, [.text(tenant.rawValue)] + chunk)
            found += try await decodeTransfers(rows).map(\.transfer)
        }
        return found
    }
}
