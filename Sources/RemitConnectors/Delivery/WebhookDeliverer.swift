import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import RemitCore

/// One webhook message: a stable id (the same on every attempt) and the exact JSON body.
public struct WebhookMessage: Sendable, Equatable {
    /// The `webhook-id`: the receiver's de-duplication key, stable across retries.
    public var id: String
    /// The body bytes, sent and signed exactly as they are.
    public var body: [UInt8]

    /// Creates a message from body bytes.
    public init(id: String, body: [UInt8]) {
        self.id = id
        self.body = body
    }

    /// Creates a message whose body is `json` written compactly.
    public init(id: String, json: JSONValue) {
        self.init(id: id, body: Array(JSONWriter.string(json).utf8))
    }
}

/// Delivers signed webhook messages to tenant endpoints, one attempt per call.
///
/// Each attempt checks the URL with the outbound policy, signs the body with the current
/// time as `webhook-timestamp` (so a retry carries a fresh timestamp and the same id),
/// POSTs it to the checked address with a timeout, and returns the classified outcome.
/// Retrying is the dispatcher's job, with `RetrySchedule` and `RateLimiter`.
public struct WebhookDeliverer: Sendable {
    /// How long an attempt may take by default, connection included: 15 s (the
    /// specification recommends 15 to 30).
    public static let requestTimeoutMillisecondsDefault: Int64 = 15_000

    private let poster: OutboundPoster

    /// Creates a deliverer.
    ///
    /// - Parameters:
    ///   - policy: which URLs may be called.
    ///   - clock: the source of `webhook-timestamp` and of "now" for `Retry-After` dates.
    ///   - requestTimeoutMilliseconds: the most an attempt may take.
    ///   - eventLoopGroup: where connections run; the shared default suits a server.
    ///   - logger: receives info and debug lines with the host and outcome, never the body.
    public init(
        policy: OutboundURLPolicy,
        clock: WallClock,
        requestTimeoutMilliseconds: Int64 = requestTimeoutMillisecondsDefault,
        eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup,
        logger: Logger
    ) {
        precondition(requestTimeoutMilliseconds > 0, "the request timeout must be positive")
        poster = OutboundPoster(
            policy: policy, clock: clock, requestTimeoutMilliseconds: requestTimeoutMilliseconds,
            eventLoopGroup: eventLoopGroup, logger: logger
        )
    }

    /// Makes one attempt to deliver `message` to `url`, signed by `signer`.
    public func deliver(_ message: WebhookMessage, to url: String, signer: WebhookSigner) async -> DeliveryOutcome {
        let timestamp = Int64((poster.clock.now().timeIntervalSince1970).rounded(.down))
        let headers: WebhookSignatureHeaders
        do {
            headers = try signer.headers(id: message.id, timestamp: timestamp, body: message.body)
        } catch let error as ConnectorError {
            return .failed(.refused(error))
        } catch {
            preconditionFailure("the signer throws only ConnectorError")
        }
        return await poster.post(to: url, headers: headers.fields, body: message.body)
    }
}
