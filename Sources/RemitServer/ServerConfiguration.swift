import RemitCore
import RemitRails

/// Everything an operator can tune about the HTTP API. Every limit has a name and a default.
public struct ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on.
    public var port: Int
    /// The largest request body accepted, in bytes (default 1 MiB).
    public var requestBodyBytesMax: Int
    /// Bounds on JSON request documents.
    public var jsonLimits: JSONLimits
    /// Idempotency key retention and claim timeout.
    public var idempotency: IdempotencyPolicy
    /// How often expired idempotency keys are purged, in seconds.
    public var idempotencyPurgeIntervalSeconds: Int
    /// How many expired keys one purge deletes at most.
    public var idempotencyPurgeBatchMax: Int
    /// How runs are executed.
    public var executor: ExecutorConfiguration = ExecutorConfiguration()
    /// How outbox messages are delivered, and which destinations tenants may name.
    public var outbox: OutboxConfiguration = OutboxConfiguration()
    /// Bounds on tenant WebAssembly modules.
    public var modules: ModuleConfiguration = ModuleConfiguration()
    /// How pending refunds are sent to their rails.
    public var refunds: RefundProcessorConfiguration = RefundProcessorConfiguration()
    /// The largest NACHA return file `POST /v1/ach_returns` accepts, in bytes (default 1 MiB:
    /// about 11,000 records of 94 characters).
    public var achReturnFileBytesMax: Int = 1 << 20
    /// The largest bank statement (`POST /v1/bank_statements`, camt.053 XML) accepted, in bytes
    /// (default 10 MiB; a day's statement of a busy account is a few hundred KiB).
    public var bankStatementBytesMax: Int = 10 << 20
    /// Stripe: when set, card payments (and ACH debits that carry a `pm_…`) settle through
    /// Stripe, and `POST /v1/stripe/webhook` takes its events if it has a signing secret.
    public var stripe: StripeConfiguration?
    /// Where people reach this server from outside, for the links in approval emails;
    /// by default the address it listens on.
    public var publicURL: String?

    /// The base of links people follow.
    public var publicBaseURL: String { publicURL ?? "http://\(host):\(port)" }

    /// Creates a configuration; the defaults serve on 127.0.0.1:8080.
    public init(host: String = "127.0.0.1", port: Int = 8080, requestBodyBytesMax: Int = 1 << 20,
                jsonLimits: JSONLimits = .default, idempotency: IdempotencyPolicy = IdempotencyPolicy(),
                idempotencyPurgeIntervalSeconds: Int = 300, idempotencyPurgeBatchMax: Int = 1_000) {
        self.host = host
        self.port = port
        self.requestBodyBytesMax = requestBodyBytesMax
        self.jsonLimits = jsonLimits
        self.idempotency = idempotency
        self.idempotencyPurgeIntervalSeconds = idempotencyPurgeIntervalSeconds
        self.idempotencyPurgeBatchMax = idempotencyPurgeBatchMax
    }
}

/// What varies between production and tests: time and randomness.
public struct Environment: Sendable {
    /// The clock.
    public var clock: WallClock
    /// The source of identifiers and secrets.
    public var ids: IDGenerator

    /// Creates an environment.
    public init(clock: WallClock = .system, ids: IDGenerator = .system) {
        self.clock = clock
        self.ids = ids
    }
}
