import Hummingbird
import RemitCore
import RemitStore

/// What every route handler needs: the store, the body reader and idempotency.
struct APIContext: Sendable {
    let store: Store
    let configuration: ServerConfiguration
    let environment: Environment
    /// Present on a single node (SQLite), where running keys are tracked in memory.
    let inFlight: InFlightKeys?
    /// Applies events to runs.
    let engine: RunEngine

    var bodyReader: RequestBodyReader {
        RequestBodyReader(bytesMax: configuration.requestBodyBytesMax, jsonLimits: configuration.jsonLimits)
    }

    var idempotency: IdempotentExecutor {
        IdempotentExecutor(store: store, policy: configuration.idempotency, environment: environment, inFlight: inFlight)
    }

    /// Runs a POST: key first, then the body, then the effect under the key.
    func post(_ request: Request, _ context: RemitRequestContext, bodyRequired: Bool = true,
              _ effect: @escaping @Sendable (JSONValue, TenantID, StoreTransaction) async throws -> JSONResponse) async throws -> Response {
        let tenant = try context.requireTenant()
        _ = try IdempotentExecutor.key(from: request)
        try QueryReader(request).finish()
        var request = request
        let bytes: [UInt8]
        if !bodyRequired, request.headers[.contentType] == nil {
            bytes = try await bodyReader.optionalBytes(&request)
        } else {
            bytes = try await bodyReader.bytes(&request)
        }
        let reader = bodyReader
        return try await idempotency.run(request: request, body: bytes, tenant: tenant, logger: context.logger) { transaction in
            let json: JSONValue = bytes.isEmpty && !bodyRequired ? .object([]) : try reader.json(bytes)
            return try await effect(json, tenant, transaction)
        }
    }

    /// Checks a request that takes no query parameters.
    func noQuery(_ request: Request) throws {
        try QueryReader(request).finish()
    }

    /// An identifier from the path; a malformed one is simply not found.
    func pathID<Entity: IdentifiedEntity>(_ context: RemitRequestContext, _ what: String, as: Entity.Type) throws -> Identifier<Entity> {
        let text = context.parameters.get("id") ?? ""
        guard let id = Identifier<Entity>(validating: text) else { throw RemitError.notFound(what, text) }
        return id
    }
}
