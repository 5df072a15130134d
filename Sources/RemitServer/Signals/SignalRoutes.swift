import HTTPTypes
import Hummingbird
import RemitCore
import RemitStore

/// `/v1/signal_sources` and `GET /v1/signals` (with the tenant's API key), and the inbound
/// `POST /v1/signals/{source}` that ERPs call, authenticated by its signature alone.
struct SignalRoutes {
    let api: APIContext
    let service: SignalService

    init(api: APIContext, checkout: CheckoutService) {
        self.api = api
        service = SignalService(environment: api.environment, delivery: SignalDelivery(engine: api.engine), checkout: checkout)
    }

    func register(on group: RouterGroup<RemitRequestContext>) {
        group.post("signal_sources") { [service] request, context in
            try await api.post(request, context) { body, tenant, transaction in
                let source = try await service.createSource(body, tenant: tenant, in: transaction)
                return JSONResponse(status: .created, json: source)
            }
        }
        group.post("signal_sources/:id/rotate") { [service] request, context in
            let id = context.parameters.get("id") ?? ""
            return try await api.post(request, context, bodyRequired: false) { body, tenant, transaction in
                guard body == .object([]) else {
                    throw RemitError.validation([FieldError(field: "body", rule: "empty", message: "must be empty or {}")])
                }
                return JSONResponse(json: try await service.rotateSecret(of: id, tenant: tenant, in: transaction))
            }
        }
        group.get("signals") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let buyer = query.string("buyer_id")
            let page = query.page()
            try query.finish()
            let result = try await api.store.read { try await $0.signals(tenant: tenant, buyerID: buyer, page: page) }
            return JSONResponse(json: ListResponse.json(result.items, next: result.next)).response
        }
    }

    /// The inbound route, outside the API-key group.
    func registerInbound(on router: Router<RemitRequestContext>) {
        router.post("v1/signals/:source") { [service, api] request, context in
            try api.noQuery(request)
            let source = context.parameters.get("source") ?? ""
            var request = request
            let body = try await api.bodyReader.bytes(&request)
            let fields = request.headers
            let received = try await api.store.write { transaction in
                try await service.receive(source: source, body: body, header: { name in
                    HTTPField.Name(name).flatMap { fields[$0] }
                }, in: transaction)
            }
            var json = received.signal.jsonValue
            if case let .object(members) = json { json = .object(members + [("duplicate", .bool(received.duplicate))]) }
            return JSONResponse(json: json).response
        }
    }
}
