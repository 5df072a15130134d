import RemitCore

/// An imported account statement of a camt.053 message.
public struct StoredBankStatement: Sendable, Equatable {
    public var id: String
    public var messageID: String
    public var statementID: String
    /// The statement's account (IBAN or other id).
    public var account: String
    public var currency: String?
    public var entryCount: Int
    public var createdAt: Int64

    /// Creates a statement row.
    public init(id: String, messageID: String, statementID: String, account: String, currency: String?, entryCount: Int, createdAt: Int64) {
        self.id = id
        self.messageID = messageID
        self.statementID = statementID
        self.account = account
        self.currency = currency
        self.entryCount = entryCount
        self.createdAt = createdAt
    }
}

/// One entry of an imported statement and what reconciliation decided for it.
public struct StoredStatementEntry: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case matched
        case unmatched
    }

    public var seq: Int64
    public var id: String
    public var statementID: String
    public var position: Int
    public var status: Status
    public var amount: Int64
    public var currency: String
    /// The entry as the server reads it (amount, dates, end-to-end id, counterparty, remittance).
    public var entry: JSONValue
    /// The outcome: the match (rule, allocations, unapplied) or the reason and candidates.
    public var outcome: JSONValue
    public var createdAt: Int64
    public var matchedAt: Int64?

    /// Creates an entry row (`seq` is assigned by the store).
    public init(seq: Int64 = 0, id: String, statementID: String, position: Int, status: Status, amount: Int64, currency: String,
                entry: JSONValue, outcome: JSONValue, createdAt: Int64, matchedAt: Int64?) {
        self.seq = seq
        self.id = id
        self.statementID = statementID
        self.position = position
        self.status = status
        self.amount = amount
        self.currency = currency
        self.entry = entry
        self.outcome = outcome
        self.createdAt = createdAt
        self.matchedAt = matchedAt
    }
}

/// Money of a statement entry applied to a payment (bank confirmation) or an invoice.
public struct ReconciliationAllocation: Sendable, Equatable {
    public enum TargetKind: String, Sendable {
        case payment
        case invoice
    }

    public var entryID: String
    public var kind: TargetKind
    public var targetID: String
    public var amount: Int64

    /// Creates an allocation.
    public init(entryID: String, kind: TargetKind, targetID: String, amount: Int64) {
        self.entryID = entryID
        self.kind = kind
        self.targetID = targetID
        self.amount = amount
    }
}

/// A settled payment the bank has not (fully) confirmed yet, with what reconciliation needs.
public struct PaymentAwaitingBank: Sendable {
    public var payment: Payment
    public var invoiceNumber: String
    public var poNumber: String?
    public var buyerName: String
    /// What the bank has confirmed of it so far.
    public var confirmedAmount: Int64
    /// For a net-terms payment, the method its money moves by (`settle_method`), when named.
    public var settleMethod: PaymentMethod?

    /// Creates the facts.
    public init(payment: Payment, invoiceNumber: String, poNumber: String?, buyerName: String, confirmedAmount: Int64,
                settleMethod: PaymentMethod? = nil) {
        self.payment = payment
        self.invoiceNumber = invoiceNumber
        self.poNumber = poNumber
        self.buyerName = buyerName
        self.confirmedAmount = confirmedAmount
        self.settleMethod = settleMethod
    }
}

/// An open invoice with what reconciliation needs.
public struct InvoiceAwaitingMoney: Sendable {
    public var invoice: Invoice
    public var buyerName: String
    /// The sum of the invoice's payments still moving on a rail.
    public var inFlightAmount: Int64
}

extension StoreTransaction {
    /// Serialises reconciliation for one tenant: on PostgreSQL a row lock on the tenant, held to
    /// the end of the transaction, so two imports never allocate the same open amount twice.
    /// SQLite has a single writer and needs none.
    public func lockTenantForReconciliation(_ tenant: TenantID) async throws {
        guard dialect == .postgres else { return }
        _ = try await connection.query("SELECT id FROM tenants WHERE id = ? FOR UPDATE", tenant.rawValue)
    }

    /// The id of the tenant's statement already imported with this message and statement id.
    public func bankStatementID(messageID: String, statementID: String, tenant: TenantID) async throws -> String? {
        try await connection.query("SELECT id FROM bank_statements WHERE tenant_id = ? AND message_id = ? AND statement_id = ?",
                                   tenant.rawValue, messageID, statementID).first?.text("id")
    }

    /// Stores a statement; a second one with the same message and statement id throws `StoreError.duplicate`.
    public func insertBankStatement(_ statement: StoredBankStatement, tenant: TenantID) async throws {
        try await connection.execute("""
        INSERT INTO bank_statements (id, tenant_id, message_id, statement_id, account, currency, entry_count, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """, [.text(statement.id), .text(tenant.rawValue), .text(statement.messageID), .text(statement.statementID), .text(statement.account),
              statement.currency.sqlValue, .integer(Int64(statement.entryCount)), .integer(statement.createdAt)])
    }

    /// The tenant's statement with `id`.
    public func bankStatement(_ id: String, tenant: TenantID) async throws -> StoredBankStatement? {
        try await connection.query("""
        SELECT id, message_id, statement_id, account, currency, entry_count, created_at FROM bank_statements WHERE id = ? AND tenant_id = ?
        """, id, tenant.rawValue).first.map { row in
            StoredBankStatement(id: try row.text("id"), messageID: try row.text("message_id"), statementID: try row.text("statement_id"),
                                account: try row.text("account"), currency: try row.optionalText("currency"),
                                entryCount: Int(try row.int("entry_count")), createdAt: try row.int("created_at"))
        }
    }

    /// Stores an entry with its outcome.
    public func insertStatementEntry(_ entry: StoredStatementEntry, tenant: TenantID) async throws {
        try await connection.execute("""
        INSERT INTO bank_statement_entries (id, tenant_id, statement_id, position, status, amount, currency, entry, outcome, created_at, matched_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, \(dialect.jsonParameter), \(dialect.jsonParameter), ?, ?)
        """, [.text(entry.id), .text(tenant.rawValue), .text(entry.statementID), .integer(Int64(entry.position)), .text(entry.status.rawValue),
              .integer(entry.amount), .text(entry.currency), .text(JSONWriter.string(entry.entry)), .text(JSONWriter.string(entry.outcome)),
              .integer(entry.createdAt), entry.matchedAt.sqlValue])
    }

    /// Marks an unmatched entry matched with `outcome`; false when it was not unmatched (a
    /// concurrent or earlier match won).
    public func markStatementEntryMatched(_ id: String, tenant: TenantID, outcome: JSONValue, now: Int64) async throws -> Bool {
        try await connection.execute("""
        UPDATE bank_statement_entries SET status = 'matched', outcome = \(dialect.jsonParameter), matched_at = ?
        WHERE id = ? AND tenant_id = ? AND status = 'unmatched'
        """, JSONWriter.string(outcome), now, id, tenant.rawValue) == 1
    }

    private static let entryColumns = "seq, id, statement_id, position, status, amount, currency, created_at, matched_at"

    /// The tenant's entry with `id`.
    public func statementEntry(_ id: String, tenant: TenantID) async throws -> StoredStatementEntry? {
        try await connection.query("""
        SELECT \(Self.entryColumns), \(dialect.jsonColumn("entry")), \(dialect.jsonColumn("outcome"))
        FROM bank_statement_entries WHERE id = ? AND tenant_id = ?
        """, id, tenant.rawValue).first.map(decodeStatementEntry)
    }

    /// A statement's entries in statement order (at most `limit`).
    public func statementEntries(statement: String, tenant: TenantID, limit: Int) async throws -> [StoredStatementEntry] {
        try await connection.query("""
        SELECT \(Self.entryColumns), \(dialect.jsonColumn("entry")), \(dialect.jsonColumn("outcome"))
        FROM bank_statement_entries WHERE statement_id = ? AND tenant_id = ? ORDER BY position LIMIT ?
        """, statement, tenant.rawValue, limit).map(decodeStatementEntry)
    }

    /// One page of the tenant's unmatched entries, newest first.
    public func unmatchedStatementEntries(tenant: TenantID, page: PageRequest) async throws -> Page<StoredStatementEntry> {
        var sql = """
        SELECT \(Self.entryColumns), \(dialect.jsonColumn("entry")), \(dialect.jsonColumn("outcome"))
        FROM bank_statement_entries WHERE tenant_id = ? AND status = 'unmatched'
        """
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodeStatementEntry)
    }

    /// Records where an entry's money went.
    public func insertReconciliationAllocations(_ allocations: [ReconciliationAllocation], tenant: TenantID, now: Int64) async throws {
        for allocation in allocations {
            try await connection.execute("""
            INSERT INTO reconciliation_allocations (entry_id, tenant_id, target_kind, target_id, amount, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, allocation.entryID, tenant.rawValue, allocation.kind.rawValue, allocation.targetID, allocation.amount, now)
        }
    }

    /// Records that the bank confirmed all of a payment's money: reconciliation stops expecting it.
    public func markPaymentBankConfirmed(_ payment: PaymentID, tenant: TenantID, now: Int64) async throws {
        try await connection.execute("INSERT INTO bank_confirmed_payments (payment_id, tenant_id, confirmed_at) VALUES (?, ?, ?)",
                                     payment.rawValue, tenant.rawValue, now)
    }

    /// Settled payments whose money the bank has not fully confirmed, oldest first, at most
    /// `limit`: one query, the payment, its invoice's number and PO, the buyer's name and what the
    /// bank confirmed so far read together.
    public func paymentsAwaitingBank(tenant: TenantID, limit: Int) async throws -> [PaymentAwaitingBank] {
        let rows = try await connection.query("""
        SELECT \(Self.paymentColumns), \(dialect.jsonColumn("custom_fields")),
            (SELECT i.number FROM invoices i WHERE i.id = payments.invoice_id) AS invoice_number,
            (SELECT i.po_number FROM invoices i WHERE i.id = payments.invoice_id) AS invoice_po_number,
            (SELECT b.name FROM buyers b WHERE b.id = payments.buyer_id) AS buyer_name,
            (SELECT d.settle_method FROM payment_rail_details d WHERE d.payment_id = payments.id) AS settle_method,
            CAST(COALESCE((SELECT SUM(a.amount) FROM reconciliation_allocations a
                           WHERE a.tenant_id = payments.tenant_id AND a.target_id = payments.id), 0) AS BIGINT) AS confirmed
        FROM payments
        WHERE tenant_id = ? AND status = 'settled'
            AND NOT EXISTS (SELECT 1 FROM bank_confirmed_payments c WHERE c.payment_id = payments.id)
        ORDER BY seq LIMIT ?
        """, tenant.rawValue, limit)
        return try rows.map { row in
            PaymentAwaitingBank(payment: try decodePayment(row), invoiceNumber: try row.text("invoice_number"),
                                poNumber: try row.optionalText("invoice_po_number"), buyerName: try row.text("buyer_name"),
                                confirmedAmount: try row.int("confirmed"),
                                settleMethod: try row.optionalText("settle_method").flatMap(PaymentMethod.init(rawValue:)))
        }
    }

    /// Open invoices with something left to pay, oldest first, at most `limit`: one query, each
    /// invoice with its buyer's name and the amount its payments in flight would apply.
    public func invoicesAwaitingMoney(tenant: TenantID, limit: Int) async throws -> [InvoiceAwaitingMoney] {
        let rows = try await connection.query("""
        SELECT \(Self.invoiceColumns), \(dialect.jsonColumn("lines")), \(dialect.jsonColumn("custom_fields")),
            (SELECT b.name FROM buyers b WHERE b.id = invoices.buyer_id) AS buyer_name,
            \(Self.inFlightSum(tenant: "invoices.tenant_id", invoice: "invoices.id")) AS in_flight
        FROM invoices
        WHERE tenant_id = ? AND status = 'open' AND amount_paid < total ORDER BY seq LIMIT ?
        """, tenant.rawValue, limit)
        return try rows.map { row in
            InvoiceAwaitingMoney(invoice: try decodeInvoice(row), buyerName: try row.text("buyer_name"), inFlightAmount: try row.int("in_flight"))
        }
    }

    private func decodeStatementEntry(_ row: SQLRow) throws -> StoredStatementEntry {
        guard let status = StoredStatementEntry.Status(rawValue: try row.text("status")) else { throw StoreError.corrupt("statement entry status") }
        return StoredStatementEntry(seq: try row.int("seq"), id: try row.text("id"), statementID: try row.text("statement_id"),
                                    position: Int(try row.int("position")), status: status, amount: try row.int("amount"),
                                    currency: try row.text("currency"), entry: try StoredJSON.parse(try row.text("entry")),
                                    outcome: try StoredJSON.parse(try row.text("outcome")), createdAt: try row.int("created_at"),
                                    matchedAt: try row.optionalInt("matched_at"))
    }
}
