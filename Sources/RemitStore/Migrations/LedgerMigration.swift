extension Migrations {
    /// The double-entry ledger: accounts with their running balances, transfers (a client id
    /// unique per tenant; at most one post or void per pending transfer) and their legs.
    /// Version 6 is reserved for another change; versions need not be contiguous.
    static let ledger = Migration(version: 7, name: "ledger", template: """
    CREATE TABLE ledger_accounts (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        code TEXT NOT NULL,
        kind TEXT NOT NULL,
        currency TEXT NOT NULL,
        balance_constraint TEXT,
        debits_posted {int} NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
        credits_posted {int} NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
        debits_pending {int} NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
        credits_pending {int} NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL,
        UNIQUE (tenant_id, code, currency)
    );
    CREATE INDEX ledger_accounts_tenant_seq ON ledger_accounts (tenant_id, seq);
    CREATE TABLE ledger_transfers (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        client_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        pending_id TEXT REFERENCES ledger_transfers(id),
        timeout_ms {int},
        expires_at {int},
        pending_state TEXT,
        resolved_at {int},
        reason TEXT NOT NULL,
        metadata {json} NOT NULL,
        created_at {int} NOT NULL,
        UNIQUE (tenant_id, client_id)
    );
    CREATE UNIQUE INDEX ledger_transfers_one_resolution ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL;
    CREATE INDEX ledger_transfers_tenant_seq ON ledger_transfers (tenant_id, seq);
    CREATE INDEX ledger_transfers_due ON ledger_transfers (expires_at) WHERE pending_state = 'pending';
    CREATE TABLE ledger_legs (
        transfer_id TEXT NOT NULL REFERENCES ledger_transfers(id),
        position {int} NOT NULL,
        account_id TEXT NOT NULL REFERENCES ledger_accounts(id),
        side TEXT NOT NULL CHECK (side IN ('debit', 'credit')),
        amount {int} NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        PRIMARY KEY (transfer_id, position)
    );
    CREATE INDEX ledger_legs_account ON ledger_legs (account_id, transfer_id)
    """)
}
