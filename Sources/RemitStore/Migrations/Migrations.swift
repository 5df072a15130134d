/// Every migration Remit has shipped, in order. Append only: never edit or reorder one.
enum Migrations {
    static let all: [Migration] = [foundation]

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
}
