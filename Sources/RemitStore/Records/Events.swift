import RemitCore

/// Something that happened to a tenant's payments, as the event log and webhooks show it.
public struct StoredEvent: Sendable, Equatable {
    public var id: String
    public var tenantID: TenantID
    /// `payment.created`, `approval.requested`, `payment.settled`, `run.failed`, …
    public var type: String
    public var payload: JSONValue
    public var createdAt: Int64

    /// Creates an event.
    public init(id: String, tenantID: TenantID, type: String, payload: JSONValue, createdAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
    }
}

extension StoredEvent: JSONRepresentable {
    /// The event as the API and webhooks show it.
    public var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("object", .string("event")),
            ("type", .string(type)),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: createdAt))),
            ("data", payload),
        ])
    }
}

extension StoreTransaction {
    /// Appends an event to the tenant's log.
    public func insertEvent(_ event: StoredEvent) async throws {
        try await write("""
        INSERT INTO events (id, tenant_id, type, payload, created_at) VALUES (?, ?, ?, \(dialect.jsonParameter), ?)
        """, event.id, event.tenantID.rawValue, event.type, JSONWriter.string(event.payload), event.createdAt)
    }

    /// One page of the tenant's events, newest first, optionally of one type.
    public func events(tenant: TenantID, type: String?, page: PageRequest) async throws -> Page<StoredEvent> {
        var sql = "SELECT seq, id, tenant_id, type, \(dialect.jsonColumn("payload")), created_at FROM events WHERE tenant_id = ?"
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        if let type {
            sql += " AND type = ?"
            binds.append(.text(type))
        }
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        return try await self.page(sql, binds, page) { row in
            StoredEvent(id: try row.text("id"), tenantID: TenantID(rawValue: try row.text("tenant_id")), type: try row.text("type"),
                        payload: try StoredJSON.parse(try row.text("payload")), createdAt: try row.int("created_at"))
        }
    }
}
