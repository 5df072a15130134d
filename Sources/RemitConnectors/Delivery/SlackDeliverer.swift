import AsyncHTTPClient
import Logging
import NIOCore
import RemitCore

/// Posts messages to Slack incoming webhooks (`{"text": "…"}`), one attempt per call, with
/// the same URL policy and outcome classification as webhooks: Slack answers 404 or 410
/// for a removed hook or archived channel, 429 with `Retry-After` when rate limited, and
/// 400 for a payload it rejects.
public struct SlackDeliverer: Sendable {
    /// The most characters of text sent; longer text is cut and ends with "…".
    public static let textCharactersMax = 40_000

    private let poster: OutboundPoster

    /// Creates a deliverer; the parameters mean what they mean for `WebhookDeliverer`.
    public init(
        policy: OutboundURLPolicy,
        clock: WallClock,
        requestTimeoutMilliseconds: Int64 = WebhookDeliverer.requestTimeoutMillisecondsDefault,
        eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup,
        logger: Logger
    ) {
        precondition(requestTimeoutMilliseconds > 0, "the request timeout must be positive")
        poster = OutboundPoster(
            policy: policy, clock: clock, requestTimeoutMilliseconds: requestTimeoutMilliseconds,
            eventLoopGroup: eventLoopGroup, logger: logger
        )
    }

    /// The JSON body Slack expects for `text`.
    public static func body(text: String) -> [UInt8] {
        let cut = text.count > textCharactersMax ? String(text.prefix(textCharactersMax - 1)) + "…" : text
        return Array(JSONWriter.string(.object([(key: "text", value: .string(cut))])).utf8)
    }

    /// Makes one attempt to post `text` to the incoming-webhook `url`.
    public func deliver(text: String, to url: String) async -> DeliveryOutcome {
        await poster.post(to: url, headers: [], body: Self.body(text: text))
    }
}
