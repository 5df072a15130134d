import RemitCore
import RemitLedger

/// A file a file-based rail wrote for one payment: a NACHA file or a pain.001 document.
public struct StoredRailFile: Sendable, Equatable {
    public var id: String
    public var tenantID: TenantID
    /// `ach` or `sepa`.
    public var rail: String
    public var paymentID: PaymentID
    /// The settle step's idempotency key; one file per key.
    public var idempotencyKey: String
    /// `nacha` or `pain.001.001.09`.
    public var format: String
    public var content: String
    /// The entry's trace number (ACH) or the end-to-end id (pain.001).
    public var reference: String
    public var createdAt: Int64

    /// Creates a rail file value.
    public init(id: String, tenantID: TenantID, rail: String, paymentID: PaymentID, idempotencyKey: String, format: String,
                content: String, reference: String, createdAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.rail = rail
        self.paymentID = paymentID
        self.idempotencyKey = idempotencyKey
        self.format = format
        self.content = content
        self.reference = reference
        self.createdAt = createdAt
    }
}

/// The payer's bank account stored with a payment (`ach` or `sepa`), as a JSON document.
public struct StoredBankAccount: Sendable, Equatable {
    public var paymentID: PaymentID
    public var tenantID: TenantID
    public var kind: String
    public var document: JSONValue

    /// Creates a stored bank account.
    public init(paymentID: PaymentID, tenantID: TenantID, kind: String, document: JSONValue) {
        self.paymentID = paymentID
        self.tenantID = tenantID
        self.kind = kind
        self.document = document
    }
}

extension StoreTransaction {
    private static let railFileColumns = "seq, id, tenant_id, rail, payment_id, idempotency_key, format, content, reference, created_at"

    /// The tenant's own bank details (a JSON document), when set.
    public func tenantBankDetails(_ tenant: TenantID) async throws -> JSONValue? {
        try await connection.query("SELECT \(dialect.jsonColumn("document")) FROM tenant_bank_details WHERE tenant_id = ?", tenant.rawValue)
            .first.map { try StoredJSON.parse(try $0.text("document")) }
    }

    /// Replaces the tenant's own bank details; nil removes them.
    public func setTenantBankDetails(_ tenant: TenantID, _ document: JSONValue?, now: Int64) async throws {
        try await connection.execute("DELETE FROM tenant_bank_details WHERE tenant_id = ?", tenant.rawValue)
        guard let document else { return }
        try await connection.execute("""
        INSERT INTO tenant_bank_details (tenant_id, document, updated_at) VALUES (?, \(dialect.jsonParameter), ?)
        """, tenant.rawValue, JSONWriter.string(document), now)
    }

    /// Stores the payer's bank account of a new payment.
    public func insertPaymentBankAccount(_ account: StoredBankAccount, now: Int64) async throws {
        try await connection.execute("""
        INSERT INTO payment_bank_accounts (payment_id, tenant_id, kind, document, created_at) VALUES (?, ?, ?, \(dialect.jsonParameter), ?)
        """, account.paymentID.rawValue, account.tenantID.rawValue, account.kind, JSONWriter.string(account.document), now)
    }

    /// The payer's bank account of a payment, whichever tenant's it is (payment ids are unique).
    public func paymentBankAccount(_ payment: PaymentID) async throws -> StoredBankAccount? {
        try await connection.query("""
        SELECT payment_id, tenant_id, kind, \(dialect.jsonColumn("document")) FROM payment_bank_accounts WHERE payment_id = ?
        """, payment.rawValue).first.map { row in
            StoredBankAccount(paymentID: PaymentID(rawValue: try row.text("payment_id")), tenantID: TenantID(rawValue: try row.text("tenant_id")),
                              kind: try row.text("kind"), document: try StoredJSON.parse(try row.text("document")))
        }
    }

    /// Stores a rail file and returns it. Callers look for the file of the idempotency key first
    /// (`railFile(idempotencyKey:)`), in the same transaction, so as not to build it twice; the
    /// unique key refuses a second file should two transactions race.
    public func insertRailFile(_ file: StoredRailFile) async throws -> StoredRailFile {
        try await connection.execute("""
        INSERT INTO rail_files (id, tenant_id, rail, payment_id, idempotency_key, format, content, reference, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, file.id, file.tenantID.rawValue, file.rail, file.paymentID.rawValue, file.idempotencyKey, file.format, file.content,
             file.reference, file.createdAt)
        return file
    }

    /// The rail file written under `idempotencyKey`.
    public func railFile(idempotencyKey: String) async throws -> StoredRailFile? {
        try await connection.query("SELECT \(Self.railFileColumns) FROM rail_files WHERE idempotency_key = ?", idempotencyKey)
            .first.map(decodeRailFile)
    }

    /// The tenant's rail file with `id`.
    public func railFile(_ id: String, tenant: TenantID) async throws -> StoredRailFile? {
        try await connection.query("SELECT \(Self.railFileColumns) FROM rail_files WHERE id = ? AND tenant_id = ?", id, tenant.rawValue)
            .first.map(decodeRailFile)
    }

    /// The tenant's rail file of `rail` whose entry has `reference` (a trace number or end-to-end id).
    public func railFile(rail: String, reference: String, tenant: TenantID) async throws -> StoredRailFile? {
        try await connection.query("""
        SELECT \(Self.railFileColumns) FROM rail_files WHERE tenant_id = ? AND rail = ? AND reference = ?
        """, tenant.rawValue, rail, reference).first.map(decodeRailFile)
    }

    /// How many files of `rail` the tenant has: the next ACH trace sequence is one more.
    public func railFileCount(rail: String, tenant: TenantID) async throws -> Int64 {
        try await connection.query("""
        SELECT CAST(COUNT(*) AS BIGINT) AS total FROM rail_files WHERE tenant_id = ? AND rail = ?
        """, tenant.rawValue, rail).first?.int("total") ?? 0
    }

    /// One page of the tenant's rail files, newest first, optionally of one payment.
    public func railFiles(tenant: TenantID, paymentID: PaymentID?, page: PageRequest) async throws -> Page<StoredRailFile> {
        var sql = "SELECT \(Self.railFileColumns) FROM rail_files WHERE tenant_id = ?"
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        if let paymentID {
            sql += " AND payment_id = ?"
            binds.append(.text(paymentID.rawValue))
        }
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodeRailFile)
    }

    /// Records an imported ACH return; false when its original trace number was imported before.
    public func insertACHReturn(tenant: TenantID, originalTrace: String, payment: PaymentID, reasonCode: String, now: Int64) async throws -> Bool {
        let seen = try await connection.query("SELECT payment_id FROM ach_returns WHERE tenant_id = ? AND original_trace = ?",
                                              tenant.rawValue, originalTrace)
        guard seen.isEmpty else { return false }
        try await connection.execute("""
        INSERT INTO ach_returns (tenant_id, original_trace, payment_id, reason_code, created_at) VALUES (?, ?, ?, ?, ?)
        """, tenant.rawValue, originalTrace, payment.rawValue, reasonCode, now)
        return true
    }

    /// Takes a returned payment's amount off its invoice, which is open again if it was paid.
    public func reverseInvoicePayment(_ invoice: InvoiceID, tenant: TenantID, amount: Int64, now: Int64) async throws {
        try await connection.execute("""
        UPDATE invoices SET amount_paid = amount_paid - ?, updated_at = ?,
            status = CASE WHEN status = 'paid' THEN 'open' ELSE status END
        WHERE id = ? AND tenant_id = ?
        """, amount, now, invoice.rawValue, tenant.rawValue)
    }

    /// Whether the bank statement confirmed a payment's settlement in the ledger already.
    public func hasBankConfirmation(_ payment: PaymentID, tenant: TenantID) async throws -> Bool {
        // A prefix compared as text, not a LIKE pattern: the `_` in ids is no wildcard.
        let prefix = PostingRules.bankSettledClientIDPrefix(payment: payment)
        return try await !connection.query("SELECT id FROM ledger_transfers WHERE tenant_id = ? AND substr(client_id, 1, length(?)) = ?",
                                           tenant.rawValue, prefix, prefix).isEmpty
    }

    private func decodeRailFile(_ row: SQLRow) throws -> StoredRailFile {
        StoredRailFile(id: try row.text("id"), tenantID: TenantID(rawValue: try row.text("tenant_id")), rail: try row.text("rail"),
                       paymentID: PaymentID(rawValue: try row.text("payment_id")), idempotencyKey: try row.text("idempotency_key"),
                       format: try row.text("format"), content: try row.text("content"), reference: try row.text("reference"),
                       createdAt: try row.int("created_at"))
    }
}
