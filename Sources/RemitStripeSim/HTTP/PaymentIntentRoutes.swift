import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RemitCore
import ServiceLifecycle

/// `POST /v1/payment_intents`, `GET /v1/payment_intents/{id}` and `/healthz`, each checked
/// the way Stripe checks them: a test secret key, a form body, a bounded idempotency key.
struct PaymentIntentRoutes: Sendable {
    let state: StripeSimState
    let configuration: StripeSimConfiguration

    func register(on router: Router<BasicRequestContext>) {
        router.post("v1/payment_intents") { request, context in
            var request = request
            let body = try await collect(&request)
            return await answer(request, body: body, context) { () async throws(StripeSimError) -> StripeSimState.Answer in
                try checkContentType(request)
                let key = try idempotencyKey(request)
                let form = try FormBody.parse(body)
                return await state.createPaymentIntent(form, idempotencyKey: key)
            }
        }
        router.post("v1/refunds") { request, context in
            var request = request
            let body = try await collect(&request)
            return await answer(request, body: body, context) { () async throws(StripeSimError) -> StripeSimState.Answer in
                try checkContentType(request)
                let key = try idempotencyKey(request)
                return await state.createRefund(try FormBody.parse(body), idempotencyKey: key)
            }
        }
        router.get("v1/refunds") { request, context in
            await answer(request, body: [], context) { () async throws(StripeSimError) -> StripeSimState.Answer in
                let query = request.uri.queryParameters.map { (name: String($0.key).removingPercentEncoding ?? String($0.key),
                                                               value: String($0.value).removingPercentEncoding ?? String($0.value)) }
                return await state.listRefunds(query)
            }
        }
        router.get("v1/payment_intents/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await answer(request, body: [], context) { () async throws(StripeSimError) -> StripeSimState.Answer in
                for (name, _) in request.uri.queryParameters {
                    let decoded = String(name).removingPercentEncoding ?? String(name)
                    guard decoded.hasPrefix("expand[") else { throw StripeSimError.unknownParameter(decoded) }
                }
                return await state.retrievePaymentIntent(id: id)
            }
        }
        router.get("healthz") { _, _ in Self.response(StripeSimState.Answer(status: 200, body: "{\"status\":\"ok\"}"), requestID: "req_health") }
    }

    /// Applies the queued fault, checks the key, runs `handle`, and records the exchange.
    private func answer(_ request: Request, body: [UInt8], _ context: BasicRequestContext,
                        _ handle: () async throws(StripeSimError) -> StripeSimState.Answer) async -> Response {
        let requestID = await state.newRequestID()
        var answer: StripeSimState.Answer
        var afterProcessing = false
        switch await state.nextFault() {
        case .unavailable?:
            answer = StripeSimState.answer(.init(status: 503, type: "api_error", message: "The stand-in is temporarily unavailable (injected fault)."))
            return await finish(request, body: body, answer, requestID: requestID)
        case .rateLimited?:
            answer = StripeSimState.answer(.init(status: 429, type: "invalid_request_error", code: "rate_limit",
                                                 message: "Too many requests hit the API too quickly (injected fault)."))
            return await finish(request, body: body, answer, requestID: requestID)
        case let .delay(milliseconds)?:
            let bounded = min(max(milliseconds, 0), configuration.limits.faultDelayMillisecondsMax)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(bounded)) }
        case .unavailableAfterProcessing?:
            afterProcessing = true
        case nil:
            break
        }
        do throws(StripeSimError) {
            try authorize(request)
            answer = try await handle()
        } catch {
            answer = StripeSimState.answer(error)
        }
        if afterProcessing {
            context.logger.info("stripe-sim answer lost after processing", metadata: ["http.path": "\(request.uri.path)"])
            answer = StripeSimState.answer(.init(status: 503, type: "api_error", message: "The answer was lost after processing (injected fault)."))
        }
        return await finish(request, body: body, answer, requestID: requestID)
    }

    private func finish(_ request: Request, body: [UInt8], _ answer: StripeSimState.Answer, requestID: String) async -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        if let authorization = headers["authorization"] { headers["authorization"] = Self.masked(authorization) }
        let pairs = (try? FormBody.parse(body))?.pairs ?? []
        await state.record(RecordedStripeRequest(
            method: request.method.rawValue, path: request.uri.path, headers: headers, body: String(decoding: body, as: UTF8.self),
            parameters: pairs.map { .init(name: $0.name, value: $0.value) }, responseStatus: answer.status))
        return Self.response(answer, requestID: requestID, idempotencyKey: request.headers[.idempotencyKey])
    }

    /// `Authorization: Bearer sk_test_…` with one of the configured keys.
    private func authorize(_ request: Request) throws(StripeSimError) {
        guard let header = request.headers[.authorization], !header.isEmpty else {
            throw StripeSimError(status: 401, type: "invalid_request_error",
                                 message: "You did not provide an API key. You need to provide your API key in the Authorization header, "
                                     + "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').")
        }
        guard header.hasPrefix("Bearer ") else {
            throw StripeSimError(status: 401, type: "invalid_request_error",
                                 message: "Invalid Authorization header: use Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').")
        }
        let key = String(header.dropFirst("Bearer ".count))
        guard key.hasPrefix("sk_test_"), configuration.secretKeys.contains(key) else {
            throw StripeSimError(status: 401, type: "invalid_request_error", message: "Invalid API Key provided: \(Self.maskedKey(key))")
        }
    }

    private func checkContentType(_ request: Request) throws(StripeSimError) {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else {
            throw StripeSimError.invalid("Send the body as application/x-www-form-urlencoded (Content-Type was \(type ?? "missing")).")
        }
    }

    private func idempotencyKey(_ request: Request) throws(StripeSimError) -> String? {
        guard let key = request.headers[.idempotencyKey] else { return nil }
        guard !key.isEmpty, key.count <= configuration.limits.idempotencyKeyCharactersMax else {
            throw StripeSimError.invalid("Idempotency-Key must be 1 to \(configuration.limits.idempotencyKeyCharactersMax) characters.")
        }
        return key
    }

    private func collect(_ request: inout Request) async throws -> [UInt8] {
        do {
            return Array(buffer: try await request.collectBody(upTo: configuration.limits.requestBodyBytesMax))
        } catch is NIOTooManyBytesError {
            throw StripeSimError.invalid("The body is larger than \(configuration.limits.requestBodyBytesMax) bytes.")
        }
    }

    static func response(_ answer: StripeSimState.Answer, requestID: String, idempotencyKey: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.requestID] = requestID
        if let idempotencyKey { headers[.idempotencyKey] = idempotencyKey }
        for header in answer.headers { if let name = HTTPField.Name(header.name) { headers[name] = header.value } }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }

    static func masked(_ authorization: String) -> String {
        guard authorization.hasPrefix("Bearer ") else { return "(not Bearer)" }
        return "Bearer " + maskedKey(String(authorization.dropFirst("Bearer ".count)))
    }

    static func maskedKey(_ key: String) -> String {
        let prefix = key.hasPrefix("sk_test_") ? "sk_test_" : key.hasPrefix("sk_live_") ? "sk_live_" : ""
        return prefix + "****" + String(key.suffix(4))
    }
}

/// Answers errors thrown outside a route's own handling (no route, a body too large) in Stripe's shape.
struct StripeErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StripeSimError {
            return PaymentIntentRoutes.response(StripeSimState.answer(error), requestID: "req_error")
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            let error = StripeSimError(status: 404, type: "invalid_request_error",
                                       message: "Unrecognized request URL (\(request.method): \(request.uri.path)).")
            return PaymentIntentRoutes.response(StripeSimState.answer(error), requestID: "req_error")
        } catch {
            context.logger.error("stripe-sim error", metadata: ["error": "\(String(reflecting: error))"])
            let error = StripeSimError(status: 500, type: "api_error", message: "The stand-in failed.")
            return PaymentIntentRoutes.response(StripeSimState.answer(error), requestID: "req_error")
        }
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let requestID = Self("Request-Id")!
}
