extension Migrations {
    /// Refunds: one row per refund of a settled payment. `next_attempt_at` is when the refund
    /// processor may ask the rail (again); claiming a pending refund moves it forward by a
    /// lease, so two nodes do not ask the rail at the same time (and if they did, the rail's
    /// idempotency key, derived from the refund id, would still refund once).
    static let refunds = Migration(version: 11, name: "refunds", template: """
    CREATE TABLE refunds (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        payment_id TEXT NOT NULL,
        amount {int} NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        rail TEXT,
        rail_reference TEXT,
        failure_reason TEXT,
        attempts {int} NOT NULL,
        next_attempt_at {int},
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL
    );
    CREATE INDEX refunds_tenant_payment ON refunds (tenant_id, payment_id, seq);
    CREATE INDEX refunds_pending ON refunds (status, next_attempt_at)
    """)
}
