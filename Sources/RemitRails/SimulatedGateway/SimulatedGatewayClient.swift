import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RemitCore

/// The HTTP client of `remit gateway-sim`, as a ``PaymentRail``.
///
/// Each request has its own timeout and is sent once: the client never retries by itself,
/// because retrying (with the same key) is the workflow's decision. Anything that leaves the
/// result in doubt is ``SettlementOutcome/unknown(reason:)``.
public struct SimulatedGatewayClient: PaymentRail {
    /// Where the gateway is and how long to wait for it.
    public struct Configuration: Sendable {
        /// The gateway's base URL, such as `http://127.0.0.1:8090`, without a trailing slash.
        public var baseURL: String
        /// How long one request may take, from sending to the last byte of the answer.
        public var requestTimeout: Duration
        /// The largest answer read; a longer one counts as a broken answer (`unknown`).
        public var responseBodyBytesMax: Int

        /// Creates a configuration; the timeout defaults to 10 seconds and answers to 1 MiB.
        public init(baseURL: String, requestTimeout: Duration = .seconds(10), responseBodyBytesMax: Int = 1 << 20) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.requestTimeout = requestTimeout
            self.responseBodyBytesMax = responseBodyBytesMax
        }
    }

    let configuration: Configuration
    let httpClient: HTTPClient
    let logger: Logger

    /// Creates a client over `httpClient` (the process-wide shared client by default).
    public init(configuration: Configuration, httpClient: HTTPClient = .shared, logger: Logger) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
    }

    /// Creates or replays the charge for `idempotencyKey` (`POST /v1/charges`).
    ///
    /// A key that is not 1 to 255 printable ASCII characters is declined without being sent
    /// (`invalid_idempotency_key`): the gateway would refuse it, so nothing can have moved.
    public func settle(_ instruction: SettlementInstruction, idempotencyKey: String) async -> SettlementOutcome {
        guard (1...255).contains(idempotencyKey.utf8.count), idempotencyKey.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return .declined(code: "invalid_idempotency_key",
                             message: "An idempotency key must be 1 to 255 printable ASCII characters without spaces.")
        }
        var request = HTTPClientRequest(url: configuration.baseURL + "/v1/charges")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.body = .bytes(ByteBuffer(string: JSONWriter.string(GatewayWire.chargeRequest(instruction))))
        let outcome: SettlementOutcome
        switch await send(request) {
        case let .failure(failure):
            outcome = .unknown(reason: failure.reason)
        case let .success((status, body)):
            outcome = GatewayWire.outcome(status: status, body: body)
        }
        logger.info("gateway settle", metadata: [
            "payment.id": "\(instruction.paymentID)", "rail.idempotency_key": "\(idempotencyKey)", "rail.outcome": "\(outcome)",
        ])
        return outcome
    }

    /// Asks what the gateway recorded under `idempotencyKey`, without charging
    /// (`GET /v1/charges?idempotency_key=…`).
    public func status(idempotencyKey: String) async -> SettlementStatus {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&+=?#")
        let escaped = idempotencyKey.addingPercentEncoding(withAllowedCharacters: allowed) ?? idempotencyKey
        var request = HTTPClientRequest(url: configuration.baseURL + "/v1/charges?idempotency_key=" + escaped)
        request.method = .GET
        switch await send(request) {
        case let .failure(failure):
            return .unavailable(reason: failure.reason)
        case let .success((status, body)):
            return GatewayWire.status(status: status, body: body)
        }
    }

    /// Sends one request under the timeout and reads the whole answer, or says why not.
    func send(_ request: HTTPClientRequest) async -> Result<(UInt, [UInt8]), TransportFailure> {
        let deadline = NIODeadline.now() + TimeAmount(configuration.requestTimeout)
        do {
            let response = try await httpClient.execute(request, deadline: deadline, logger: logger)
            let body = try await response.body.collect(upTo: configuration.responseBodyBytesMax)
            return .success((response.status.code, Array(buffer: body)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .failure(TransportFailure("no answer within \(configuration.requestTimeout)"))
        } catch {
            return .failure(TransportFailure("no usable answer: \(error)"))
        }
    }
}

/// Why a request got no usable answer; its text becomes the `unknown` reason.
struct TransportFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
