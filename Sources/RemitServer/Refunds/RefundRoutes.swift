import Hummingbird
import RemitCore
import RemitStore

/// `POST /v1/payments/{id}/refunds`, `GET /v1/payments/{id}/refunds` and `GET /v1/refunds/{id}`.
struct RefundRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        let service = RefundService(environment: api.environment, choice: RefundRailChoice(stripeConfigured: api.configuration.stripe != nil))
        group.post("payments/:id/refunds") { request, context in
            _ = try IdempotentExecutor.key(from: request)
            let id = try api.pathID(context, "payment", as: Payment.self)
            return try await api.post(request, context, bodyRequired: false) { body, tenant, transaction in
                let refund = try await service.create(body, payment: id, tenant: tenant, in: transaction)
                return JSONResponse(status: .created, json: refund.jsonValue, location: "/v1/refunds/\(refund.id)")
            }
        }
        group.get("payments/:id/refunds") { request, context in
            let tenant = try context.requireTenant()
            let id = try api.pathID(context, "payment", as: Payment.self)
            var query = QueryReader(request)
            let page = query.page()
            try query.finish()
            let result = try await api.store.read { transaction -> Page<Refund>? in
                guard try await transaction.payment(id, tenant: tenant) != nil else { return nil }
                return try await transaction.refunds(payment: id, tenant: tenant, page: page)
            }
            guard let result else { throw RemitError.notFound("payment", id.rawValue) }
            return JSONResponse(json: ListResponse.json(result.items, next: result.next)).response
        }
        group.get("refunds/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = try api.pathID(context, "refund", as: Refund.self)
            guard let refund = try await api.store.read({ try await $0.refund(id, tenant: tenant) }) else {
                throw RemitError.notFound("refund", id.rawValue)
            }
            return JSONResponse(json: refund.jsonValue).response
        }
    }
}
