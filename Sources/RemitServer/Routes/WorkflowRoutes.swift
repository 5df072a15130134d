import Hummingbird
import RemitCore
import RemitStore

/// `/v1/workflows`.
struct WorkflowRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        let service = WorkflowService(environment: api.environment)
        group.post("workflows") { request, context in
            try await api.post(request, context) { body, tenant, transaction in
                let json = try await service.create(body, tenant: tenant, in: transaction)
                return JSONResponse(status: .created, json: json, location: "/v1/workflows/\(json["id"]?.stringValue ?? "")")
            }
        }
        group.post("workflows/:id/versions") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await api.post(request, context) { body, tenant, transaction in
                JSONResponse(status: .created, json: try await service.publish(id, body, tenant: tenant, in: transaction))
            }
        }
        group.get("workflows") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let page = query.page()
            try query.finish()
            let (result, defaultID) = try await api.store.read { transaction in
                (try await transaction.latestWorkflows(tenant: tenant, page: page), try await transaction.defaultWorkflowID(tenant: tenant))
            }
            let items = result.items.map { WorkflowService.json($0, isDefault: $0.workflowID == defaultID) }
            return JSONResponse(json: ListResponse.json(items, next: result.next)).response
        }
        group.get("workflows/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = context.parameters.get("id") ?? ""
            let json = try await api.store.read { transaction -> JSONValue? in
                guard let latest = try await transaction.workflowVersion(id, tenant: tenant) else { return nil }
                return WorkflowService.json(latest, isDefault: try await transaction.defaultWorkflowID(tenant: tenant) == id,
                                            versions: try await transaction.workflowVersions(id, tenant: tenant))
            }
            guard let json else { throw RemitError.notFound("workflow", id) }
            return JSONResponse(json: json).response
        }
    }
}

extension JSONValue: JSONRepresentable {
    public var jsonValue: JSONValue { self }
}
