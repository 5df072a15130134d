import Foundation
import Hummingbird
import NIOCore
import RemitCore
import RemitStore

/// `/v1/rail_files` (the NACHA files and pain.001 documents the file rails wrote) and
/// `/v1/ach_returns` (importing the bank's NACHA return file).
struct RailFileRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        group.get("rail_files") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let payment = query.string("payment_id").map { PaymentID(validating: $0) ?? PaymentID(rawValue: "pay_none") }
            let page = query.page()
            try query.finish()
            let result = try await api.store.read { try await $0.railFiles(tenant: tenant, paymentID: payment, page: page) }
            return JSONResponse(json: ListResponse.json(result.items.map { RailFileJSON(file: $0, content: false) }, next: result.next)).response
        }
        group.get("rail_files/:id") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let id = context.parameters.get("id") ?? ""
            guard let file = try await api.store.read({ try await $0.railFile(id, tenant: tenant) }) else {
                throw RemitError.notFound("rail file", id)
            }
            return JSONResponse(json: RailFileJSON(file: file, content: true).jsonValue).response
        }
        group.post("ach_returns") { request, context in
            let tenant = try context.requireTenant()
            _ = try IdempotentExecutor.key(from: request)
            try api.noQuery(request)
            var request = request
            let bytes = try await Self.text(&request, bytesMax: api.configuration.achReturnFileBytesMax)
            // The whole file is read before anything changes: a bad file is refused as a whole.
            let returns = try ACHReturnService.parse(bytes)
            let service = ACHReturnService(environment: api.environment)
            return try await api.idempotency.run(request: request, body: bytes, tenant: tenant, logger: context.logger) { transaction in
                JSONResponse(json: try await service.apply(returns, tenant: tenant, in: transaction))
            }
        }
    }

    /// A `text/plain` body of at most `bytesMax` bytes: 415 for another type, 413 when larger.
    static func text(_ request: inout Request, bytesMax: Int) async throws -> [UInt8] {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "text/plain" else { throw RemitError(.unsupportedMediaType, "Send the NACHA return file as text/plain.") }
        do {
            return Array(buffer: try await request.collectBody(upTo: bytesMax))
        } catch is NIOTooManyBytesError {
            throw RemitError(.payloadTooLarge, "The return file is larger than \(bytesMax) bytes (achReturnFileBytesMax).")
        }
    }
}

/// A rail file as the API shows it; the list leaves the content out.
struct RailFileJSON: JSONRepresentable {
    var file: StoredRailFile
    var content: Bool

    var jsonValue: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(file.id)),
            ("object", .string("rail_file")),
            ("rail", .string(file.rail)),
            ("payment_id", .string(file.paymentID.rawValue)),
            ("format", .string(file.format)),
            ("reference", .string(file.reference)),
            ("bytes", .int(Int64(file.content.utf8.count))),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: file.createdAt))),
        ]
        if content { members.append(("content", .string(file.content))) }
        return .object(members)
    }
}
