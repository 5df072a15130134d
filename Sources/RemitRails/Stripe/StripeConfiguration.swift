/// Where Stripe is, how Remit authenticates to it, and the limits Remit holds its requests to.
///
/// `description` shows the key and the signing secrets only by their last four characters.
public struct StripeConfiguration: Sendable, CustomStringConvertible {
    /// Stripe's API, used when no other base URL is configured.
    public static let baseURLDefault = "https://api.stripe.com"
    /// The API version Remit is written against, sent as `Stripe-Version` on every request.
    /// `excluded_payment_method_types` needs 2025-08-27.basil or later.
    public static let apiVersionDefault = "2025-09-30.clover"

    /// The API's base URL without a trailing slash, such as `https://api.stripe.com` or the
    /// local stand-in's `http://127.0.0.1:PORT`.
    public var baseURL: String
    /// The secret API key (`sk_test_…`, `sk_live_…`, or a restricted `rk_…`), sent as a Bearer token.
    public var secretKey: String
    /// The `Stripe-Version` header; nil sends none, so the account's default version applies.
    public var apiVersion: String?
    /// The webhook endpoint's signing secrets (`whsec_…`): the current one first, then any being
    /// rotated out. Each is used exactly as Stripe shows it, prefix included.
    public var webhookSigningSecrets: [String]
    /// How far, in seconds, a webhook's signed timestamp may be from now, either way.
    public var webhookToleranceSeconds: Int64
    /// How long one request may take, from sending to the last byte of the answer.
    public var requestTimeout: Duration
    /// Bounds on requests and answers.
    public var limits: StripeLimits

    /// Creates a configuration; the API is Stripe's, the tolerance 300 s, the timeout 30 s.
    public init(baseURL: String = baseURLDefault, secretKey: String, apiVersion: String? = apiVersionDefault,
                webhookSigningSecrets: [String] = [], webhookToleranceSeconds: Int64 = StripeWebhookVerifier.toleranceSecondsDefault,
                requestTimeout: Duration = .seconds(30), limits: StripeLimits = StripeLimits()) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.secretKey = secretKey
        self.apiVersion = apiVersion
        self.webhookSigningSecrets = webhookSigningSecrets
        self.webhookToleranceSeconds = webhookToleranceSeconds
        self.requestTimeout = requestTimeout
        self.limits = limits
    }

    /// The configuration with its secrets masked.
    public var description: String {
        let secrets = webhookSigningSecrets.map(Self.masked).joined(separator: ", ")
        return "StripeConfiguration(baseURL: \(baseURL), secretKey: \(Self.masked(secretKey)), apiVersion: \(apiVersion ?? "account default"), "
            + "webhookSigningSecrets: [\(secrets)], webhookToleranceSeconds: \(webhookToleranceSeconds), requestTimeout: \(requestTimeout))"
    }

    /// A secret shown as its kind's prefix and last four characters, such as `sk_test_…4242`.
    static func masked(_ secret: String) -> String {
        let prefix = ["sk_test_", "sk_live_", "rk_test_", "rk_live_", "whsec_"].first { secret.hasPrefix($0) } ?? ""
        return secret.count >= prefix.count + 12 ? "\(prefix)…\(secret.suffix(4))" : "\(prefix)…"
    }
}

/// The limits Remit holds its Stripe requests to: Stripe's documented ones, checked before
/// sending so that a request Stripe would refuse is never sent.
public struct StripeLimits: Sendable, Equatable {
    /// The longest `Idempotency-Key`, in bytes (printable ASCII only); Stripe allows 255.
    public var idempotencyKeyBytesMax: Int
    /// The most metadata keys on one object; Stripe allows 50.
    public var metadataEntriesMax: Int
    /// The longest metadata key, in characters; Stripe allows 40.
    public var metadataKeyCharactersMax: Int
    /// The longest metadata value, in characters; Stripe allows 500.
    public var metadataValueCharactersMax: Int
    /// The longest PaymentIntent `description`, in characters.
    public var descriptionCharactersMax: Int
    /// The longest `statement_descriptor_suffix`, in characters; Stripe allows 22.
    public var statementDescriptorSuffixCharactersMax: Int
    /// The largest `amount`, in minor units: Stripe's amounts have at most eight digits.
    public var amountMinorUnitsMax: Int64
    /// The largest answer read; a longer one counts as a broken answer.
    public var responseBodyBytesMax: Int

    /// Creates limits with Stripe's documented values and 1 MiB answers.
    public init(idempotencyKeyBytesMax: Int = 255, metadataEntriesMax: Int = 50, metadataKeyCharactersMax: Int = 40,
                metadataValueCharactersMax: Int = 500, descriptionCharactersMax: Int = 1_000,
                statementDescriptorSuffixCharactersMax: Int = 22, amountMinorUnitsMax: Int64 = 99_999_999,
                responseBodyBytesMax: Int = 1 << 20) {
        self.idempotencyKeyBytesMax = idempotencyKeyBytesMax
        self.metadataEntriesMax = metadataEntriesMax
        self.metadataKeyCharactersMax = metadataKeyCharactersMax
        self.metadataValueCharactersMax = metadataValueCharactersMax
        self.descriptionCharactersMax = descriptionCharactersMax
        self.statementDescriptorSuffixCharactersMax = statementDescriptorSuffixCharactersMax
        self.amountMinorUnitsMax = amountMinorUnitsMax
        self.responseBodyBytesMax = responseBodyBytesMax
    }
}
