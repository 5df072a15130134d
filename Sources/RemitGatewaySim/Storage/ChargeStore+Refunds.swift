import GRDB
import RemitCore

/// What a refund request found in the store.
enum RefundAttempt: Sendable {
    /// A new refund was committed; `body` is its answer.
    case created(body: String)
    /// The key already had a refund for the same request; `body` is the first answer.
    case replayed(body: String)
    /// The key already had a refund for a different request.
    case keyReused
    /// The charge does not exist or did not succeed.
    case chargeNotRefundable
    /// The amount is more than what is left of the charge; `remaining` minor units are.
    case amountTooLarge(remaining: Int64)
}

extension ChargeStore {
    /// Refunds `amount` of `chargeID` once per `key`, in one transaction: the writer is serial,
    /// so two refunds of one charge can never together exceed it.
    func refund(chargeID: String, amount: Int64, key: String, nowMilliseconds: Int64) async throws -> RefundAttempt {
        let fingerprint = "\(chargeID):\(amount)"
        return try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT request, body FROM refunds WHERE idempotency_key = ?", arguments: [key]) {
                let stored: String = row["request"]
                return stored == fingerprint ? .replayed(body: row["body"]) : .keyReused
            }
            guard let charged = try Int64.fetchOne(db, sql: "SELECT amount FROM charges WHERE id = ? AND status = 'succeeded'",
                                                   arguments: [chargeID]) else { return .chargeNotRefundable }
            let refunded = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE charge_id = ?", arguments: [chargeID]) ?? 0
            guard amount <= charged - refunded else { return .amountTooLarge(remaining: charged - refunded) }
            let id = "rf_" + String(key.utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }, radix: 36)
            let body = JSONWriter.string(.object([
                ("id", .string(id)), ("object", .string("refund")), ("status", .string("succeeded")), ("charge_id", .string(chargeID)),
                ("amount", .int(amount)), ("idempotency_key", .string(key)), ("rail_reference", .string(id)),
                ("created_at", .string(Timestamp.rfc3339(milliseconds: nowMilliseconds))),
            ]))
            try db.execute(sql: """
                INSERT INTO refunds (id, idempotency_key, request, charge_id, amount, created_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, key, fingerprint, chargeID, amount, nowMilliseconds, body])
            return .created(body: body)
        }
    }
}
