import RemitCore

/// A system that may send a tenant's signals (an ERP, a procurement tool), with the Standard
/// Webhooks secret its messages are signed with, and the previous secret while it is still
/// accepted after a rotation.
public struct StoredSignalSource: Sendable, Equatable {
    public var id: String
    public var tenantID: TenantID
    public var name: String
    public var secret: String
    public var previousSecret: String?
    /// Until when (milliseconds) the previous secret is accepted.
    public var previousSecretUntil: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64

    /// Creates a source.
    public init(id: String, tenantID: TenantID, name: String, secret: String, previousSecret: String? = nil,
                previousSecretUntil: Int64? = nil, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousSecretUntil = previousSecretUntil
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The secrets accepted at `now`: the current one, and the previous one until it expires.
    public func acceptedSecrets(now: Int64) -> [String] {
        guard let previousSecret, let until = previousSecretUntil, now < until else { return [secret] }
        return [secret, previousSecret]
    }
}

/// A signal as it arrived, with what applying it changed.
public struct StoredSignal: Sendable, Equatable {
    /// What Remit did with a signal.
    public enum Status: String, Sendable {
        /// Its type is known and it was applied.
        case applied
        /// Its type is unknown: kept, not applied.
        case ignored
    }

    public var id: String
    public var tenantID: TenantID
    public var sourceID: String
    /// The sender's `webhook-id`, unique per source: a repeat is answered, not applied.
    public var webhookID: String
    public var type: String
    public var buyerID: String?
    public var data: JSONValue
    public var status: Status
    /// What applying it changed: runs woken, buyer facts updated.
    public var changes: JSONValue
    /// The sender's `webhook-timestamp`, in milliseconds.
    public var sentAt: Int64
    public var receivedAt: Int64

    /// Creates a signal record.
    public init(id: String, tenantID: TenantID, sourceID: String, webhookID: String, type: String, buyerID: String?, data: JSONValue,
                status: Status, changes: JSONValue, sentAt: Int64, receivedAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.sourceID = sourceID
        self.webhookID = webhookID
        self.type = type
        self.buyerID = buyerID
        self.data = data
        self.status = status
        self.changes = changes
        self.sentAt = sentAt
        self.receivedAt = receivedAt
    }
}

extension StoredSignal: JSONRepresentable {
    /// The signal as the API shows it.
    public var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("object", .string("signal")),
            ("source_id", .string(sourceID)),
            ("webhook_id", .string(webhookID)),
            ("type", .string(type)),
            ("buyer_id", .optional(buyerID)),
            ("data", data),
            ("status", .string(status.rawValue)),
            ("changes", changes),
            ("sent_at", .string(Timestamp.rfc3339(milliseconds: sentAt))),
            ("received_at", .string(Timestamp.rfc3339(milliseconds: receivedAt))),
        ])
    }
}

extension StoreTransaction {
    /// Stores a new signal source.
    public func insertSignalSource(_ source: StoredSignalSource) async throws {
        try await connection.execute("""
        INSERT INTO signal_sources (id, tenant_id, name, secret, previous_secret, previous_secret_until, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """, [.text(source.id), .text(source.tenantID.rawValue), .text(source.name), .text(source.secret),
              source.previousSecret.sqlValue, source.previousSecretUntil.sqlValue, .integer(source.createdAt), .integer(source.updatedAt)])
    }

    /// Saves a source's secrets after a rotation.
    public func updateSignalSourceSecrets(_ source: StoredSignalSource) async throws {
        try await connection.execute("""
        UPDATE signal_sources SET secret = ?, previous_secret = ?, previous_secret_until = ?, updated_at = ? WHERE id = ? AND tenant_id = ?
        """, [.text(source.secret), source.previousSecret.sqlValue, source.previousSecretUntil.sqlValue, .integer(source.updatedAt),
              .text(source.id), .text(source.tenantID.rawValue)])
    }

    /// The source with `id`: for `tenant` when given, or whichever tenant's it is (an inbound
    /// signal names only its source).
    public func signalSource(_ id: String, tenant: TenantID?) async throws -> StoredSignalSource? {
        var sql = """
        SELECT id, tenant_id, name, secret, previous_secret, previous_secret_until, created_at, updated_at FROM signal_sources WHERE id = ?
        """
        var binds: [SQLValue] = [.text(id)]
        if let tenant {
            sql += " AND tenant_id = ?"
            binds.append(.text(tenant.rawValue))
        }
        return try await connection.query(sql, binds).first.map { row in
            StoredSignalSource(id: try row.text("id"), tenantID: TenantID(rawValue: try row.text("tenant_id")), name: try row.text("name"),
                               secret: try row.text("secret"), previousSecret: try row.optionalText("previous_secret"),
                               previousSecretUntil: try row.optionalInt("previous_secret_until"),
                               createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
        }
    }

    /// Stores a signal; `StoreError.duplicate` when its source already sent that `webhook-id`.
    public func insertSignal(_ signal: StoredSignal) async throws {
        try await connection.execute("""
        INSERT INTO signals (id, tenant_id, source_id, webhook_id, type, buyer_id, data, status, changes, sent_at, received_at)
        VALUES (?, ?, ?, ?, ?, ?, \(dialect.jsonParameter), ?, \(dialect.jsonParameter), ?, ?)
        """, [.text(signal.id), .text(signal.tenantID.rawValue), .text(signal.sourceID), .text(signal.webhookID), .text(signal.type),
              signal.buyerID.sqlValue, .text(JSONWriter.string(signal.data)), .text(signal.status.rawValue),
              .text(JSONWriter.string(signal.changes)), .integer(signal.sentAt), .integer(signal.receivedAt)])
    }

    /// Records what applying signal `id` changed.
    public func setSignalChanges(_ id: String, changes: JSONValue) async throws {
        try await connection.execute("UPDATE signals SET changes = \(dialect.jsonParameter) WHERE id = ?", JSONWriter.string(changes), id)
    }

    /// The signal `webhookID` from `sourceID`, if it arrived before.
    public func signal(source sourceID: String, webhookID: String) async throws -> StoredSignal? {
        try await connection.query("SELECT \(signalColumns) FROM signals WHERE source_id = ? AND webhook_id = ?", sourceID, webhookID)
            .first.map(decodeSignal)
    }

    /// One page of the tenant's signals, newest first, optionally about one buyer.
    public func signals(tenant: TenantID, buyerID: String?, page: PageRequest) async throws -> Page<StoredSignal> {
        var sql = "SELECT seq, \(signalColumns) FROM signals WHERE tenant_id = ?"
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        if let buyerID {
            sql += " AND buyer_id = ?"
            binds.append(.text(buyerID))
        }
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodeSignal)
    }

    private var signalColumns: String {
        "id, tenant_id, source_id, webhook_id, type, buyer_id, \(dialect.jsonColumn("data")), status, \(dialect.jsonColumn("changes")), sent_at, received_at"
    }

    private func decodeSignal(_ row: SQLRow) throws -> StoredSignal {
        guard let status = StoredSignal.Status(rawValue: try row.text("status")) else { throw StoreError.corrupt("signal status") }
        return StoredSignal(id: try row.text("id"), tenantID: TenantID(rawValue: try row.text("tenant_id")), sourceID: try row.text("source_id"),
                            webhookID: try row.text("webhook_id"), type: try row.text("type"), buyerID: try row.optionalText("buyer_id"),
                            data: try StoredJSON.parse(try row.text("data")), status: status,
                            changes: try StoredJSON.parse(try row.text("changes")), sentAt: try row.int("sent_at"),
                            receivedAt: try row.int("received_at"))
    }
}
