extension Migrations {
    /// File-based rails: the tenant's own bank details, the payer's bank account of a payment,
    /// the files the ACH and pain.001 rails wrote (one per idempotency key; the reference is
    /// the entry's trace number or the end-to-end id, unique per tenant and rail), and the
    /// ACH returns imported, one per original trace number.
    static let fileRails = Migration(version: 8, name: "file_rails", template: """
    CREATE TABLE tenant_bank_details (
        tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
        document {json} NOT NULL,
        updated_at {int} NOT NULL
    );
    CREATE TABLE payment_bank_accounts (
        payment_id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        kind TEXT NOT NULL,
        document {json} NOT NULL,
        created_at {int} NOT NULL
    );
    CREATE TABLE rail_files (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        rail TEXT NOT NULL,
        payment_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        content TEXT NOT NULL,
        reference TEXT NOT NULL,
        created_at {int} NOT NULL,
        UNIQUE (tenant_id, rail, reference)
    );
    CREATE INDEX rail_files_tenant_seq ON rail_files (tenant_id, seq);
    CREATE INDEX rail_files_tenant_payment ON rail_files (tenant_id, payment_id, seq);
    CREATE TABLE ach_returns (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        original_trace TEXT NOT NULL,
        payment_id TEXT NOT NULL,
        reason_code TEXT NOT NULL,
        created_at {int} NOT NULL,
        PRIMARY KEY (tenant_id, original_trace)
    )
    """)
}
