import Hummingbird
import RemitCore
import RemitStore

/// `/v1/payments` and `/v1/runs`.
struct PaymentRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        let service = PaymentService(environment: api.environment, engine: api.engine)
        group.post("payments") { request, context in
            try await api.post(request, context) { body, tenant, transaction in
                let payment = try await service.create(body, tenant: tenant, in: transaction)
                let json = Self.withBankAccount(payment.jsonValue, try await transaction.paymentBankAccount(payment.id))
                return JSONResponse(status: .created, json: json, location: "/v1/payments/\(payment.id)")
            }
        }
        group.get("payments") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let invoice = query.string("invoice_id").map { InvoiceID(validating: $0) ?? InvoiceID(rawValue: "inv_none") }
            let status = query.choice("status", allowed: Payment.Status.allCases.map(\.rawValue)).flatMap(Payment.Status.init(rawValue:))
            let page = query.page()
            try query.finish()
            let result = try await api.store.read { try await $0.payments(tenant: tenant, invoiceID: invoice, status: status, page: page) }
            return JSONResponse(json: ListResponse.json(result.items, next: result.next)).response
        }
        group.get("payments/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = try api.pathID(context, "payment", as: Payment.self)
            let json = try await api.store.read { transaction -> JSONValue? in
                guard let payment = try await transaction.payment(id, tenant: tenant) else { return nil }
                let run = try await transaction.run(payment.runID, tenant: tenant)
                return Self.withBankAccount(Self.paymentJSON(payment, run: run), try await transaction.paymentBankAccount(payment.id))
            }
            guard let json else { throw RemitError.notFound("payment", id.rawValue) }
            return JSONResponse(json: json).response
        }
        group.post("payments/:id/cancel") { request, context in
            _ = try IdempotentExecutor.key(from: request)
            let id = try api.pathID(context, "payment", as: Payment.self)
            return try await api.post(request, context, bodyRequired: false) { body, tenant, transaction in
                var errors: [FieldError] = []
                guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw RemitError.validation(errors) }
                let reason = reader.string("reason", maxLength: 500)
                reader.finish()
                guard reader.errors.isEmpty else { throw RemitError.validation(reader.errors) }
                return JSONResponse(json: try await service.cancel(id, reason: reason, tenant: tenant, in: transaction).jsonValue)
            }
        }
        group.get("runs/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = context.parameters.get("id") ?? ""
            let json = try await api.store.read { transaction -> JSONValue? in
                guard let run = try await transaction.run(id, tenant: tenant) else { return nil }
                return Self.runJSON(run, journal: try await transaction.journal(runID: id))
            }
            guard let json else { throw RemitError.notFound("run", id) }
            return JSONResponse(json: json).response
        }
    }

    /// A payment with its run's status and current step.
    static func paymentJSON(_ payment: Payment, run: StoredRun?) -> JSONValue {
        guard case let .object(members) = payment.jsonValue else { return payment.jsonValue }
        return .object(members + [
            ("run", .object([
                ("id", .string(payment.runID)),
                ("status", .optional(run?.state.status.name)),
                ("current_step", .optional(run?.state.currentNode)),
            ])),
        ])
    }

    /// A payment's JSON with the payer's bank account, masked, when it has one.
    static func withBankAccount(_ json: JSONValue, _ stored: StoredBankAccount?) -> JSONValue {
        guard let stored, case let .object(members) = json,
              let account = try? PayerBankAccount.stored(kind: stored.kind, document: stored.document) else { return json }
        return .object(members + [("bank_account", account.maskedJSON)])
    }

    /// A run with its journal.
    static func runJSON(_ run: StoredRun, journal: [JSONValue]) -> JSONValue {
        var failure: String?
        if case let .failed(reason) = run.state.status { failure = reason }
        return .object([
            ("id", .string(run.id)),
            ("object", .string("run")),
            ("payment_id", .string(run.paymentID.rawValue)),
            ("workflow_id", .string(run.workflowID)),
            ("workflow_version", .int(run.workflowVersion)),
            ("status", .string(run.state.status.name)),
            ("current_step", .optional(run.state.currentNode)),
            ("settled", .bool(run.state.settled)),
            ("failure_reason", .optional(failure)),
            ("next_action_at", run.runnableAt.map { JSONValue.string(Timestamp.rfc3339(milliseconds: $0)) } ?? .null),
            ("journal", .array(journal)),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: run.createdAt))),
            ("updated_at", .string(Timestamp.rfc3339(milliseconds: run.updatedAt))),
        ])
    }
}
