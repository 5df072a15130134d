import RemitCore

/// A verified Stripe event, as Remit reads it.
public enum StripeWebhookEvent: Sendable, Equatable {
    /// `payment_intent.succeeded` or `payment_intent.payment_failed`.
    case paymentIntent(StripePaymentIntentEvent)
    /// Any other event type: verified, acknowledged, and not acted on.
    case unhandled(id: String, type: String)

    /// The event's id, `evt_…`: de-duplicate on it.
    public var id: String {
        switch self {
        case let .paymentIntent(event): event.id
        case let .unhandled(id, _): id
        }
    }

    /// The largest JSON nesting read from an event.
    public static let depthMax = 32

    /// Reads an event from its JSON payload.
    ///
    /// - Throws: ``StripeError`` `eventMalformed` when the payload is not an event object, or
    ///   is a PaymentIntent event whose `data.object` is not a PaymentIntent.
    public static func decode(_ payload: [UInt8]) throws(StripeError) -> StripeWebhookEvent {
        let json: JSONValue
        do {
            json = try JSONParser.parse(payload, limits: JSONLimits(depthMax: depthMax, bytesMax: max(payload.count, 1)))
        } catch {
            throw StripeError(.eventMalformed, "The webhook payload is not JSON: \(error.message)")
        }
        guard json["object"]?.stringValue == "event", let id = json["id"]?.stringValue, let type = json["type"]?.stringValue else {
            throw StripeError(.eventMalformed, "The webhook payload is not a Stripe event (object, id and type are required).")
        }
        guard let kind = StripePaymentIntentEvent.Kind(rawValue: type) else { return .unhandled(id: id, type: type) }
        guard let intent = json["data"]?["object"].flatMap(StripePaymentIntent.init(json:)) else {
            throw StripeError(.eventMalformed, "Event \(id) (\(type)) carries no PaymentIntent in data.object.")
        }
        return .paymentIntent(StripePaymentIntentEvent(id: id, kind: kind, created: json["created"]?.int64Value ?? 0,
                                                       livemode: json["livemode"] == .bool(true), paymentIntent: intent))
    }
}

/// A `payment_intent.succeeded` or `payment_intent.payment_failed` event.
public struct StripePaymentIntentEvent: Sendable, Equatable {
    /// Which of the two events this is.
    public enum Kind: String, Sendable, Equatable {
        /// The money moved.
        case succeeded = "payment_intent.succeeded"
        /// The attempt failed; the PaymentIntent needs a new payment method.
        case paymentFailed = "payment_intent.payment_failed"
    }

    /// The event's id, `evt_…`.
    public var id: String
    /// The event type.
    public var kind: Kind
    /// When Stripe created the event, in seconds since 1970.
    public var created: Int64
    /// Whether the event is from live mode.
    public var livemode: Bool
    /// The PaymentIntent as it was when the event happened: id, status, amount, currency,
    /// metadata (with Remit's `payment_id`) and `last_payment_error`.
    public var paymentIntent: StripePaymentIntent

    /// Creates an event value.
    public init(id: String, kind: Kind, created: Int64, livemode: Bool, paymentIntent: StripePaymentIntent) {
        self.id = id
        self.kind = kind
        self.created = created
        self.livemode = livemode
        self.paymentIntent = paymentIntent
    }

    /// What the event decides for the payment: `succeeded` settles it with the PaymentIntent's
    /// id; `payment_failed` declines it with the last payment error's code.
    public var settlementOutcome: SettlementOutcome {
        switch kind {
        case .succeeded:
            return .settled(railReference: paymentIntent.id)
        case .paymentFailed:
            let error = paymentIntent.lastPaymentError
            return .declined(code: error?.reasonCode ?? "payment_failed",
                             message: error?.message ?? "The payment failed (PaymentIntent \(paymentIntent.id)).")
        }
    }
}
