import RemitCore

/// One version of a tenant's workflow as stored: its name, binding, priority and definition JSON.
public struct StoredWorkflowVersion: Sendable, Equatable {
    public var workflowID: String
    public var version: Int
    public var name: String
    public var binding: String?
    public var priority: Int64
    /// The definition as JSON text, exactly as validated.
    public var definition: String
    public var createdAt: Int64

    /// Creates a stored version.
    public init(workflowID: String, version: Int, name: String, binding: String?, priority: Int64, definition: String, createdAt: Int64) {
        self.workflowID = workflowID
        self.version = version
        self.name = name
        self.binding = binding
        self.priority = priority
        self.definition = definition
        self.createdAt = createdAt
    }
}

extension StoreTransaction {
    /// Stores a new workflow with its first version.
    public func insertWorkflow(_ first: StoredWorkflowVersion, tenant: TenantID) async throws {
        try await connection.execute("""
        INSERT INTO workflows (id, tenant_id, latest_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)
        """, first.workflowID, tenant.rawValue, first.createdAt, first.createdAt)
        try await insertWorkflowVersion(first)
    }

    /// Publishes a new version; it must be the latest plus one. Runs keep theirs.
    public func publishWorkflowVersion(_ next: StoredWorkflowVersion, tenant: TenantID) async throws -> Bool {
        let updated = try await connection.execute("""
        UPDATE workflows SET latest_version = ?, updated_at = ? WHERE id = ? AND tenant_id = ? AND latest_version = ?
        """, next.version, next.createdAt, next.workflowID, tenant.rawValue, next.version - 1)
        guard updated == 1 else { return false }
        try await insertWorkflowVersion(next)
        return true
    }

    private func insertWorkflowVersion(_ version: StoredWorkflowVersion) async throws {
        try await connection.execute("""
        INSERT INTO workflow_versions (workflow_id, version, name, binding, priority, definition, created_at)
        VALUES (?, ?, ?, ?, ?, \(dialect.jsonParameter), ?)
        """, version.workflowID, version.version, version.name, version.binding, version.priority, version.definition, version.createdAt)
    }

    /// A version of the tenant's workflow; the latest when `version` is nil.
    public func workflowVersion(_ id: String, version: Int? = nil, tenant: TenantID) async throws -> StoredWorkflowVersion? {
        let rows = try await connection.query("""
        SELECT v.workflow_id, v.version, v.name, v.binding, v.priority, \(dialect.jsonColumn("definition")), v.created_at
        FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id
        WHERE w.id = ? AND w.tenant_id = ? AND v.version = \(version == nil ? "w.latest_version" : "?")
        """, [.text(id), .text(tenant.rawValue)] + (version.map { [SQLValue.integer(Int64($0))] } ?? []))
        return try rows.first.map(decodeWorkflowVersion)
    }

    /// Every version of a workflow, oldest first.
    public func workflowVersions(_ id: String, tenant: TenantID) async throws -> [StoredWorkflowVersion] {
        try await connection.query("""
        SELECT v.workflow_id, v.version, v.name, v.binding, v.priority, \(dialect.jsonColumn("definition")), v.created_at
        FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id
        WHERE w.id = ? AND w.tenant_id = ? ORDER BY v.version
        """, id, tenant.rawValue).map(decodeWorkflowVersion)
    }

    /// The latest version of each of the tenant's workflows, newest workflow first.
    public func latestWorkflows(tenant: TenantID, page: PageRequest) async throws -> Page<StoredWorkflowVersion> {
        var sql = """
        SELECT w.seq, v.workflow_id, v.version, v.name, v.binding, v.priority, \(dialect.jsonColumn("definition")), w.created_at
        FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.latest_version
        WHERE w.tenant_id = ?
        """
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        if let after = page.after {
            sql += " AND w.seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY w.seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodeWorkflowVersion)
    }

    /// The tenant's default workflow id, when set.
    public func defaultWorkflowID(tenant: TenantID) async throws -> String? {
        try await connection.query("SELECT default_workflow_id FROM tenants WHERE id = ?", tenant.rawValue).first?.optionalText("default_workflow_id")
    }

    /// Sets the tenant's default workflow.
    public func setDefaultWorkflowID(_ id: String?, tenant: TenantID) async throws {
        try await connection.execute("UPDATE tenants SET default_workflow_id = ? WHERE id = ?", id, tenant.rawValue)
    }

    private func decodeWorkflowVersion(_ row: SQLRow) throws -> StoredWorkflowVersion {
        StoredWorkflowVersion(workflowID: try row.text("workflow_id"), version: Int(try row.int("version")), name: try row.text("name"),
                              binding: try row.optionalText("binding"), priority: try row.int("priority"),
                              definition: try row.text("definition"), createdAt: try row.int("created_at"))
    }
}
