/// A request the stand-in received, as tests see it.
public struct RecordedStripeRequest: Sendable, Equatable {
    /// The method, such as `POST`.
    public var method: String
    /// The path, such as `/v1/payment_intents`.
    public var path: String
    /// The headers, names in lowercase; `authorization` shows only the key's prefix and last four characters.
    public var headers: [String: String]
    /// The body exactly as received.
    public var body: String
    /// The decoded form pairs, in order; empty when the body was not a form.
    public var parameters: [Parameter]
    /// The HTTP status the stand-in answered.
    public var responseStatus: Int

    /// One decoded name/value pair, such as `metadata[invoice_id]` = `INV-1`.
    public struct Parameter: Sendable, Equatable {
        /// The name in bracket notation.
        public var name: String
        /// The value.
        public var value: String
    }

    /// The `Idempotency-Key` header, when present.
    public var idempotencyKey: String? { headers["idempotency-key"] }

    /// The value of the parameter named `name`, when present.
    public func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.value }
}

/// An event the stand-in emitted, and what became of its delivery.
public struct StripeSimEvent: Sendable, Equatable {
    /// The event id, `evt_…`.
    public var id: String
    /// The event type, such as `payment_intent.succeeded`.
    public var type: String
    /// The JSON payload exactly as signed and sent.
    public var payload: [UInt8]
    /// The `Stripe-Signature` header sent with it.
    public var signatureHeader: String
    /// The HTTP status the webhook endpoint answered; nil when not (yet) delivered.
    public var deliveryStatus: Int?
    /// Why delivery failed, when it did.
    public var deliveryError: String?
}
