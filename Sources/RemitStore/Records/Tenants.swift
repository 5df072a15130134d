import RemitCore

extension StoreTransaction {
    /// Stores a new tenant with an empty default custom-field schema.
    public func insertTenant(_ tenant: Tenant) async throws {
        try await connection.execute("""
        INSERT INTO tenants (id, name, custom_field_schema, created_at, updated_at)
        VALUES (?, ?, \(dialect.jsonParameter), ?, ?)
        """, tenant.id.rawValue, tenant.name, JSONWriter.string(CustomFieldSchema().jsonValue), tenant.createdAt, tenant.createdAt)
    }

    /// The tenant with `id`.
    public func tenant(_ id: TenantID) async throws -> Tenant? {
        try await connection.query("SELECT id, name, created_at FROM tenants WHERE id = ?", id.rawValue).first.map { row in
            Tenant(id: TenantID(rawValue: try row.text("id")), name: try row.text("name"), createdAt: try row.int("created_at"))
        }
    }

    /// Stores an API key's hash.
    public func insertAPIKey(_ key: APIKeyRecord) async throws {
        try await connection.execute("""
        INSERT INTO api_keys (id, tenant_id, key_hash, display_prefix, created_at) VALUES (?, ?, ?, ?, ?)
        """, key.id.rawValue, key.tenantID.rawValue, key.hash, key.displayPrefix, key.createdAt)
    }

    /// The tenant whose unrevoked key has SHA-256 `hash`.
    public func tenantID(forAPIKeyHash hash: String) async throws -> TenantID? {
        try await connection.query("SELECT tenant_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", hash).first.map {
            TenantID(rawValue: try $0.text("tenant_id"))
        }
    }

    /// How many tenants exist (the demo seeds only an empty database).
    public func tenantCount() async throws -> Int {
        Int(try await connection.query("SELECT COUNT(*) AS n FROM tenants").first?.int("n") ?? 0)
    }

    /// The tenant-wide default custom-field schema.
    public func defaultCustomFieldSchema(_ tenant: TenantID) async throws -> CustomFieldSchema {
        let rows = try await connection.query("SELECT \(dialect.jsonColumn("custom_field_schema")) FROM tenants WHERE id = ?", tenant.rawValue)
        guard let row = rows.first else { throw StoreError.corrupt("tenant \(tenant) has no row") }
        return try StoredJSON.schema(try row.text("custom_field_schema"))
    }

    /// Replaces the tenant-wide default custom-field schema.
    public func setDefaultCustomFieldSchema(_ tenant: TenantID, _ schema: CustomFieldSchema, now: Int64) async throws {
        try await connection.execute("UPDATE tenants SET custom_field_schema = \(dialect.jsonParameter), updated_at = ? WHERE id = ?",
                                     JSONWriter.string(schema.jsonValue), now, tenant.rawValue)
    }
}

/// Reads JSON the store itself wrote.
enum StoredJSON {
    static func parse(_ text: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(text, limits: JSONLimits(depthMax: 64, bytesMax: 64 << 20, containerElementsMax: 100_000, stringBytesMax: 1 << 20))
        } catch {
            throw StoreError.corrupt("stored JSON does not parse: \(error)")
        }
    }

    static func schema(_ text: String) throws -> CustomFieldSchema {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(try parse(text), path: "", errors: &errors) else {
            throw StoreError.corrupt("stored schema is not an object")
        }
        let schema = CustomFieldSchema.read(&reader)
        reader.finish()
        guard let schema, reader.errors.isEmpty else { throw StoreError.corrupt("stored schema: \(reader.errors)") }
        return schema
    }

    static func members(_ text: String) throws -> [(key: String, value: JSONValue)] {
        guard case let .object(members) = try parse(text) else { throw StoreError.corrupt("stored custom fields are not an object") }
        return members
    }
}
