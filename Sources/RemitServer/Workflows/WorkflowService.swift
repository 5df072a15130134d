import RemitCore
import RemitStore
import RemitWorkflow

/// Publishes workflows and their versions, and picks a payment's workflow.
struct WorkflowService: Sendable {
    let environment: Environment

    /// A workflow's latest version as the API shows it, with the list of its versions.
    static func json(_ version: StoredWorkflowVersion, isDefault: Bool, versions: [StoredWorkflowVersion]? = nil) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(version.workflowID)),
            ("object", .string("workflow")),
            ("name", .string(version.name)),
            ("version", .int(version.version)),
            ("binding", .optional(version.binding)),
            ("priority", .int(version.priority)),
            ("default", .bool(isDefault)),
            ("definition", (try? JSONParser.parse(version.definition, limits: JSONLimits(depthMax: 64, bytesMax: 8 << 20))) ?? .null),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: version.createdAt))),
        ]
        if let versions {
            members.append(("versions", .array(versions.map { version in
                .object([("version", .int(version.version)), ("name", .string(version.name)),
                         ("created_at", .string(Timestamp.rfc3339(milliseconds: version.createdAt)))])
            })))
        }
        return .object(members)
    }

    /// Creates a workflow (version 1); `"default": true` makes it the tenant's default.
    func create(_ body: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONValue {
        let (input, makeDefault) = try await parse(body, tenant: tenant, in: transaction)
        let version = StoredWorkflowVersion(workflowID: environment.ids.secret(prefix: "wf_", byteCount: 12), version: 1, name: input.name,
                                            binding: input.binding, priority: input.priority,
                                            definition: JSONWriter.string(input.definition.jsonValue), createdAt: environment.clock.nowMilliseconds)
        try await transaction.insertWorkflow(version, tenant: tenant)
        if makeDefault { try await transaction.setDefaultWorkflowID(version.workflowID, tenant: tenant) }
        return Self.json(version, isDefault: try await transaction.defaultWorkflowID(tenant: tenant) == version.workflowID, versions: [version])
    }

    /// Publishes the next version of a workflow. Running payments keep the version they started on.
    func publish(_ id: String, _ body: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONValue {
        guard let latest = try await transaction.workflowVersion(id, tenant: tenant) else { throw RemitError.notFound("workflow", id) }
        let (input, makeDefault) = try await parse(body, tenant: tenant, in: transaction)
        let next = StoredWorkflowVersion(workflowID: id, version: latest.version + 1, name: input.name, binding: input.binding,
                                         priority: input.priority, definition: JSONWriter.string(input.definition.jsonValue),
                                         createdAt: environment.clock.nowMilliseconds)
        guard try await transaction.publishWorkflowVersion(next, tenant: tenant) else {
            throw RemitError(.conflict, "Another version of this workflow was published at the same time; retry.")
        }
        if makeDefault { try await transaction.setDefaultWorkflowID(id, tenant: tenant) }
        return Self.json(next, isDefault: try await transaction.defaultWorkflowID(tenant: tenant) == id,
                         versions: try await transaction.workflowVersions(id, tenant: tenant))
    }

    /// Reads the body: a `WorkflowInput` plus the optional `default` flag, validated against
    /// the tenant's approvers (their ids across all the tenant's buyers).
    private func parse(_ body: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> (WorkflowInput, Bool) {
        guard case var .object(members) = body else {
            throw RemitError.validation([FieldError(field: "body", rule: "type", message: "must be an object")])
        }
        var makeDefault = false
        if let index = members.firstIndex(where: { $0.key == "default" }) {
            guard case let .bool(flag) = members[index].value else {
                throw RemitError.validation([FieldError(field: "default", rule: "type", message: "must be a boolean")])
            }
            makeDefault = flag
            members.remove(at: index)
        }
        let directory = StaticApproverDirectory(approverIDs: try await approverIDs(tenant: tenant, in: transaction))
        let input = try WorkflowInput.parse(.object(members), validator: WorkflowValidator(directory: directory))
        try await checkModules(input.definition, tenant: tenant, in: transaction)
        return (input, makeDefault)
    }

    /// Every `custom` node names a module (and version) the tenant has.
    private func checkModules(_ definition: WorkflowDefinition, tenant: TenantID, in transaction: StoreTransaction) async throws {
        var errors: [FieldError] = []
        for (index, node) in definition.nodes.enumerated() {
            guard case let .custom(spec) = node.kind else { continue }
            if let error = try await ModuleReference.error(module: spec.module, version: spec.version, tenant: tenant,
                                                           field: "definition.nodes[\(index)].module", owner: "node '\(node.id)'", in: transaction) {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw RemitError.validation(errors) }
    }

    private func approverIDs(tenant: TenantID, in transaction: StoreTransaction) async throws -> Set<String> {
        var ids = Set<String>()
        var after: Int64?
        repeat {
            let page = try await transaction.buyers(tenant: tenant, filter: BuyerFilter(), page: PageRequest(limit: PageRequest.limitMax, after: after))
            for buyer in page.items { ids.formUnion(buyer.approvers.map(\.id)) }
            after = page.next
        } while after != nil
        return ids
    }

    /// The workflow a payment runs: the first binding that holds, else the tenant's default,
    /// else Remit's built-in "settle at once" workflow, created as the default on first use.
    func select(for context: RunContext, tenant: TenantID, cache: CompiledWorkflowCache,
                in transaction: StoreTransaction) async throws -> StoredWorkflowVersion {
        var candidates: [WorkflowCandidate] = []
        var after: Int64?
        var versions: [String: StoredWorkflowVersion] = [:]
        repeat {
            let page = try await transaction.latestWorkflows(tenant: tenant, page: PageRequest(limit: PageRequest.limitMax, after: after))
            for version in page.items {
                versions[version.workflowID] = version
                if let candidate = cache.candidate(version) { candidates.append(candidate) }
            }
            after = page.next
        } while after != nil
        let selection = WorkflowSelector.select(candidates, defaultWorkflowID: try await transaction.defaultWorkflowID(tenant: tenant),
                                                context: context, now: environment.clock.nowMilliseconds)
        if let id = selection.workflowID, let version = versions[id] { return version }
        return try await createBuiltInDefault(tenant: tenant, in: transaction)
    }

    private func createBuiltInDefault(tenant: TenantID, in transaction: StoreTransaction) async throws -> StoredWorkflowVersion {
        let version = StoredWorkflowVersion(workflowID: environment.ids.secret(prefix: "wf_", byteCount: 12), version: 1,
                                            name: "Settle at once (built-in default)", binding: nil, priority: 0,
                                            definition: Self.settleAtOnce, createdAt: environment.clock.nowMilliseconds)
        try await transaction.insertWorkflow(version, tenant: tenant)
        try await transaction.setDefaultWorkflowID(version.workflowID, tenant: tenant)
        return version
    }

    /// start → settle → end.
    static let settleAtOnce = """
    {"nodes":[{"id":"start","type":"start"},{"id":"settle","type":"settle"},{"id":"done","type":"end"}],\
    "edges":[{"from":"start","to":"settle"},{"from":"settle","to":"done","on":"settled"}]}
    """
}
