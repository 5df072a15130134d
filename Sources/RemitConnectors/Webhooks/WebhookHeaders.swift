/// The names of the Standard Webhooks headers, lower-case as HTTP/2 sends them.
public enum WebhookHeaderName {
    /// The message id: the same on every attempt, a receiver's de-duplication key.
    public static let id = "webhook-id"
    /// The attempt's time in whole seconds since 1970.
    public static let timestamp = "webhook-timestamp"
    /// A space-separated list of `v1,<base64 HMAC-SHA256>` signatures.
    public static let signature = "webhook-signature"
}

/// The three headers that sign one webhook attempt.
public struct WebhookSignatureHeaders: Sendable, Equatable {
    /// The value of `webhook-id`.
    public var id: String
    /// The value of `webhook-timestamp`, in seconds since 1970.
    public var timestamp: Int64
    /// The value of `webhook-signature`: one `v1,…` entry per signing secret.
    public var signature: String

    /// Creates the headers.
    public init(id: String, timestamp: Int64, signature: String) {
        self.id = id
        self.timestamp = timestamp
        self.signature = signature
    }

    /// The headers as name–value pairs, in the order the specification lists them.
    public var fields: [(name: String, value: String)] {
        [
            (WebhookHeaderName.id, id),
            (WebhookHeaderName.timestamp, String(timestamp)),
            (WebhookHeaderName.signature, signature),
        ]
    }
}
