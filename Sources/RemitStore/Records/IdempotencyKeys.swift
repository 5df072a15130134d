import RemitCore

extension StoreTransaction {
    /// The record for `key`, expired or not.
    public func idempotencyRecord(tenant: TenantID, key: String) async throws -> IdempotencyRecord? {
        let rows = try await connection.query("""
        SELECT state, request_hash, lock_token, locked_until, response_status, \(dialect.jsonColumn("response_headers")),
            response_body, created_at, expires_at
        FROM idempotency_keys WHERE tenant_id = ? AND idempotency_key = ?
        """, tenant.rawValue, key)
        return try rows.first.map { row in
            guard let state = IdempotencyRecord.State(rawValue: try row.text("state")) else { throw StoreError.corrupt("idempotency state") }
            var response: StoredResponse?
            if let status = try row.optionalInt("response_status") {
                var headers: [String: String] = [:]
                for (name, value) in try StoredJSON.members(try row.optionalText("response_headers") ?? "{}") {
                    headers[name] = value.stringValue
                }
                response = StoredResponse(status: Int(status), headers: headers, body: try row.blob("response_body"))
            }
            return IdempotencyRecord(state: state, requestHash: try row.text("request_hash"), lockToken: try row.text("lock_token"),
                                     lockedUntil: try row.int("locked_until"), response: response,
                                     createdAt: try row.int("created_at"), expiresAt: try row.int("expires_at"))
        }
    }

    /// Inserts a processing claim; false when another request inserted one first.
    public func insertIdempotencyClaim(tenant: TenantID, key: String, record: IdempotencyRecord) async throws -> Bool {
        try await connection.execute("""
        INSERT INTO idempotency_keys (tenant_id, idempotency_key, request_hash, state, lock_token, locked_until, created_at, expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
        """, tenant.rawValue, key, record.requestHash, record.state.rawValue, record.lockToken, record.lockedUntil,
            record.createdAt, record.expiresAt) == 1
    }

    /// Replaces a dead claim or an expired record, only if it still has `previousToken`.
    public func replaceIdempotencyClaim(tenant: TenantID, key: String, previousToken: String, record: IdempotencyRecord) async throws -> Bool {
        try await connection.execute("""
        UPDATE idempotency_keys SET request_hash = ?, state = ?, lock_token = ?, locked_until = ?, response_status = NULL,
            response_headers = NULL, response_body = NULL, created_at = ?, expires_at = ?
        WHERE tenant_id = ? AND idempotency_key = ? AND lock_token = ?
        """, record.requestHash, record.state.rawValue, record.lockToken, record.lockedUntil, record.createdAt, record.expiresAt,
            tenant.rawValue, key, previousToken) == 1
    }

    /// Marks the claim completed with its response, in the transaction of the effect. False
    /// when the claim was lost (taken over after its lock expired): the caller must roll back.
    public func completeIdempotencyClaim(tenant: TenantID, key: String, lockToken: String, response: StoredResponse) async throws -> Bool {
        let headers = JSONValue.object(response.headers.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        return try await connection.execute("""
        UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_headers = \(dialect.jsonParameter), response_body = ?
        WHERE tenant_id = ? AND idempotency_key = ? AND lock_token = ? AND state = 'processing'
        """, response.status, JSONWriter.string(headers), response.body, tenant.rawValue, key, lockToken) == 1
    }

    /// Removes a claim whose request failed without an effect, so the key can be used again.
    public func releaseIdempotencyClaim(tenant: TenantID, key: String, lockToken: String) async throws {
        try await connection.execute("""
        DELETE FROM idempotency_keys WHERE tenant_id = ? AND idempotency_key = ? AND lock_token = ? AND state = 'processing'
        """, tenant.rawValue, key, lockToken)
    }

    /// Deletes up to `limit` records that expired before `now`; returns how many.
    public func purgeExpiredIdempotencyKeys(now: Int64, limit: Int) async throws -> Int {
        try await connection.execute("""
        DELETE FROM idempotency_keys WHERE (tenant_id, idempotency_key) IN (
            SELECT tenant_id, idempotency_key FROM idempotency_keys WHERE expires_at <= ? LIMIT ?)
        """, now, limit)
    }
}
