import Hummingbird
import RemitCore
import RemitStore

/// `/v1/invoices`.
struct InvoiceRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        let service = InvoiceService(environment: api.environment)
        group.post("invoices") { request, context in
            try await api.post(request, context) { body, tenant, transaction in
                let invoice = try await service.create(body, tenant: tenant, in: transaction)
                return JSONResponse(status: .created, json: invoice.jsonValue, location: "/v1/invoices/\(invoice.id)")
            }
        }
        group.get("invoices") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let buyer = query.string("buyer_id")
            var filter = InvoiceFilter(
                status: query.choice("status", allowed: Invoice.Status.allCases.map(\.rawValue)).flatMap(Invoice.Status.init(rawValue:)),
                currency: query.string("currency"), number: query.string("number"), poNumber: query.string("po_number"),
                dueFrom: query.date("due_from"), dueTo: query.date("due_to"), customFields: query.prefixed("fields."))
            filter.buyerID = buyer.map { BuyerID(validating: $0) ?? BuyerID(rawValue: "buy_none") }
            let page = query.page()
            try query.finish()
            let invoiceFilter = filter
            let result = try await api.store.read { try await $0.invoices(tenant: tenant, filter: invoiceFilter, page: page) }
            return JSONResponse(json: ListResponse.json(result.items, next: result.next)).response
        }
        group.get("invoices/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = try api.pathID(context, "invoice", as: Invoice.self)
            guard let invoice = try await api.store.read({ try await $0.invoice(id, tenant: tenant) }) else {
                throw RemitError.notFound("invoice", id.rawValue)
            }
            return JSONResponse(json: invoice.jsonValue).response
        }
        group.get("invoices/:id/context") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = try api.pathID(context, "invoice", as: Invoice.self)
            let service = BuyerContextService(environment: api.environment)
            return JSONResponse(json: try await api.store.read { try await service.json(invoiceID: id, tenant: tenant, in: $0) }).response
        }
        group.post("invoices/:id/void") { request, context in
            _ = try IdempotentExecutor.key(from: request)
            let id = try api.pathID(context, "invoice", as: Invoice.self)
            return try await api.post(request, context, bodyRequired: false) { body, tenant, transaction in
                guard body == .object([]) else {
                    throw RemitError.validation([FieldError(field: "body", rule: "empty", message: "must be empty or {}")])
                }
                return JSONResponse(json: try await service.void(id, tenant: tenant, in: transaction).jsonValue)
            }
        }
    }
}
