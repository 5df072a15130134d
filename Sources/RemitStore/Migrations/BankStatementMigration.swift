extension Migrations {
    /// Bank statements (ISO 20022 camt.053) and reconciliation: one row per imported account
    /// statement (unique per tenant by the message id and the statement id, so nothing is
    /// imported twice), one per entry with its outcome (matched or unmatched, with the engine's
    /// reason and candidates), and one per allocation of an entry's money to a payment or an
    /// invoice; and the payments whose money the bank confirmed in full, so the next
    /// reconciliation no longer expects them. Version 8 is reserved for another change; versions need not be contiguous.
    static let bankStatements = Migration(version: 9, name: "bank_statements", template: """
    CREATE TABLE bank_statements (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        message_id TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        account TEXT NOT NULL,
        currency TEXT,
        entry_count {int} NOT NULL,
        created_at {int} NOT NULL,
        UNIQUE (tenant_id, message_id, statement_id)
    );
    CREATE INDEX bank_statements_tenant_seq ON bank_statements (tenant_id, seq);
    CREATE TABLE bank_statement_entries (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        statement_id TEXT NOT NULL REFERENCES bank_statements(id),
        position {int} NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('matched', 'unmatched')),
        amount {int} NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        entry {json} NOT NULL,
        outcome {json} NOT NULL,
        created_at {int} NOT NULL,
        matched_at {int}
    );
    CREATE INDEX bank_statement_entries_statement ON bank_statement_entries (statement_id, position);
    CREATE INDEX bank_statement_entries_tenant_status ON bank_statement_entries (tenant_id, status, seq);
    CREATE TABLE reconciliation_allocations (
        entry_id TEXT NOT NULL REFERENCES bank_statement_entries(id),
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        target_kind TEXT NOT NULL CHECK (target_kind IN ('payment', 'invoice')),
        target_id TEXT NOT NULL,
        amount {int} NOT NULL CHECK (amount > 0),
        created_at {int} NOT NULL,
        PRIMARY KEY (entry_id, target_id)
    );
    CREATE INDEX reconciliation_allocations_target ON reconciliation_allocations (tenant_id, target_id);
    CREATE TABLE bank_confirmed_payments (
        payment_id TEXT PRIMARY KEY REFERENCES payments(id),
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        confirmed_at {int} NOT NULL
    )
    """)
}
