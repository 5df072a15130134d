/// Everything the local Stripe stand-in is started with.
public struct StripeSimConfiguration: Sendable, Equatable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on; 0 picks a free one (reported when the server runs).
    public var port: Int
    /// The secret keys accepted as `Authorization: Bearer …`; each must be a test key, `sk_test_…`.
    public var secretKeys: [String]
    /// Where events are POSTed, such as `http://127.0.0.1:8080/v1/webhooks/stripe`; nil records
    /// events without sending them.
    public var webhookURL: String?
    /// The endpoint's signing secrets: each signs one `v1` entry of `Stripe-Signature` (two
    /// while a secret is being rolled, as Stripe does).
    public var webhookSigningSecrets: [String]
    /// Whether `Stripe-Signature` also carries a `v0` entry, as Stripe's test mode does.
    public var sendsV0Signature: Bool
    /// The API version events report.
    public var apiVersion: String
    /// Faults for the first requests, in order; more can be queued while running.
    public var faults: [StripeSimFault]
    /// Bounds on requests and state.
    public var limits: StripeSimLimits

    /// Creates a configuration: 127.0.0.1:12111, key `sk_test_remit`, secret `whsec_remit_test`.
    public init(host: String = "127.0.0.1", port: Int = 12111, secretKeys: [String] = ["sk_test_remit"], webhookURL: String? = nil,
                webhookSigningSecrets: [String] = ["whsec_remit_test"], sendsV0Signature: Bool = true,
                apiVersion: String = "2025-09-30.clover", faults: [StripeSimFault] = [], limits: StripeSimLimits = StripeSimLimits()) {
        self.host = host
        self.port = port
        self.secretKeys = secretKeys
        self.webhookURL = webhookURL
        self.webhookSigningSecrets = webhookSigningSecrets
        self.sendsV0Signature = sendsV0Signature
        self.apiVersion = apiVersion
        self.faults = faults
        self.limits = limits
    }

    /// The problems with this configuration, as sentences; empty when it is usable.
    public var problems: [String] {
        var problems: [String] = []
        if secretKeys.isEmpty { problems.append("at least one secret key is needed") }
        for key in secretKeys where !key.hasPrefix("sk_test_") || key.count <= "sk_test_".count {
            problems.append("the stand-in accepts only test keys (sk_test_…)")
        }
        if webhookSigningSecrets.isEmpty || webhookSigningSecrets.contains(where: \.isEmpty) {
            problems.append("at least one non-empty webhook signing secret is needed")
        }
        return problems
    }
}

/// A fault the stand-in injects into one request (any request to `/v1/…`), in queue order.
public enum StripeSimFault: Sendable, Equatable {
    /// Answer 503 `api_error` before looking at the request: nothing is processed or recorded
    /// under its idempotency key.
    case unavailable
    /// Answer 429 `rate_limit` before looking at the request.
    case rateLimited
    /// Process the request (and record its answer under its idempotency key), then answer 503
    /// instead: the money moved but the client cannot know. A retry with the same key gets the
    /// recorded answer.
    case unavailableAfterProcessing
    /// Wait this many milliseconds, then process the request normally.
    case delay(milliseconds: Int)
}

/// Bounds on what the stand-in accepts and keeps; Stripe's documented limits by default.
public struct StripeSimLimits: Sendable, Equatable {
    /// The largest request body.
    public var requestBodyBytesMax: Int
    /// The longest `Idempotency-Key`, in characters.
    public var idempotencyKeyCharactersMax: Int
    /// The most metadata keys.
    public var metadataEntriesMax: Int
    /// The longest metadata key, in characters.
    public var metadataKeyCharactersMax: Int
    /// The longest metadata value, in characters.
    public var metadataValueCharactersMax: Int
    /// The largest amount: eight digits.
    public var amountMinorUnitsMax: Int64
    /// The longest description, in characters.
    public var descriptionCharactersMax: Int
    /// The longest statement descriptor suffix, in characters.
    public var statementDescriptorSuffixCharactersMax: Int
    /// The most requests kept in the log; older ones are dropped first.
    public var recordedRequestsMax: Int
    /// The longest a fault's delay may be, in milliseconds.
    public var faultDelayMillisecondsMax: Int
    /// How long one webhook delivery may take, in milliseconds.
    public var webhookTimeoutMilliseconds: Int

    /// Creates limits: 64 KiB bodies, 255-character keys, 50 metadata keys of 40/500
    /// characters, amounts up to 99,999,999, 1,000-character descriptions, 22-character
    /// suffixes, the last 10,000 requests, 60 s delays, 5 s webhook deliveries.
    public init(requestBodyBytesMax: Int = 64 * 1024, idempotencyKeyCharactersMax: Int = 255, metadataEntriesMax: Int = 50,
                metadataKeyCharactersMax: Int = 40, metadataValueCharactersMax: Int = 500, amountMinorUnitsMax: Int64 = 99_999_999,
                descriptionCharactersMax: Int = 1_000, statementDescriptorSuffixCharactersMax: Int = 22, recordedRequestsMax: Int = 10_000,
                faultDelayMillisecondsMax: Int = 60_000, webhookTimeoutMilliseconds: Int = 5_000) {
        self.requestBodyBytesMax = requestBodyBytesMax
        self.idempotencyKeyCharactersMax = idempotencyKeyCharactersMax
        self.metadataEntriesMax = metadataEntriesMax
        self.metadataKeyCharactersMax = metadataKeyCharactersMax
        self.metadataValueCharactersMax = metadataValueCharactersMax
        self.amountMinorUnitsMax = amountMinorUnitsMax
        self.descriptionCharactersMax = descriptionCharactersMax
        self.statementDescriptorSuffixCharactersMax = statementDescriptorSuffixCharactersMax
        self.recordedRequestsMax = recordedRequestsMax
        self.faultDelayMillisecondsMax = faultDelayMillisecondsMax
        self.webhookTimeoutMilliseconds = webhookTimeoutMilliseconds
    }
}
