import RemitCore

/// One version of a tenant's checkout policy, as saved.
public struct StoredPolicyVersion: Sendable, Equatable {
    public var version: Int
    public var document: JSONValue
    public var createdAt: Int64

    /// Creates a stored version.
    public init(version: Int, document: JSONValue, createdAt: Int64) {
        self.version = version
        self.document = document
        self.createdAt = createdAt
    }
}

/// A checkout session: an invoice offered to its buyer, with the decision made for it.
public struct StoredCheckoutSession: Sendable, Equatable {
    /// Where a session is.
    public enum Status: String, Sendable {
        case open, confirmed, expired
    }

    public var id: String
    public var tenantID: TenantID
    public var invoiceID: InvoiceID
    public var buyerID: BuyerID
    /// The policy version decided with; 0 for the built-in default.
    public var policyVersion: Int
    public var amount: Int64
    public var status: Status
    /// The decision as the tenant sees it (hidden methods included, with reasons).
    public var decision: JSONValue
    /// The buyer context the decision was made on, to notice when it changed.
    public var context: JSONValue
    public var expiresAt: Int64
    public var paymentID: PaymentID?
    public var createdAt: Int64
    public var updatedAt: Int64

    /// Creates a session record.
    public init(id: String, tenantID: TenantID, invoiceID: InvoiceID, buyerID: BuyerID, policyVersion: Int, amount: Int64, status: Status,
                decision: JSONValue, context: JSONValue, expiresAt: Int64, paymentID: PaymentID? = nil, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.invoiceID = invoiceID
        self.buyerID = buyerID
        self.policyVersion = policyVersion
        self.amount = amount
        self.status = status
        self.decision = decision
        self.context = context
        self.expiresAt = expiresAt
        self.paymentID = paymentID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension StoreTransaction {
    /// Saves a new version of the tenant's checkout policy: the latest plus one (1 for the first).
    public func insertPolicyVersion(tenant: TenantID, document: JSONValue, now: Int64) async throws -> StoredPolicyVersion {
        let latest = try await connection.query("SELECT COALESCE(MAX(version), 0) AS latest FROM checkout_policies WHERE tenant_id = ?",
                                                tenant.rawValue).first?.int("latest") ?? 0
        let version = StoredPolicyVersion(version: Int(latest) + 1, document: document, createdAt: now)
        try await connection.execute("""
        INSERT INTO checkout_policies (tenant_id, version, document, created_at) VALUES (?, ?, \(dialect.jsonParameter), ?)
        """, tenant.rawValue, Int64(version.version), JSONWriter.string(document), now)
        return version
    }

    /// The tenant's policy versions, newest first, at most `limit`.
    public func policyVersions(tenant: TenantID, limit: Int) async throws -> [StoredPolicyVersion] {
        try await connection.query("""
        SELECT version, \(dialect.jsonColumn("document")), created_at FROM checkout_policies WHERE tenant_id = ? ORDER BY version DESC LIMIT ?
        """, tenant.rawValue, limit).map { row in
            StoredPolicyVersion(version: Int(try row.int("version")), document: try StoredJSON.parse(try row.text("document")),
                                createdAt: try row.int("created_at"))
        }
    }

    /// Stores a new session.
    public func insertCheckoutSession(_ session: StoredCheckoutSession) async throws {
        try await connection.execute("""
        INSERT INTO checkout_sessions (id, tenant_id, invoice_id, buyer_id, policy_version, amount, status, decision, context, expires_at,
            payment_id, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, \(dialect.jsonParameter), \(dialect.jsonParameter), ?, ?, ?, ?)
        """, [.text(session.id), .text(session.tenantID.rawValue), .text(session.invoiceID.rawValue), .text(session.buyerID.rawValue),
              .integer(Int64(session.policyVersion)), .integer(session.amount), .text(session.status.rawValue),
              .text(JSONWriter.string(session.decision)), .text(JSONWriter.string(session.context)), .integer(session.expiresAt),
              session.paymentID.map { .text($0.rawValue) } ?? .null, .integer(session.createdAt), .integer(session.updatedAt)])
    }

    /// Saves a session's new decision, context, status and payment.
    public func updateCheckoutSession(_ session: StoredCheckoutSession) async throws {
        try await connection.execute("""
        UPDATE checkout_sessions SET policy_version = ?, status = ?, decision = \(dialect.jsonParameter), context = \(dialect.jsonParameter),
            payment_id = ?, updated_at = ? WHERE id = ? AND tenant_id = ?
        """, [.integer(Int64(session.policyVersion)), .text(session.status.rawValue), .text(JSONWriter.string(session.decision)),
              .text(JSONWriter.string(session.context)), session.paymentID.map { .text($0.rawValue) } ?? .null, .integer(session.updatedAt),
              .text(session.id), .text(session.tenantID.rawValue)])
    }

    /// The session `id`, of `tenant` when given (the buyer's page knows only the id). With
    /// `locking`, PostgreSQL locks the row until the transaction ends, so two confirmations of
    /// one session serialise (SQLite's single writer already does).
    public func checkoutSession(_ id: String, tenant: TenantID?, locking: Bool = false) async throws -> StoredCheckoutSession? {
        var sql = """
        SELECT id, tenant_id, invoice_id, buyer_id, policy_version, amount, status, \(dialect.jsonColumn("decision")), \(dialect.jsonColumn("context")),
            expires_at, payment_id, created_at, updated_at FROM checkout_sessions WHERE id = ?
        """
        var binds: [SQLValue] = [.text(id)]
        if let tenant {
            sql += " AND tenant_id = ?"
            binds.append(.text(tenant.rawValue))
        }
        if locking, dialect == .postgres { sql += " FOR UPDATE" }
        return try await connection.query(sql, binds).first.map { row in
            guard let status = StoredCheckoutSession.Status(rawValue: try row.text("status")) else { throw StoreError.corrupt("session status") }
            return StoredCheckoutSession(
                id: try row.text("id"), tenantID: TenantID(rawValue: try row.text("tenant_id")), invoiceID: InvoiceID(rawValue: try row.text("invoice_id")),
                buyerID: BuyerID(rawValue: try row.text("buyer_id")), policyVersion: Int(try row.int("policy_version")), amount: try row.int("amount"),
                status: status, decision: try StoredJSON.parse(try row.text("decision")), context: try StoredJSON.parse(try row.text("context")),
                expiresAt: try row.int("expires_at"), paymentID: try row.optionalText("payment_id").map(PaymentID.init(rawValue:)),
                createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
        }
    }

    /// The ids of the buyer's open sessions, at most `limit`: a signal about the buyer re-decides them.
    public func openCheckoutSessionIDs(buyer: BuyerID, tenant: TenantID, limit: Int) async throws -> [String] {
        try await connection.query("""
        SELECT id FROM checkout_sessions WHERE tenant_id = ? AND buyer_id = ? AND status = 'open' ORDER BY seq DESC LIMIT ?
        """, tenant.rawValue, buyer.rawValue, limit).map { try $0.text("id") }
    }
}
