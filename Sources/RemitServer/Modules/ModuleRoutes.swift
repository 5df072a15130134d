import Hummingbird
import NIOCore
import RemitCore
import RemitStore

/// `/v1/modules`: upload, list, show and dry-run tenant WebAssembly modules.
struct ModuleRoutes {
    let api: APIContext
    let service: ModuleService

    func register(on group: RouterGroup<RemitRequestContext>) {
        group.post("modules") { request, context in try await upload(request, context) }
        group.get("modules") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let page = query.page()
            try query.finish()
            let result = try await api.store.read { try await $0.latestModules(tenant: tenant, page: page) }
            return JSONResponse(json: ListResponse.json(result.items.map { service.json($0) }, next: result.next)).response
        }
        group.get("modules/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = context.parameters.get("id") ?? ""
            let json = try await api.store.read { transaction -> JSONValue? in
                guard let latest = try await transaction.moduleVersion(id, tenant: tenant) else { return nil }
                return service.json(latest, versions: try await transaction.moduleVersions(id, tenant: tenant))
            }
            guard let json else { throw RemitError.notFound("module", id) }
            return JSONResponse(json: json).response
        }
        // A dry run changes nothing and stores nothing, so it needs no Idempotency-Key, and the
        // module runs outside any transaction.
        group.post("modules/:id/invoke") { request, context in
            let tenant = try context.requireTenant()
            try api.noQuery(request)
            var request = request
            let body = try api.bodyReader.json(try await api.bodyReader.bytes(&request))
            let id = context.parameters.get("id") ?? ""
            return JSONResponse(json: try await invoke(id, body, tenant: tenant)).response
        }
    }

    /// A JSON upload goes through the usual POST path; an `application/wasm` body carries the
    /// binary, with `name`, `capabilities` (comma-separated) and limits in the query.
    private func upload(_ request: Request, _ context: RemitRequestContext) async throws -> Response {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/wasm" else {
            return try await api.post(request, context) { body, tenant, transaction in
                try await service.register(try service.upload(fromJSON: body), tenant: tenant, in: transaction)
            }
        }
        let tenant = try context.requireTenant()
        _ = try IdempotentExecutor.key(from: request)
        var query = QueryReader(request)
        let name = query.string("name") ?? ""
        let capabilities = query.string("capabilities").map { text in
            JSONValue.strings(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        var limits: [(key: String, value: JSONValue)] = []
        for member in ModuleLimits.members {
            if let text = query.string(member.name) { limits.append((member.name, Int64(text).map(JSONValue.int) ?? .string(text))) }
        }
        try query.finish()
        let bytesMax = api.configuration.modules.moduleBytesMax
        var request = request
        let bytes: [UInt8]
        do {
            bytes = Array(buffer: try await request.collectBody(upTo: bytesMax))
        } catch is NIOTooManyBytesError {
            throw RemitError(.payloadTooLarge, "A module has at most \(bytesMax) bytes (moduleBytesMax).")
        }
        let upload = ModuleUpload(name: name, source: .wasm(bytes), capabilities: capabilities, limits: limits.isEmpty ? nil : .object(limits))
        return try await api.idempotency.run(request: request, body: bytes, tenant: tenant, logger: context.logger) { transaction in
            try await service.register(upload, tenant: tenant, in: transaction)
        }
    }

    /// A dry run: `{"input": {...}, "version": 2}` → output, fuel used, time and logs.
    private func invoke(_ id: String, _ body: JSONValue, tenant: TenantID) async throws -> JSONValue {
        var errors: [FieldError] = []
        if case let .object(items) = body {
            for (key, _) in items where key != "input" && key != "version" {
                errors.append(FieldError(field: key, rule: "unknown_field", message: "an invocation has input and version"))
            }
        }
        let version = body["version"]
        if let version, version.int64Value == nil || version.int64Value! < 1 {
            errors.append(FieldError(field: "version", rule: "type", message: "version is a whole number from 1"))
        }
        guard let input = body["input"] else {
            throw RemitError.validation(errors + [FieldError(field: "input", rule: "required", message: "input is the JSON document the module decides on")])
        }
        guard errors.isEmpty else { throw RemitError.validation(errors) }
        let number = version?.int64Value.map(Int.init)
        guard let stored = try await api.store.read({ try await $0.moduleVersion(id, version: number, tenant: tenant) }) else {
            throw RemitError.notFound(version == nil ? "module" : "version of module", id)
        }
        do {
            let result = try await service.runtime.invoke(stored, input: input)
            return .object([
                ("module", .string(stored.moduleID)), ("version", .int(stored.version)), ("output", result.output),
                ("fuel_used", .int(result.fuelUsed)), ("wall_time_us", .int(Int(result.wallTime / .microseconds(1)))),
                ("logs", .strings(result.logs)), ("log_lines_dropped", .int(result.logLinesDropped)),
            ])
        } catch {
            throw RemitError(.moduleFailed, "Module \(stored.moduleID) version \(stored.version) failed: \(error.message)",
                             fieldErrors: [FieldError(field: "module", rule: error.code, message: error.message)])
        }
    }
}
