import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RemitCore
import ServiceLifecycle

/// `/v1/charges`, `/v1/settlements` and `/healthz`.
struct ChargeRoutes: Sendable {
    let store: ChargeStore
    let plan: OutcomePlan
    let faults: GatewayFaults
    let limits: GatewayLimits
    let clock: WallClock

    func register(on router: Router<BasicRequestContext>) {
        router.post("v1/charges") { request, context in try await createCharge(request, context) }
        router.get("v1/charges/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let body = try await store.chargeBody(id: id) else { throw GatewayError.notFound("No charge with id '\(id)'.") }
            return Self.json(.ok, body)
        }
        router.get("v1/charges") { request, _ in
            guard let key = request.uri.queryParameters.get("idempotency_key"), !key.isEmpty else {
                throw GatewayError.invalidRequest("Pass ?idempotency_key=K; the gateway lists charges by key only.")
            }
            let body = try await store.chargeBody(idempotencyKey: key)
            return Self.json(.ok, "{\"object\":\"list\",\"data\":[\(body ?? "")],\"has_more\":false}")
        }
        router.get("v1/settlements") { request, _ in try await settlements(request) }
        router.get("healthz") { _, _ in
            try await store.ping()
            return Self.json(.ok, "{\"status\":\"ok\"}")
        }
    }

    /// `POST /v1/charges`: validate, wait the simulated latency, then charge once per key.
    private func createCharge(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let key = try idempotencyKey(request)
        var request = request
        let charge = try ChargeRequest.parse(try await jsonBody(&request), limits: limits)
        // Only a new charge takes the simulated latency: a replay answers from the record at once.
        let latency = plan.latencyMilliseconds(key: key)
        if latency > 0, try await store.chargeBody(idempotencyKey: key) == nil {
            try await Task.sleep(for: .milliseconds(latency))
        }
        switch try await store.charge(charge, key: key, plan: plan, nowMilliseconds: clock.nowMilliseconds) {
        case let .created(body):
            context.logger.info("gateway charge", metadata: ["charge.idempotency_key": "\(key)", "charge.payment_id": "\(charge.paymentID)"])
            if plan.losesAnswer(key: key) { return await loseAnswer(key: key, context) }
            return Self.json(.created, body)
        case let .replayed(body):
            var response = Self.json(.ok, body)
            response.headers[.idempotentReplayed] = "true"
            return response
        case .keyReused:
            throw GatewayError(code: "idempotency_key_reused", status: 422,
                               message: "This Idempotency-Key was used for a different charge; use a new key for a new charge.")
        case let .failedBeforeCommit(attempt):
            context.logger.info("gateway error fault", metadata: ["charge.idempotency_key": "\(key)", "charge.attempt": "\(attempt)"])
            throw GatewayError(code: "temporarily_unavailable", status: 503,
                               message: "The gateway is temporarily unavailable; nothing was charged. Retry with the same Idempotency-Key.")
        }
    }

    /// The committed charge's answer never arrives: hold the connection (past the client's
    /// timeout), then send a head and close the connection before the body.
    private func loseAnswer(key: String, _ context: BasicRequestContext) async -> Response {
        context.logger.info("gateway lost-answer fault", metadata: ["charge.idempotency_key": "\(key)"])
        if faults.lostAnswerHoldMilliseconds > 0 {
            // Graceful shutdown ends the hold early, so a stopping gateway does not wait for it.
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: .milliseconds(faults.lostAnswerHoldMilliseconds))
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .created, headers: headers, body: ResponseBody { _ in throw LostAnswer() })
    }

    /// `GET /v1/settlements?after=N&limit=M`: the log of money that moved, oldest first.
    private func settlements(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let after = try query.get("after").map { text -> Int64 in
            guard let value = Int64(text), value >= 0 else { throw GatewayError.invalidRequest("after must be a sequence number ≥ 0.") }
            return value
        } ?? 0
        let limit = try query.get("limit").map { text -> Int in
            guard let value = Int(text), (1...limits.listLimitMax).contains(value) else {
                throw GatewayError.invalidRequest("limit must be 1 to \(limits.listLimitMax).")
            }
            return value
        } ?? limits.listLimitDefault
        // One extra row says whether there is a next page.
        let rows = try await store.settlements(after: after, limit: limit + 1)
        let page = rows.prefix(limit)
        let json = JSONValue.object([
            ("object", .string("list")),
            ("data", .array(page.map(\.jsonValue))),
            ("has_more", .bool(rows.count > limit)),
            ("next_after", rows.count > limit ? .int(page.last?.sequence ?? after) : .null),
        ])
        return Self.json(.ok, JSONWriter.string(json))
    }

    /// The `Idempotency-Key` header: 1 to `idempotencyKeyBytesMax` printable ASCII characters.
    private func idempotencyKey(_ request: Request) throws -> String {
        guard let key = request.headers[.idempotencyKey], !key.isEmpty else {
            throw GatewayError(code: "idempotency_key_missing", status: 400, message: "POST /v1/charges needs an Idempotency-Key header.")
        }
        guard key.utf8.count <= limits.idempotencyKeyBytesMax, key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw GatewayError.invalidRequest(
                "The Idempotency-Key must be 1 to \(limits.idempotencyKeyBytesMax) printable ASCII characters without spaces.")
        }
        return key
    }

    /// The body as JSON: `application/json`, at most `requestBodyBytesMax` bytes.
    private func jsonBody(_ request: inout Request) async throws -> JSONValue {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/json" else {
            throw GatewayError(code: "unsupported_media_type", status: 415, message: "Send the body as application/json.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limits.requestBodyBytesMax)
        } catch is NIOTooManyBytesError {
            throw GatewayError(code: "payload_too_large", status: 413,
                               message: "The body is larger than \(limits.requestBodyBytesMax) bytes (requestBodyBytesMax).")
        }
        do {
            return try JSONParser.parse(Array(buffer: buffer), limits: JSONLimits(bytesMax: limits.requestBodyBytesMax))
        } catch {
            throw GatewayError(error)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Thrown by a lost answer's body so the server closes the connection mid-response.
struct LostAnswer: Error {}

extension HTTPField.Name {
    /// The client's idempotency key.
    static let idempotencyKey = Self("Idempotency-Key")!
    /// Marks an answer replayed for a repeated key.
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
