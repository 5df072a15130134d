import RemitCore

/// One version of a tenant's WebAssembly module as stored: the binary, its hash, what it may
/// import and the limits it runs with.
public struct StoredModuleVersion: Sendable, Equatable {
    /// The module's id (`mod_…`), the same for all its versions.
    public var moduleID: String
    /// The tenant's name for the module, unique per tenant.
    public var name: String
    /// 1 for the first upload, then one more for each upload with a different binary.
    public var version: Int
    /// The hex SHA-256 of `wasm`.
    public var hash: String
    /// The WebAssembly binary (text uploads are stored compiled).
    public var wasm: [UInt8]
    /// How it was uploaded: `wasm` or `wat`.
    public var sourceFormat: String
    /// The host functions granted, such as `log`.
    public var capabilities: [String]
    /// The limits the tenant asked for, as JSON (`fuel_max`, …); absent members use the defaults.
    public var limits: JSONValue
    /// The module's imports as `module.name`.
    public var imports: [String]
    /// The module's exports.
    public var exports: [String]
    /// When this version was stored, in milliseconds since 1970.
    public var createdAt: Int64

    /// Creates a stored version.
    public init(moduleID: String, name: String, version: Int, hash: String, wasm: [UInt8], sourceFormat: String,
                capabilities: [String], limits: JSONValue, imports: [String], exports: [String], createdAt: Int64) {
        self.moduleID = moduleID
        self.name = name
        self.version = version
        self.hash = hash
        self.wasm = wasm
        self.sourceFormat = sourceFormat
        self.capabilities = capabilities
        self.limits = limits
        self.imports = imports
        self.exports = exports
        self.createdAt = createdAt
    }
}

extension StoreTransaction {
    /// The tenant's module named `name`, latest version, when one exists; locks it on PostgreSQL
    /// so two uploads of the same name number their versions one after the other.
    public func moduleForUpdate(named name: String, tenant: TenantID) async throws -> (id: String, latestVersion: Int)? {
        let lock = dialect == .postgres ? " FOR UPDATE" : ""
        let rows = try await connection.query("SELECT id, latest_version FROM modules WHERE tenant_id = ? AND name = ?\(lock)",
                                              tenant.rawValue, name)
        return try rows.first.map { (try $0.text("id"), Int(try $0.int("latest_version"))) }
    }

    /// Stores a new module with its first version.
    public func insertModule(_ first: StoredModuleVersion, tenant: TenantID) async throws {
        try await connection.execute("""
        INSERT INTO modules (id, tenant_id, name, latest_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
        """, first.moduleID, tenant.rawValue, first.name, first.version, first.createdAt, first.createdAt)
        try await insertModuleVersion(first)
    }

    /// Stores `next` as the module's newest version; it must be the latest plus one.
    public func publishModuleVersion(_ next: StoredModuleVersion, tenant: TenantID) async throws -> Bool {
        let updated = try await connection.execute("""
        UPDATE modules SET latest_version = ?, updated_at = ? WHERE id = ? AND tenant_id = ? AND latest_version = ?
        """, next.version, next.createdAt, next.moduleID, tenant.rawValue, next.version - 1)
        guard updated == 1 else { return false }
        try await insertModuleVersion(next)
        return true
    }

    private func insertModuleVersion(_ version: StoredModuleVersion) async throws {
        try await connection.execute("""
        INSERT INTO module_versions (module_id, version, hash, wasm, source_format, capabilities, limits, imports, exports, created_at)
        VALUES (?, ?, ?, ?, ?, \(dialect.jsonParameter), \(dialect.jsonParameter), \(dialect.jsonParameter), \(dialect.jsonParameter), ?)
        """, version.moduleID, version.version, version.hash, version.wasm, version.sourceFormat,
             JSONWriter.string(.strings(version.capabilities)), JSONWriter.string(version.limits),
             JSONWriter.string(.strings(version.imports)), JSONWriter.string(.strings(version.exports)), version.createdAt)
    }

    /// A version of the tenant's module; the latest when `version` is nil. Another tenant's
    /// module is never found.
    public func moduleVersion(_ id: String, version: Int? = nil, tenant: TenantID) async throws -> StoredModuleVersion? {
        let rows = try await connection.query("""
        SELECT \(moduleVersionColumns)
        FROM module_versions v JOIN modules m ON m.id = v.module_id
        WHERE m.id = ? AND m.tenant_id = ? AND v.version = \(version == nil ? "m.latest_version" : "?")
        """, [.text(id), .text(tenant.rawValue)] + (version.map { [SQLValue.integer(Int64($0))] } ?? []))
        return try rows.first.map(decodeModuleVersion)
    }

    /// Every version of a module, oldest first.
    public func moduleVersions(_ id: String, tenant: TenantID) async throws -> [StoredModuleVersion] {
        try await connection.query("""
        SELECT \(moduleVersionColumns)
        FROM module_versions v JOIN modules m ON m.id = v.module_id
        WHERE m.id = ? AND m.tenant_id = ? ORDER BY v.version
        """, id, tenant.rawValue).map(decodeModuleVersion)
    }

    /// The latest version of each of the tenant's modules, newest module first.
    public func latestModules(tenant: TenantID, page: PageRequest) async throws -> Page<StoredModuleVersion> {
        var sql = """
        SELECT m.seq, \(moduleVersionColumns)
        FROM modules m JOIN module_versions v ON v.module_id = m.id AND v.version = m.latest_version
        WHERE m.tenant_id = ?
        """
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        if let after = page.after {
            sql += " AND m.seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY m.seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodeModuleVersion)
    }

    private var moduleVersionColumns: String {
        let json = { (column: String) in self.dialect == .postgres ? "v.\(column)::text AS \(column)" : "v.\(column)" }
        return "v.module_id, m.name, v.version, v.hash, v.wasm, v.source_format, \(json("capabilities")), \(json("limits")), "
            + "\(json("imports")), \(json("exports")), v.created_at"
    }

    private func decodeModuleVersion(_ row: SQLRow) throws -> StoredModuleVersion {
        func strings(_ column: String) throws -> [String] {
            guard case let .array(items) = try StoredJSON.parse(try row.text(column)) else { return [] }
            return items.compactMap { $0.stringValue }
        }
        return StoredModuleVersion(
            moduleID: try row.text("module_id"), name: try row.text("name"), version: Int(try row.int("version")),
            hash: try row.text("hash"), wasm: try row.blob("wasm"), sourceFormat: try row.text("source_format"),
            capabilities: try strings("capabilities"), limits: try StoredJSON.parse(try row.text("limits")),
            imports: try strings("imports"), exports: try strings("exports"), createdAt: try row.int("created_at"))
    }
}
