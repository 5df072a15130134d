import Hummingbird
import RemitCore
import RemitStore

/// `/v1/approvals` and `/v1/events`.
struct ApprovalRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        let service = ApprovalService(environment: api.environment, engine: api.engine)
        group.get("approvals") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let status = query.choice("status", allowed: StoredApproval.Status.allCases.map(\.rawValue)).flatMap(StoredApproval.Status.init(rawValue:))
            let approver = query.string("approver")
            let payment = query.string("payment_id").map { PaymentID(validating: $0) ?? PaymentID(rawValue: "pay_none") }
            let page = query.page()
            try query.finish()
            let result = try await api.store.read {
                try await $0.approvals(tenant: tenant, status: status, approverID: approver, paymentID: payment, page: page)
            }
            return JSONResponse(json: ListResponse.json(result.items, next: result.next)).response
        }
        for (path, approve) in [("approvals/:id/approve", true), ("approvals/:id/reject", false)] {
            group.post(RouterPath(path)) { request, context in
                let id = context.parameters.get("id") ?? ""
                return try await api.post(request, context, bodyRequired: false) { body, tenant, transaction in
                    let vote = try ApprovalService.parseVote(body)
                    let approval = try await service.vote(id, approverID: vote.approverID, approve: approve, comment: vote.comment,
                                                          tenant: tenant, in: transaction)
                    return JSONResponse(json: approval.jsonValue)
                }
            }
        }
        group.get("events") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let type = query.string("type")
            let page = query.page()
            try query.finish()
            let result = try await api.store.read { try await $0.events(tenant: tenant, type: type, page: page) }
            return JSONResponse(json: ListResponse.json(result.items, next: result.next)).response
        }
    }
}
