import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import RemitCore

/// Stripe's REST API over AsyncHTTPClient: the PaymentIntent calls the Stripe rail needs.
///
/// Each request has its own timeout and is sent once: the client never retries by itself,
/// because retrying (with the same idempotency key) is the workflow's decision. The secret key
/// is sent only in the `Authorization` header and never logged.
public struct StripeClient: Sendable {
    let configuration: StripeConfiguration
    let httpClient: HTTPClient
    let logger: Logger

    /// Creates a client over `httpClient` (the process-wide shared client by default).
    public init(configuration: StripeConfiguration, httpClient: HTTPClient = .shared, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
    }

    /// Creates and confirms a PaymentIntent (`POST /v1/payment_intents`), once per `idempotencyKey`.
    ///
    /// Nothing is sent when the key or a parameter breaks a documented rule: the answer is
    /// ``StripeResponse/notSent(_:)``.
    public func createPaymentIntent(_ params: PaymentIntentCreateParams, idempotencyKey: String) async -> StripeResponse<StripePaymentIntent> {
        do throws(StripeError) {
            try checkIdempotencyKey(idempotencyKey)
            try params.validate(limits: configuration.limits)
        } catch {
            return .notSent(error)
        }
        var request = request(path: "/v1/payment_intents", method: .POST)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.body = .bytes(ByteBuffer(string: params.form.encoded))
        return await paymentIntent(from: request)
    }

    /// Reads a PaymentIntent's current state (`GET /v1/payment_intents/{id}`).
    public func retrievePaymentIntent(id: String) async -> StripeResponse<StripePaymentIntent> {
        do throws(StripeError) {
            try PaymentIntentCreateParams.checkID(id, param: "id")
        } catch {
            return .notSent(error)
        }
        return await paymentIntent(from: request(path: "/v1/payment_intents/\(id)", method: .GET))
    }

    /// The key Stripe accepts: 1 to `idempotencyKeyBytesMax` printable ASCII characters.
    func checkIdempotencyKey(_ key: String) throws(StripeError) {
        let maximum = configuration.limits.idempotencyKeyBytesMax
        guard (1...maximum).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw StripeError(.invalidIdempotencyKey, "An Idempotency-Key must be 1 to \(maximum) printable ASCII characters without spaces.")
        }
    }

    func request(path: String, method: HTTPMethod) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.secretKey)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Remit/1.0 (StripeRail)")
        if let version = configuration.apiVersion { request.headers.add(name: "Stripe-Version", value: version) }
        return request
    }

    private func paymentIntent(from request: HTTPClientRequest) async -> StripeResponse<StripePaymentIntent> {
        await exchange(request, object: "a PaymentIntent", StripePaymentIntent.init(json:))
    }

    /// Sends `request` and reads Stripe's answer: `parse` turns a 2xx body into `T` (a body it
    /// cannot read is no answer, named `object`), a Stripe error body becomes the error, and a
    /// transport failure or timeout is no answer.
    func exchange<T: Sendable>(_ request: HTTPClientRequest, object: String, _ parse: (JSONValue) -> T?) async -> StripeResponse<T> {
        let deadline = NIODeadline.now() + TimeAmount(configuration.requestTimeout)
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        do {
            let response = try await httpClient.execute(request, deadline: deadline, logger: logger)
            status = Int(response.status.code)
            headers = response.headers
            body = Array(buffer: try await response.body.collect(upTo: configuration.limits.responseBodyBytesMax))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .noAnswer(reason: "no answer from Stripe within \(configuration.requestTimeout)")
        } catch {
            return .noAnswer(reason: "no usable answer from Stripe: \(error)")
        }
        let answer = StripeAnswer(httpStatus: status, requestID: headers.first(name: "Request-Id"),
                                  idempotentReplayed: headers.first(name: "Idempotent-Replayed") == "true")
        logger.debug("stripe answer", metadata: [
            "http.method": "\(request.method)", "stripe.request_id": "\(answer.requestID ?? "-")", "http.status": "\(status)",
        ])
        return Self.decode(answer: answer, body: body, object: object, parse)
    }

    /// Reads an answer whose status and headers are `answer`.
    static func decode<T>(answer: StripeAnswer, body: [UInt8], object: String, _ parse: (JSONValue) -> T?) -> StripeResponse<T> {
        let json = try? JSONParser.parse(body)
        if (200...299).contains(answer.httpStatus) {
            guard let json, let value = parse(json) else {
                return .noAnswer(reason: "Stripe answered \(answer.httpStatus) with a body that is not \(object)")
            }
            return .success(value, answer)
        }
        if let json, let error = StripeAPIError(httpStatus: answer.httpStatus, body: json, requestID: answer.requestID) {
            return .failure(error)
        }
        return .failure(StripeAPIError(httpStatus: answer.httpStatus,
                                       error: StripePaymentError(type: "api_error", message: "Stripe answered \(answer.httpStatus) without a Stripe error body."),
                                       requestID: answer.requestID))
    }
}

/// What came back from a Stripe call.
public enum StripeResponse<Value: Sendable>: Sendable {
    /// A 2xx answer and its object.
    case success(Value, StripeAnswer)
    /// An error answer (4xx, 5xx) with Stripe's `error` object.
    case failure(StripeAPIError)
    /// No usable answer: a timeout, a lost connection, an unreadable body. The request may or
    /// may not have been processed.
    case noAnswer(reason: String)
    /// Refused before sending: the request broke a documented rule. Nothing was sent.
    case notSent(StripeError)
}

/// How Stripe answered, beyond the object.
public struct StripeAnswer: Sendable, Equatable {
    /// The HTTP status.
    public var httpStatus: Int
    /// Stripe's `Request-Id` header.
    public var requestID: String?
    /// Whether `Idempotent-Replayed: true` said that this is the stored answer to an earlier
    /// request with the same key, not a new one.
    public var idempotentReplayed: Bool

    /// Creates an answer description.
    public init(httpStatus: Int, requestID: String? = nil, idempotentReplayed: Bool = false) {
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.idempotentReplayed = idempotentReplayed
    }
}
