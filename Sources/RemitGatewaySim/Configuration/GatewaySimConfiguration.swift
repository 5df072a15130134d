/// Everything `remit gateway-sim` is started with.
public struct GatewaySimConfiguration: Sendable, Equatable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on; 0 picks a free port (reported through `onServerRunning`).
    public var port: Int
    /// The SQLite file that holds the charges and the settlement log.
    public var databasePath: String
    /// The seed every simulated outcome is drawn from.
    public var seed: UInt64
    /// The faults to inject; all off by default.
    public var faults: GatewayFaults
    /// Bounds on requests.
    public var limits: GatewayLimits
    /// Whether every charge is on disk before its answer leaves (`synchronous=FULL`, the
    /// default); false survives a crash of the gateway's process but not of the machine. The
    /// benchmark turns it off so that the stand-in for an internet service does not spend the
    /// disk's commit budget that Remit is measured against.
    public var synchronousCommits: Bool = true

    /// Creates a configuration; the defaults are the command line's.
    public init(host: String = "127.0.0.1", port: Int = 8090, databasePath: String = "gateway.sqlite", seed: UInt64 = 1,
                faults: GatewayFaults = GatewayFaults(), limits: GatewayLimits = GatewayLimits()) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.seed = seed
        self.faults = faults
        self.limits = limits
    }
}

/// The faults the gateway injects. Each rate is a probability from 0 (never) to 1 (always),
/// drawn deterministically from the seed and the idempotency key (see `OutcomePlan`).
public struct GatewayFaults: Sendable, Equatable {
    /// How often a new charge is declined (a final answer with a decline code).
    public var declineRate: Double
    /// How often an attempt fails with 503 before anything about the charge is recorded.
    public var errorBeforeCommitRate: Double
    /// How often a new charge is committed and then its answer is lost.
    public var lostAnswerRate: Double
    /// The least time a charge request takes, in milliseconds.
    public var latencyMillisecondsMin: Int
    /// The most time a charge request takes, in milliseconds.
    public var latencyMillisecondsMax: Int
    /// How long a lost answer holds the connection before closing it without a response;
    /// 0 closes it at once. Longer than the client's timeout makes the client time out.
    public var lostAnswerHoldMilliseconds: Int

    /// Creates faults; everything is off by default and a lost answer holds for 10 seconds.
    public init(declineRate: Double = 0, errorBeforeCommitRate: Double = 0, lostAnswerRate: Double = 0,
                latencyMillisecondsMin: Int = 0, latencyMillisecondsMax: Int = 0, lostAnswerHoldMilliseconds: Int = 10_000) {
        self.declineRate = declineRate
        self.errorBeforeCommitRate = errorBeforeCommitRate
        self.lostAnswerRate = lostAnswerRate
        self.latencyMillisecondsMin = latencyMillisecondsMin
        self.latencyMillisecondsMax = latencyMillisecondsMax
        self.lostAnswerHoldMilliseconds = lostAnswerHoldMilliseconds
    }

    /// The problems with these faults, as sentences; empty when they are usable.
    public var problems: [String] {
        var problems: [String] = []
        for (name, rate) in [("decline rate", declineRate), ("error rate", errorBeforeCommitRate), ("lost-answer rate", lostAnswerRate)]
            where !(0...1).contains(rate) {
            problems.append("the \(name) must be between 0 and 1, not \(rate)")
        }
        if latencyMillisecondsMin < 0 || latencyMillisecondsMax > GatewayLimits.latencyMillisecondsMax
            || latencyMillisecondsMin > latencyMillisecondsMax {
            problems.append("the latency must satisfy 0 ≤ min ≤ max ≤ \(GatewayLimits.latencyMillisecondsMax) ms")
        }
        if !(0...GatewayLimits.lostAnswerHoldMillisecondsMax).contains(lostAnswerHoldMilliseconds) {
            problems.append("the lost-answer hold must be 0 to \(GatewayLimits.lostAnswerHoldMillisecondsMax) ms")
        }
        return problems
    }
}

/// Bounds on what the gateway accepts. Breaking one is a clear 4xx problem, never a crash.
public struct GatewayLimits: Sendable, Equatable {
    /// The largest charge request body.
    public var requestBodyBytesMax: Int
    /// The largest amount of one charge, in minor units.
    public var amountMinorUnitsMax: Int64
    /// The longest `Idempotency-Key`, in bytes (printable ASCII only).
    public var idempotencyKeyBytesMax: Int
    /// The longest payment id, in characters.
    public var paymentIDCharactersMax: Int
    /// The longest remittance reference, in characters (an ISO 20022 unstructured remittance line).
    public var referenceCharactersMax: Int
    /// The most metadata entries on one charge.
    public var metadataEntriesMax: Int
    /// The longest metadata key, in characters.
    public var metadataKeyCharactersMax: Int
    /// The longest metadata value, in characters.
    public var metadataValueCharactersMax: Int
    /// The most entries one page of the settlement log returns.
    public var listLimitMax: Int
    /// The entries a page of the settlement log returns when `limit` is not given.
    public var listLimitDefault: Int

    /// The longest simulated latency, in milliseconds.
    public static let latencyMillisecondsMax = 60_000
    /// The longest lost-answer hold, in milliseconds.
    public static let lostAnswerHoldMillisecondsMax = 600_000

    /// Creates limits: 16 KiB bodies, amounts up to 10^12 minor units, 255-byte keys, 64-character
    /// payment ids, 140-character references, 20 metadata entries of 40/500 characters, and
    /// settlement-log pages of 100 (at most 1,000).
    public init(requestBodyBytesMax: Int = 16 * 1024, amountMinorUnitsMax: Int64 = 1_000_000_000_000,
                idempotencyKeyBytesMax: Int = 255, paymentIDCharactersMax: Int = 64, referenceCharactersMax: Int = 140,
                metadataEntriesMax: Int = 20, metadataKeyCharactersMax: Int = 40, metadataValueCharactersMax: Int = 500,
                listLimitMax: Int = 1_000, listLimitDefault: Int = 100) {
        self.requestBodyBytesMax = requestBodyBytesMax
        self.amountMinorUnitsMax = amountMinorUnitsMax
        self.idempotencyKeyBytesMax = idempotencyKeyBytesMax
        self.paymentIDCharactersMax = paymentIDCharactersMax
        self.referenceCharactersMax = referenceCharactersMax
        self.metadataEntriesMax = metadataEntriesMax
        self.metadataKeyCharactersMax = metadataKeyCharactersMax
        self.metadataValueCharactersMax = metadataValueCharactersMax
        self.listLimitMax = listLimitMax
        self.listLimitDefault = listLimitDefault
    }
}
