import Hummingbird
import RemitCore
import RemitStore

/// `/v1/policies/checkout` and `/v1/checkout_sessions`.
struct CheckoutRoutes {
    let api: APIContext
    let service: CheckoutService

    func register(on group: RouterGroup<RemitRequestContext>) {
        group.get("policies/checkout") { [service] request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            return JSONResponse(json: try await api.store.read { try await service.policiesJSON(tenant: tenant, in: $0) }).response
        }
        group.put("policies/checkout") { [service] request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            var request = request
            let body = try api.bodyReader.json(try await api.bodyReader.bytes(&request))
            return JSONResponse(json: try await api.store.write { try await service.savePolicy(body, tenant: tenant, in: $0) }).response
        }
        group.post("checkout_sessions") { [service] request, context in
            try await api.post(request, context) { body, tenant, transaction in
                let session = try await service.createSession(body, tenant: tenant, in: transaction)
                return JSONResponse(status: .created, json: try await Self.json(session, service: service, in: transaction),
                                    location: "/v1/checkout_sessions/\(session.id)")
            }
        }
        group.post("checkout_sessions/:id/confirm") { [service] request, context in
            let id = context.parameters.get("id") ?? ""
            let payments = PaymentService(environment: api.environment, engine: api.engine)
            return try await api.post(request, context) { body, tenant, transaction in
                let (session, payment) = try await service.confirm(id, body: body, tenant: tenant, payments: payments, in: transaction)
                var json = try await Self.json(session, service: service, in: transaction)
                if case let .object(members) = json { json = .object(members + [("payment", payment.jsonValue)]) }
                return JSONResponse(status: .created, json: json, location: "/v1/payments/\(payment.id)")
            }
        }
        group.get("checkout_sessions/:id") { [service] request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = context.parameters.get("id") ?? ""
            let json = try await api.store.write { transaction in
                try await Self.json(try await service.session(id, tenant: tenant, in: transaction), service: service, in: transaction)
            }
            return JSONResponse(json: json).response
        }
    }

    static func json(_ session: StoredCheckoutSession, service: CheckoutService, in transaction: StoreTransaction) async throws -> JSONValue {
        let invoice = try await transaction.invoice(session.invoiceID, tenant: session.tenantID)
        let buyer = try await transaction.buyer(session.buyerID, tenant: session.tenantID)
        let url = try await service.links.url(for: session, in: transaction)
        return service.json(session, invoice: invoice, netDays: buyer?.creditTerms.netDays, terms: buyer?.creditTerms.earlyPaymentDiscount,
                            buyerURL: url)
    }
}
