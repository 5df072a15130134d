import Hummingbird
import NIOCore
import RemitCore
import RemitISO20022
import RemitReconciliation
import RemitStore

/// `/v1/bank_statements` and `/v1/reconciliation`.
struct ReconciliationRoutes {
    let api: APIContext
    let service: BankStatementService

    init(api: APIContext) {
        self.api = api
        self.service = BankStatementService(environment: api.environment)
    }

    func register(on group: RouterGroup<RemitRequestContext>) {
        group.post("bank_statements") { request, context in
            try await importStatement(request, context)
        }
        group.get("bank_statements/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = context.parameters.get("id") ?? ""
            let json = try await api.store.read { transaction -> JSONValue? in
                guard let statement = try await transaction.bankStatement(id, tenant: tenant) else { return nil }
                let entries = try await transaction.statementEntries(statement: id, tenant: tenant, limit: BankStatementService.entriesShownMax)
                return Self.json(statement, entries: entries)
            }
            guard let json else { throw RemitError.notFound("bank statement", id) }
            return JSONResponse(json: json).response
        }
        group.get("reconciliation/unmatched") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let page = query.page()
            try query.finish()
            let result = try await api.store.read { try await $0.unmatchedStatementEntries(tenant: tenant, page: page) }
            return JSONResponse(json: .object([
                ("object", .string("list")), ("data", .array(result.items.map(Self.json))),
                ("has_more", .bool(result.next != nil)), ("next_cursor", result.next.map { .string(Cursor.encode($0)) } ?? .null),
            ])).response
        }
        group.post("reconciliation/unmatched/:id/match") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await api.post(request, context) { body, tenant, transaction in
                let (shares, unapplied) = try Self.manualMatch(body)
                let entry = try await service.matchByHand(entryID: id, shares: shares, unapplied: unapplied, tenant: tenant, in: transaction)
                return JSONResponse(json: Self.json(entry))
            }
        }
    }

    /// Reads, validates and imports a camt.053 body; nothing is stored unless all of it imports.
    private func importStatement(_ request: Request, _ context: RemitRequestContext) async throws -> Response {
        let tenant = try context.requireTenant()
        _ = try IdempotentExecutor.key(from: request)
        try QueryReader(request).finish()
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "application/xml" || type == "text/xml" else {
            throw RemitError(.unsupportedMediaType, "Send the camt.053.001.08 statement as application/xml.")
        }
        let bytesMax = api.configuration.bankStatementBytesMax
        var request = request
        let bytes: [UInt8]
        do {
            bytes = Array(buffer: try await request.collectBody(upTo: bytesMax))
        } catch is NIOTooManyBytesError {
            throw RemitError(.payloadTooLarge, "The statement is larger than \(bytesMax) bytes (bankStatementBytesMax).")
        }
        let message: BankToCustomerStatement
        do {
            message = try Camt053Reader(limits: .init(statementBytesMax: bytesMax)).read(bytes)
        } catch {
            throw RemitError(.validationFailed, "The statement is not a valid camt.053.001.08 document: \(error.message)",
                             fieldErrors: Self.fieldErrors(error))
        }
        let service = self.service
        return try await api.idempotency.run(request: request, body: bytes, tenant: tenant, logger: context.logger) { transaction in
            let ids = try await service.importStatements(message, tenant: tenant, in: transaction)
            var statements: [JSONValue] = []
            for id in ids {
                guard let statement = try await transaction.bankStatement(id, tenant: tenant) else { continue }
                let entries = try await transaction.statementEntries(statement: id, tenant: tenant, limit: BankStatementService.entriesShownMax)
                statements.append(Self.json(statement, entries: entries))
            }
            let json = JSONValue.object([("object", .string("bank_statement_import")), ("message_id", .string(message.messageID)),
                                         ("statements", .array(statements))])
            return JSONResponse(status: .created, json: json, location: ids.first.map { "/v1/bank_statements/\($0)" })
        }
    }

    private static func fieldErrors(_ error: ISO20022Error) -> [FieldError] {
        let issues = error.issues.prefix(20).map {
            FieldError(field: "body", rule: error.code.rawValue, message: "line \($0.line): \($0.message)")
        }
        return issues.isEmpty ? [FieldError(field: error.path ?? "body", rule: error.code.rawValue, message: error.message)] : Array(issues)
    }

    /// `{"allocations": [{"payment_id"|"invoice_id": …, "amount": …}], "unapplied_amount": 0}`.
    static func manualMatch(_ body: JSONValue) throws -> ([ManualMatch.Share], Int64) {
        var errors: [FieldError] = []
        guard case let .object(members) = body else {
            throw RemitError.validation([FieldError(field: "body", rule: "type", message: "must be an object")])
        }
        for member in members where !["allocations", "unapplied_amount"].contains(member.key) {
            errors.append(FieldError(field: member.key, rule: "unknown", message: "is not a field of a manual match"))
        }
        var shares: [ManualMatch.Share] = []
        if case let .array(items)? = body["allocations"] {
            for (index, item) in items.enumerated() {
                let target = item["payment_id"]?.stringValue ?? item["invoice_id"]?.stringValue
                guard case .object = item, let target, let amount = item["amount"]?.int64Value else {
                    errors.append(FieldError(field: "allocations[\(index)]", rule: "shape",
                                             message: "needs payment_id or invoice_id and an integer amount in minor units"))
                    continue
                }
                shares.append(ManualMatch.Share(expectedPaymentID: ExpectedPaymentID(target), amountMinor: amount))
            }
        } else {
            errors.append(FieldError(field: "allocations", rule: "required", message: "is required: a list of payments or invoices with amounts"))
        }
        var unapplied: Int64 = 0
        if let value = body["unapplied_amount"] {
            if let amount = value.int64Value { unapplied = amount } else {
                errors.append(FieldError(field: "unapplied_amount", rule: "type", message: "must be an integer in minor units"))
            }
        }
        guard errors.isEmpty else { throw RemitError.validation(errors) }
        return (shares, unapplied)
    }

    static func json(_ statement: StoredBankStatement, entries: [StoredStatementEntry]) -> JSONValue {
        let matched = entries.filter { $0.status == .matched }.count
        return .object([
            ("id", .string(statement.id)), ("object", .string("bank_statement")), ("message_id", .string(statement.messageID)),
            ("statement_id", .string(statement.statementID)), ("account", .string(statement.account)),
            ("currency", statement.currency.map(JSONValue.string) ?? .null), ("entry_count", .int(Int64(statement.entryCount))),
            ("matched_count", .int(Int64(matched))), ("unmatched_count", .int(Int64(entries.count - matched))),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: statement.createdAt))),
            ("entries", .array(entries.map(json))),
        ])
    }

    static func json(_ entry: StoredStatementEntry) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(entry.id)), ("object", .string("statement_entry")), ("statement_id", .string(entry.statementID)),
            ("status", .string(entry.status.rawValue)),
        ]
        if case let .object(fields) = entry.entry { members += fields }
        members.append((entry.status == .matched ? "match" : "unmatched", entry.outcome))
        members.append(("matched_at", entry.matchedAt.map { .string(Timestamp.rfc3339(milliseconds: $0)) } ?? .null))
        return .object(members)
    }
}
