import RemitCore

/// A message waiting to leave Remit: a Slack post, a webhook event, an email.
public struct OutboxMessage: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Waiting for its next attempt.
        case pending
        /// Delivered (or, for email, recorded as sent).
        case delivered
        /// Gave up: a permanent refusal or too many attempts; the reason is in `lastError`.
        case failed
    }

    public var id: String
    public var tenantID: TenantID
    /// `slack`, `webhook` or `email`.
    public var channel: String
    /// Where it goes: a URL, or the recipients of an email.
    public var destination: String?
    /// Stable per effect (`<runID>:<nodeID>:<visit>`, or the event id): written once.
    public var idempotencyKey: String
    public var payload: JSONValue
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Int64?
    public var lastError: String?
    public var createdAt: Int64
    public var deliveredAt: Int64?

    /// Creates a message.
    public init(id: String, tenantID: TenantID, channel: String, destination: String?, idempotencyKey: String, payload: JSONValue,
                status: Status = .pending, attempts: Int = 0, nextAttemptAt: Int64?, lastError: String? = nil, createdAt: Int64,
                deliveredAt: Int64? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.channel = channel
        self.destination = destination
        self.idempotencyKey = idempotencyKey
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

extension StoreTransaction {
    private static let outboxColumns = """
    id, tenant_id, channel, destination, idempotency_key, status, attempts, next_attempt_at, last_error, created_at, delivered_at
    """

    /// Queues a message once per idempotency key.
    public func enqueue(_ message: OutboxMessage) async throws {
        try await write("""
        INSERT INTO outbox (id, tenant_id, channel, destination, idempotency_key, payload, status, attempts, next_attempt_at, last_error,
            created_at, delivered_at)
        VALUES (?, ?, ?, ?, ?, \(dialect.jsonParameter), ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
        """, [.text(message.id), .text(message.tenantID.rawValue), .text(message.channel), message.destination.sqlValue,
              .text(message.idempotencyKey), .text(JSONWriter.string(message.payload)), .text(message.status.rawValue),
              .integer(Int64(message.attempts)), message.nextAttemptAt.sqlValue, message.lastError.sqlValue,
              .integer(message.createdAt), message.deliveredAt.sqlValue])
    }

    /// Messages due for an attempt, oldest first.
    public func dueOutboxMessages(now: Int64, limit: Int) async throws -> [OutboxMessage] {
        try await connection.query("""
        SELECT \(Self.outboxColumns), \(dialect.jsonColumn("payload")) FROM outbox
        WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?
        """, now, limit).map(decodeOutbox)
    }

    /// The tenant's messages (for tests and operators), newest first.
    public func outboxMessages(tenant: TenantID, limit: Int) async throws -> [OutboxMessage] {
        try await connection.query("""
        SELECT \(Self.outboxColumns), \(dialect.jsonColumn("payload")) FROM outbox WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?
        """, tenant.rawValue, limit).map(decodeOutbox)
    }

    /// Records an attempt's result; a message is updated only while still pending, so two
    /// dispatchers cannot both finish it.
    public func recordOutboxAttempt(_ id: String, status: OutboxMessage.Status, attempts: Int, nextAttemptAt: Int64?, error: String?,
                                    deliveredAt: Int64?) async throws {
        try await connection.execute("""
        UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, delivered_at = ? WHERE id = ? AND status = 'pending'
        """, status.rawValue, attempts, nextAttemptAt, error, deliveredAt, id)
    }

    /// Pushes a due message's next attempt out, claiming it for one dispatcher for a while.
    public func claimOutboxMessage(_ id: String, until: Int64, now: Int64) async throws -> Bool {
        try await connection.execute("""
        UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?
        """, until, id, now) == 1
    }

    private func decodeOutbox(_ row: SQLRow) throws -> OutboxMessage {
        guard let status = OutboxMessage.Status(rawValue: try row.text("status")) else { throw StoreError.corrupt("outbox status") }
        return OutboxMessage(id: try row.text("id"), tenantID: TenantID(rawValue: try row.text("tenant_id")), channel: try row.text("channel"),
                             destination: try row.optionalText("destination"), idempotencyKey: try row.text("idempotency_key"),
                             payload: try StoredJSON.parse(try row.text("payload")), status: status, attempts: Int(try row.int("attempts")),
                             nextAttemptAt: try row.optionalInt("next_attempt_at"), lastError: try row.optionalText("last_error"),
                             createdAt: try row.int("created_at"), deliveredAt: try row.optionalInt("delivered_at"))
    }
}
