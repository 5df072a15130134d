/// Every migration Remit has shipped, in order. Append only: never edit or reorder one.
enum Migrations {
    static let all: [Migration] = [foundation, workflows, runClaims, signals, checkout, modules, ledger, fileRails, bankStatements, stripe,
                                   refunds, paymentAdjustments]

    static let foundation = Migration(version: 1, name: "foundation", template: """
    CREATE TABLE tenants (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        custom_field_schema {json} NOT NULL,
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL
    );
    CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        key_hash TEXT NOT NULL UNIQUE,
        display_prefix TEXT NOT NULL,
        created_at {int} NOT NULL,
        revoked_at {int}
    );
    CREATE INDEX api_keys_tenant ON api_keys (tenant_id);
    CREATE TABLE buyers (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        name TEXT NOT NULL,
        industry TEXT,
        country TEXT NOT NULL,
        currency TEXT NOT NULL,
        external_reference TEXT,
        document {json} NOT NULL,
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL
    );
    CREATE INDEX buyers_tenant_seq ON buyers (tenant_id, seq);
    CREATE INDEX buyers_tenant_country ON buyers (tenant_id, country, seq);
    CREATE INDEX buyers_tenant_reference ON buyers (tenant_id, external_reference);
    CREATE TABLE invoices (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        buyer_id TEXT NOT NULL REFERENCES buyers(id),
        number TEXT NOT NULL,
        currency TEXT NOT NULL,
        status TEXT NOT NULL,
        tax_rate_bps {int} NOT NULL,
        subtotal {int} NOT NULL,
        tax_amount {int} NOT NULL,
        total {int} NOT NULL,
        amount_paid {int} NOT NULL,
        issue_date TEXT NOT NULL,
        due_date TEXT NOT NULL,
        po_number TEXT,
        memo TEXT,
        lines {json} NOT NULL,
        custom_fields {json} NOT NULL,
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL,
        voided_at {int},
        UNIQUE (tenant_id, number)
    );
    CREATE INDEX invoices_tenant_seq ON invoices (tenant_id, seq);
    CREATE INDEX invoices_tenant_buyer ON invoices (tenant_id, buyer_id, seq);
    CREATE INDEX invoices_tenant_status ON invoices (tenant_id, status, seq);
    CREATE INDEX invoices_tenant_due ON invoices (tenant_id, due_date);
    CREATE INDEX invoices_tenant_po ON invoices (tenant_id, po_number);
    CREATE TABLE custom_field_values (
        tenant_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        field_key TEXT NOT NULL,
        field_value TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        PRIMARY KEY (tenant_id, entity, field_key, field_value, entity_id)
    );
    CREATE INDEX custom_field_values_entity ON custom_field_values (entity_id);
    CREATE TABLE idempotency_keys (
        tenant_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        state TEXT NOT NULL,
        lock_token TEXT NOT NULL,
        locked_until {int} NOT NULL,
        response_status {int},
        response_headers {json},
        response_body {blob},
        created_at {int} NOT NULL,
        expires_at {int} NOT NULL,
        PRIMARY KEY (tenant_id, idempotency_key)
    );
    CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)
    """)

    static let workflows = Migration(version: 2, name: "workflows", template: """
    ALTER TABLE tenants ADD COLUMN default_workflow_id TEXT;
    ALTER TABLE tenants ADD COLUMN tax_table {json};
    ALTER TABLE tenants ADD COLUMN webhook_url TEXT;
    ALTER TABLE tenants ADD COLUMN webhook_secret TEXT;
    ALTER TABLE tenants ADD COLUMN slack_webhook_url TEXT;
    CREATE TABLE workflows (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        latest_version {int} NOT NULL,
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL
    );
    CREATE INDEX workflows_tenant_seq ON workflows (tenant_id, seq);
    CREATE TABLE workflow_versions (
        workflow_id TEXT NOT NULL REFERENCES workflows(id),
        version {int} NOT NULL,
        name TEXT NOT NULL,
        binding TEXT,
        priority {int} NOT NULL,
        definition {json} NOT NULL,
        created_at {int} NOT NULL,
        PRIMARY KEY (workflow_id, version)
    );
    CREATE TABLE payments (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        invoice_id TEXT NOT NULL REFERENCES invoices(id),
        buyer_id TEXT NOT NULL,
        method TEXT NOT NULL,
        amount {int} NOT NULL,
        currency TEXT NOT NULL,
        status TEXT NOT NULL,
        scheduled_for TEXT,
        custom_fields {json} NOT NULL,
        run_id TEXT NOT NULL,
        workflow_id TEXT NOT NULL,
        workflow_version {int} NOT NULL,
        rail_reference TEXT,
        failure_reason TEXT,
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL,
        settled_at {int}
    );
    CREATE INDEX payments_tenant_seq ON payments (tenant_id, seq);
    CREATE INDEX payments_tenant_invoice ON payments (tenant_id, invoice_id);
    CREATE INDEX payments_tenant_status ON payments (tenant_id, status, seq);
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        payment_id TEXT NOT NULL,
        workflow_id TEXT NOT NULL,
        workflow_version {int} NOT NULL,
        status TEXT NOT NULL,
        current_node TEXT,
        state {json} NOT NULL,
        context {json} NOT NULL,
        runnable_at {int},
        lease_owner TEXT,
        lease_expires_at {int},
        journal_length {int} NOT NULL,
        state_version {int} NOT NULL,
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL
    );
    CREATE INDEX runs_runnable ON runs (runnable_at);
    CREATE INDEX runs_tenant_status ON runs (tenant_id, status);
    CREATE TABLE run_journal (
        run_id TEXT NOT NULL REFERENCES runs(id),
        position {int} NOT NULL,
        entry {json} NOT NULL,
        PRIMARY KEY (run_id, position)
    );
    CREATE TABLE approvals (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        run_id TEXT NOT NULL REFERENCES runs(id),
        payment_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        visit {int} NOT NULL,
        approver_id TEXT NOT NULL,
        approver_email TEXT NOT NULL,
        status TEXT NOT NULL,
        comment TEXT,
        deadline {int},
        created_at {int} NOT NULL,
        decided_at {int},
        UNIQUE (run_id, node_id, visit, approver_id)
    );
    CREATE INDEX approvals_tenant_status ON approvals (tenant_id, status, seq);
    CREATE TABLE outbox (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        channel TEXT NOT NULL,
        destination TEXT,
        idempotency_key TEXT NOT NULL,
        payload {json} NOT NULL,
        status TEXT NOT NULL,
        attempts {int} NOT NULL,
        next_attempt_at {int},
        last_error TEXT,
        created_at {int} NOT NULL,
        delivered_at {int},
        UNIQUE (tenant_id, idempotency_key)
    );
    CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
    CREATE TABLE events (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        type TEXT NOT NULL,
        payload {json} NOT NULL,
        created_at {int} NOT NULL
    );
    CREATE INDEX events_tenant_seq ON events (tenant_id, seq);
    CREATE INDEX events_tenant_type ON events (tenant_id, type, seq);
    CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at {int} NOT NULL
    )
    """)
}

extension Migrations {
    /// How many times a run was claimed since it last moved (claims that keep ending without a
    /// result, when a node dies executing the run, push the run back, so it neither starves
    /// other runs nor crashes node after node at full speed); and the tax a run's `tax` step
    /// recorded on its payment.
    static let runClaims = Migration(version: 3, name: "run_claims_and_payment_tax", template: """
    ALTER TABLE runs ADD COLUMN claims {int} NOT NULL DEFAULT 0;
    ALTER TABLE payments ADD COLUMN tax {json}
    """)
}

extension Migrations {
    /// Inbound signals: the sources that may send them (each with its Standard Webhooks
    /// secret, and the previous one while a rotation is under way) and what arrived.
    static let signals = Migration(version: 4, name: "signals", template: """
    CREATE TABLE signal_sources (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        name TEXT NOT NULL,
        secret TEXT NOT NULL,
        previous_secret TEXT,
        previous_secret_until {int},
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL
    );
    CREATE INDEX signal_sources_tenant ON signal_sources (tenant_id, seq);
    CREATE TABLE signals (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        source_id TEXT NOT NULL,
        webhook_id TEXT NOT NULL,
        type TEXT NOT NULL,
        buyer_id TEXT,
        data {json} NOT NULL,
        status TEXT NOT NULL,
        changes {json} NOT NULL,
        sent_at {int} NOT NULL,
        received_at {int} NOT NULL,
        UNIQUE (source_id, webhook_id)
    );
    CREATE INDEX signals_tenant_seq ON signals (tenant_id, seq);
    CREATE INDEX signals_tenant_buyer ON signals (tenant_id, buyer_id, seq)
    """)
}

extension Migrations {
    /// Checkout: each tenant's policy versions, checkout sessions with their decisions, and a
    /// run's own plan (its workflow with the approvals a policy injected).
    static let checkout = Migration(version: 5, name: "checkout", template: """
    CREATE TABLE checkout_policies (
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        version {int} NOT NULL,
        document {json} NOT NULL,
        created_at {int} NOT NULL,
        PRIMARY KEY (tenant_id, version)
    );
    CREATE TABLE checkout_sessions (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        invoice_id TEXT NOT NULL REFERENCES invoices(id),
        buyer_id TEXT NOT NULL,
        policy_version {int} NOT NULL,
        amount {int} NOT NULL,
        status TEXT NOT NULL,
        decision {json} NOT NULL,
        context {json} NOT NULL,
        expires_at {int} NOT NULL,
        payment_id TEXT,
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL
    );
    CREATE INDEX checkout_sessions_tenant_buyer ON checkout_sessions (tenant_id, buyer_id, status);
    CREATE INDEX payments_tenant_buyer_status ON payments (tenant_id, buyer_id, status, seq);
    ALTER TABLE runs ADD COLUMN plan {json}
    """)

    static let modules = Migration(version: 6, name: "modules", template: """
    CREATE TABLE modules (
        seq {seq},
        id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        name TEXT NOT NULL,
        latest_version {int} NOT NULL,
        created_at {int} NOT NULL,
        updated_at {int} NOT NULL
    );
    CREATE UNIQUE INDEX modules_tenant_name ON modules (tenant_id, name);
    CREATE TABLE module_versions (
        module_id TEXT NOT NULL REFERENCES modules(id),
        version {int} NOT NULL,
        hash TEXT NOT NULL,
        wasm {blob} NOT NULL,
        source_format TEXT NOT NULL,
        capabilities {json} NOT NULL,
        limits {json} NOT NULL,
        imports {json} NOT NULL,
        exports {json} NOT NULL,
        created_at {int} NOT NULL,
        PRIMARY KEY (module_id, version)
    )
    """)
}
