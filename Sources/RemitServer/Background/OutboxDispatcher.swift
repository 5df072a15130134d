import Foundation
import Logging
import Synchronization
import RemitConnectors
import RemitCore
import RemitStore
import ServiceLifecycle

/// How outbox messages leave Remit.
public struct OutboxConfiguration: Sendable {
    /// Which destinations tenants may name: public HTTPS only, unless the operator allows more.
    public var urlPolicy: OutboundURLPolicy.Configuration
    /// The most messages one pass sends.
    public var batchMax: Int
    /// How long a message is this dispatcher's while it is being sent.
    public var claimMilliseconds: Int64
    /// How long the dispatcher sleeps when nothing is due.
    public var idlePollMilliseconds: Int64
    /// Retries of failed deliveries.
    public var retrySchedule: RetrySchedule
    /// Sends per second to one destination host (a token bucket of `rateBurstMax`), so a busy
    /// tenant cannot flood a receiver; a message over the rate waits without using an attempt.
    public var ratePerSecond: Int = 5
    /// The burst a destination host may take at once.
    public var rateBurstMax: Int = 10

    /// Creates a configuration.
    public init(urlPolicy: OutboundURLPolicy.Configuration = .strict, batchMax: Int = 32, claimMilliseconds: Int64 = 60_000,
                idlePollMilliseconds: Int64 = 250, retrySchedule: RetrySchedule = RetrySchedule()) {
        self.urlPolicy = urlPolicy
        self.batchMax = batchMax
        self.claimMilliseconds = claimMilliseconds
        self.idlePollMilliseconds = idlePollMilliseconds
        self.retrySchedule = retrySchedule
    }
}

/// Delivers outbox messages with retries, on every node: signed webhooks (Standard Webhooks),
/// Slack incoming-webhook posts, and emails (recorded as sent: Remit has no mail relay yet).
/// A message is claimed before it is sent, so two nodes do not send it at the same time; a
/// receiver de-duplicates the rare repeat after a crash by `webhook-id`.
struct OutboxDispatcher: Service {
    let store: Store
    let configuration: OutboxConfiguration
    let clock: WallClock
    let logger: Logger
    private let limiter: DestinationRates

    init(store: Store, configuration: OutboxConfiguration, clock: WallClock, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        limiter = DestinationRates(RateLimiter(capacity: configuration.rateBurstMax, refillPerSecond: configuration.ratePerSecond))
    }

    func run() async throws {
        let policy = OutboundURLPolicy(configuration: configuration.urlPolicy)
        let webhooks = WebhookDeliverer(policy: policy, clock: clock, logger: logger)
        let slack = SlackDeliverer(policy: policy, clock: clock, logger: logger)
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var sent = 0
            do {
                sent = try await pass(webhooks: webhooks, slack: slack)
            } catch {
                logger.error("outbox pass failed", metadata: ["error": "\(error)"])
            }
            if sent == 0 {
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(configuration.idlePollMilliseconds)) }
                } catch {
                    return
                }
            }
        }
    }

    func pass(webhooks: WebhookDeliverer, slack: SlackDeliverer) async throws -> Int {
        let now = clock.nowMilliseconds
        let due = try await store.read { [configuration] in try await $0.dueOutboxMessages(now: now, limit: configuration.batchMax) }
        var sent = 0
        for message in due {
            if let host = message.destination.flatMap({ URLComponents(string: $0)?.host }),
               case let .wait(milliseconds) = limiter.acquire(host, now: now) {
                // Over the destination's rate: try again when a token is back, without an attempt.
                _ = try await store.write { try await $0.claimOutboxMessage(message.id, until: now + milliseconds, now: now) }
                continue
            }
            let claimUntil = now + configuration.claimMilliseconds
            guard try await store.write({ try await $0.claimOutboxMessage(message.id, until: claimUntil, now: now) }) else { continue }
            let outcome = await deliver(message, webhooks: webhooks, slack: slack)
            try await record(message, outcome: outcome)
            sent += 1
        }
        return sent
    }

    private func deliver(_ message: OutboxMessage, webhooks: WebhookDeliverer, slack: SlackDeliverer) async -> DeliveryOutcome {
        switch message.channel {
        case "email":
            return .delivered(status: 0)
        case "slack":
            guard let url = message.destination else { return .failed(.refused(ConnectorError(.invalidURL, "the tenant has no Slack webhook URL"))) }
            return await slack.deliver(text: message.payload["text"]?.stringValue ?? "", to: url)
        default:
            guard let url = message.destination else { return .failed(.refused(ConnectorError(.invalidURL, "the tenant has no webhook URL"))) }
            do {
                let settings = try await store.read { try await $0.tenantSettings(message.tenantID) }
                guard let secretText = settings.webhookSecret else {
                    return .failed(.refused(ConnectorError(.invalidSecret, "the tenant has no webhook secret")))
                }
                let signer = WebhookSigner(secret: try WebhookSecret(secretText))
                return await webhooks.deliver(WebhookMessage(id: message.idempotencyKey.replacingOccurrences(of: ":", with: "_"), json: message.payload),
                                              to: url, signer: signer)
            } catch {
                return .retry(.connection("settings could not be read: \(error)"), retryAfterSeconds: nil)
            }
        }
    }

    private func record(_ message: OutboxMessage, outcome: DeliveryOutcome) async throws {
        let attempt = message.attempts + 1
        let now = clock.nowMilliseconds
        let decision = configuration.retrySchedule.decide(after: attempt, outcome: outcome)
        try await store.write { transaction in
            switch decision {
            case .delivered:
                try await transaction.recordOutboxAttempt(message.id, status: .delivered, attempts: attempt, nextAttemptAt: nil, error: nil, deliveredAt: now)
            case let .retry(after):
                try await transaction.recordOutboxAttempt(message.id, status: .pending, attempts: attempt, nextAttemptAt: now + after,
                                                          error: "\(outcome)", deliveredAt: nil)
            case .giveUp, .disableEndpoint:
                try await transaction.recordOutboxAttempt(message.id, status: .failed, attempts: attempt, nextAttemptAt: nil,
                                                          error: "\(outcome)", deliveredAt: nil)
            }
        }
        logger.info("outbox attempt", metadata: ["outbox.id": "\(message.id)", "outbox.channel": "\(message.channel)",
                                                 "outbox.attempt": "\(attempt)", "outbox.decision": "\(decision)"])
    }
}

/// The dispatcher's token buckets, shared by its passes.
final class DestinationRates: Sendable {
    private let state: Mutex<RateLimiter<String>>

    init(_ limiter: RateLimiter<String>) {
        state = Mutex(limiter)
    }

    func acquire(_ host: String, now: Int64) -> RateDecision {
        state.withLock { $0.acquire(host, nowMilliseconds: now) }
    }
}
