import RemitCore

extension StoreTransaction {
    private static let refundColumns = """
    seq, id, tenant_id, payment_id, amount, currency, status, reason, rail, rail_reference, failure_reason, attempts, created_at, updated_at
    """

    /// Stores a new refund; a pending one may be asked of its rail from `nextAttemptAt` on.
    public func insertRefund(_ refund: Refund, nextAttemptAt: Int64?) async throws {
        try await connection.execute("""
        INSERT INTO refunds (id, tenant_id, payment_id, amount, currency, status, reason, rail, rail_reference, failure_reason, attempts,
            next_attempt_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, [.text(refund.id.rawValue), .text(refund.tenantID.rawValue), .text(refund.paymentID.rawValue), .integer(refund.amount),
              .text(refund.currency.code), .text(refund.status.rawValue), refund.reason.sqlValue, refund.rail.sqlValue,
              refund.railReference.sqlValue, refund.failureReason.sqlValue, .integer(Int64(refund.attempts)), nextAttemptAt.sqlValue,
              .integer(refund.createdAt), .integer(refund.updatedAt)])
    }

    /// The tenant's refund `id`; with `locking`, PostgreSQL locks the row until the transaction ends.
    public func refund(_ id: RefundID, tenant: TenantID, locking: Bool = false) async throws -> Refund? {
        var sql = "SELECT \(Self.refundColumns) FROM refunds WHERE id = ? AND tenant_id = ?"
        if locking, dialect == .postgres { sql += " FOR UPDATE" }
        return try await connection.query(sql, id.rawValue, tenant.rawValue).first.map(decodeRefund)
    }

    /// One page of the refunds of the tenant's payment, newest first.
    public func refunds(payment: PaymentID, tenant: TenantID, page: PageRequest) async throws -> Page<Refund> {
        var sql = "SELECT \(Self.refundColumns) FROM refunds WHERE tenant_id = ? AND payment_id = ?"
        var binds: [SQLValue] = [.text(tenant.rawValue), .text(payment.rawValue)]
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodeRefund)
    }

    /// How much of the payment is refunded or being refunded (pending and succeeded refunds),
    /// and how many refunds it has in any state.
    public func refundTotals(payment: PaymentID, tenant: TenantID) async throws -> (committed: Int64, succeeded: Int64, count: Int64) {
        let row = try await connection.query("""
        SELECT CAST(COALESCE(SUM(CASE WHEN status IN ('pending', 'succeeded') THEN amount ELSE 0 END), 0) AS BIGINT) AS committed,
               CAST(COALESCE(SUM(CASE WHEN status = 'succeeded' THEN amount ELSE 0 END), 0) AS BIGINT) AS succeeded,
               CAST(COUNT(*) AS BIGINT) AS total
        FROM refunds WHERE tenant_id = ? AND payment_id = ?
        """, tenant.rawValue, payment.rawValue).first
        return (try row?.int("committed") ?? 0, try row?.int("succeeded") ?? 0, try row?.int("total") ?? 0)
    }

    /// Locks the tenant's payment row on PostgreSQL until the transaction ends, so two refunds
    /// of one payment are decided one after the other (SQLite has one writer and needs no lock).
    /// False when the tenant has no such payment.
    public func lockPayment(_ id: PaymentID, tenant: TenantID) async throws -> Bool {
        let sql = "SELECT id FROM payments WHERE id = ? AND tenant_id = ?" + (dialect == .postgres ? " FOR UPDATE" : "")
        return try await !connection.query(sql, id.rawValue, tenant.rawValue).isEmpty
    }

    /// Whether any pending refund is due: a read, so an idle processor never takes the writer.
    public func hasDueRefunds(now: Int64) async throws -> Bool {
        try await !connection.query("SELECT id FROM refunds WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1", now).isEmpty
    }

    /// Claims up to `limit` pending refunds (any tenant) whose next attempt is due, oldest
    /// first, moving their next attempt to `leaseUntil` so no other node takes them meanwhile.
    public func claimDueRefunds(now: Int64, leaseUntil: Int64, limit: Int) async throws -> [Refund] {
        var sql = """
        SELECT \(Self.refundColumns) FROM refunds WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?
        """
        if dialect == .postgres { sql += " FOR UPDATE SKIP LOCKED" }
        let due = try await connection.query(sql, now, Int64(limit)).map(decodeRefund)
        for refund in due {
            try await connection.execute("UPDATE refunds SET next_attempt_at = ?, attempts = attempts + 1 WHERE id = ?",
                                         leaseUntil, refund.id.rawValue)
        }
        return due.map { var claimed = $0; claimed.attempts += 1; return claimed }
    }

    /// Ends a pending refund as succeeded or failed; false when it was not pending any more
    /// (another node recorded the outcome first), in which case nothing changed.
    public func finishRefund(_ id: RefundID, tenant: TenantID, status: Refund.Status, railReference: String?, failureReason: String?,
                             now: Int64) async throws -> Bool {
        precondition(status != .pending, "a refund is finished as succeeded or failed")
        let changed = try await connection.execute("""
        UPDATE refunds SET status = ?, rail_reference = ?, failure_reason = ?, next_attempt_at = NULL, updated_at = ?
        WHERE id = ? AND tenant_id = ? AND status = 'pending'
        """, [.text(status.rawValue), railReference.sqlValue, failureReason.sqlValue, .integer(now), .text(id.rawValue), .text(tenant.rawValue)])
        return changed > 0
    }

    /// Marks a succeeded refund `returned` with `reason`; false when it was not `succeeded`
    /// (returned already), in which case nothing changed.
    public func markRefundReturned(_ id: RefundID, tenant: TenantID, reason: String, now: Int64) async throws -> Bool {
        try await connection.execute("""
        UPDATE refunds SET status = 'returned', failure_reason = ?, updated_at = ? WHERE id = ? AND tenant_id = ? AND status = 'succeeded'
        """, reason, now, id.rawValue, tenant.rawValue) > 0
    }

    /// Moves a pending refund's next attempt (after an unknown answer).
    public func deferRefund(_ id: RefundID, until: Int64, now: Int64) async throws {
        try await connection.execute("UPDATE refunds SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
                                     until, now, id.rawValue)
    }

    private func decodeRefund(_ row: SQLRow) throws -> Refund {
        guard let status = Refund.Status(rawValue: try row.text("status")) else { throw StoreError.corrupt("refund status") }
        return Refund(id: RefundID(rawValue: try row.text("id")), tenantID: TenantID(rawValue: try row.text("tenant_id")),
                      paymentID: PaymentID(rawValue: try row.text("payment_id")), amount: try row.int("amount"),
                      currency: try Currency(code: try row.text("currency")), status: status, reason: try row.optionalText("reason"),
                      rail: try row.optionalText("rail"), railReference: try row.optionalText("rail_reference"),
                      failureReason: try row.optionalText("failure_reason"), attempts: Int(try row.int("attempts")),
                      createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
    }
}
