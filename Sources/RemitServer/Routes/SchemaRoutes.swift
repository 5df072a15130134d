import Hummingbird
import RemitCore
import RemitStore

/// `/v1/custom_field_schema`: the tenant-wide default custom fields.
struct SchemaRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        group.get("custom_field_schema") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let schema = try await api.store.read { try await $0.defaultCustomFieldSchema(tenant) }
            return JSONResponse(json: Self.json(schema)).response
        }
        group.put("custom_field_schema") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            var request = request
            let body = try api.bodyReader.json(try await api.bodyReader.bytes(&request))
            var errors: [FieldError] = []
            guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw RemitError.validation(errors) }
            let schema = CustomFieldSchema.read(&reader)
            reader.finish()
            guard let schema, reader.errors.isEmpty else { throw RemitError.validation(reader.errors) }
            let now = api.environment.clock.nowMilliseconds
            try await api.store.write { try await $0.setDefaultCustomFieldSchema(tenant, schema, now: now) }
            return JSONResponse(json: Self.json(schema)).response
        }
    }

    static func json(_ schema: CustomFieldSchema) -> JSONValue {
        guard case let .object(members) = schema.jsonValue else { return schema.jsonValue }
        return .object([("object", .string("custom_field_schema"))] + members)
    }
}
