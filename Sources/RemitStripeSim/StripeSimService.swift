import AsyncHTTPClient
import Hummingbird
import Logging
import NIOCore
import RemitCore
import ServiceLifecycle

/// The local Stripe stand-in as one service: serves the PaymentIntents API on HTTP and sends
/// the events it emits to the configured webhook URL, until graceful shutdown.
public struct StripeSimService: Service {
    let configuration: StripeSimConfiguration
    let state: StripeSimState
    let logger: Logger
    let onServerRunning: @Sendable (_ port: Int) async -> Void

    /// Creates the service over `state` (which tests keep to read and steer).
    public init(configuration: StripeSimConfiguration, state: StripeSimState, logger: Logger,
                onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) {
        self.configuration = configuration
        self.state = state
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// The router with every route.
    public static func router(state: StripeSimState, configuration: StripeSimConfiguration) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: StripeErrorMiddleware())
        PaymentIntentRoutes(state: state, configuration: configuration).register(on: router)
        return router
    }

    public func run() async throws {
        let problems = configuration.problems
        guard problems.isEmpty else { throw StripeSimStartError(description: "invalid configuration: " + problems.joined(separator: "; ")) }
        logger.info("stripe-sim starting", metadata: [
            "http.host": "\(configuration.host)", "http.port": "\(configuration.port)", "stripe.webhook_url": "\(configuration.webhookURL ?? "-")",
        ])
        let app = Application(
            router: Self.router(state: state, configuration: configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "remit-stripe-sim"),
            onServerRunning: { [onServerRunning] channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        let sender = WebhookSender(url: configuration.webhookURL, state: state,
                                   timeout: .milliseconds(configuration.limits.webhookTimeoutMilliseconds), logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await app.run() }
            group.addTask {
                // The sender stops at graceful shutdown; events not yet sent stay recorded.
                try? await cancelWhenGracefulShutdown { await sender.run() }
            }
        }
    }
}

/// Sends emitted events to the webhook URL, one at a time, in order; one attempt each.
struct WebhookSender: Sendable {
    let url: String?
    let state: StripeSimState
    let timeout: Duration
    let logger: Logger

    func run() async {
        guard let url else { return }
        for await event in state.pendingWebhooks {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.headers.add(name: "User-Agent", value: "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
            request.headers.add(name: "Stripe-Signature", value: event.signatureHeader)
            request.body = .bytes(ByteBuffer(bytes: event.payload))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: TimeAmount(timeout), logger: logger)
                _ = try? await response.body.collect(upTo: 64 * 1024)
                await state.recordDelivery(eventID: event.id, status: Int(response.status.code), error: nil)
            } catch {
                logger.info("stripe-sim webhook not delivered", metadata: ["stripe.event_id": "\(event.id)", "error": "\(error)"])
                await state.recordDelivery(eventID: event.id, status: nil, error: "\(error)")
            }
        }
    }
}

/// The stand-in could not start.
public struct StripeSimStartError: Error, CustomStringConvertible {
    /// Why.
    public var description: String
}
