import Hummingbird
import RemitCore
import RemitStore

/// `/v1/buyers`.
struct BuyerRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        let service = BuyerService(environment: api.environment)
        group.post("buyers") { request, context in
            try await api.post(request, context) { body, tenant, transaction in
                let buyer = try await service.create(body, tenant: tenant, in: transaction)
                return JSONResponse(status: .created, json: buyer.jsonValue, location: "/v1/buyers/\(buyer.id)")
            }
        }
        group.get("buyers") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let filter = BuyerFilter(country: query.string("country"), industry: query.string("industry"),
                                     currency: query.string("currency"), externalReference: query.string("external_reference"))
            let page = query.page()
            try query.finish()
            let result = try await api.store.read { try await $0.buyers(tenant: tenant, filter: filter, page: page) }
            return JSONResponse(json: ListResponse.json(result.items, next: result.next)).response
        }
        group.get("buyers/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = try api.pathID(context, "buyer", as: Buyer.self)
            guard let buyer = try await api.store.read({ try await $0.buyer(id, tenant: tenant) }) else {
                throw RemitError.notFound("buyer", id.rawValue)
            }
            return JSONResponse(json: buyer.jsonValue).response
        }
        group.patch("buyers/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = try api.pathID(context, "buyer", as: Buyer.self)
            var request = request
            let body = try api.bodyReader.json(try await api.bodyReader.bytes(&request))
            let buyer = try await api.store.write { try await service.patch(id, body, tenant: tenant, in: $0) }
            return JSONResponse(json: buyer.jsonValue).response
        }
    }
}
