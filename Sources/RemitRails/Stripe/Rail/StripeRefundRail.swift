import RemitCore

/// Refunds a Stripe payment: `POST /v1/refunds` of the payment's PaymentIntent (its rail
/// reference), with the refund id in `metadata[remit_refund_id]` and the Idempotency-Key the
/// refund processor derives from the refund id.
///
/// A refund Stripe reports `succeeded` succeeded; `pending` and `requires_action` are unknown
/// (asked again later under the same key, which replays Stripe's current answer); `failed` and
/// `canceled`, and Stripe's refusals (`charge_already_refunded`, `amount_too_large`, …), are declined.
public struct StripeRefundRail: RefundRail {
    let client: StripeClient

    /// Creates the rail over `client`.
    public init(client: StripeClient) {
        self.client = client
    }

    public func refund(_ instruction: RefundInstruction, idempotencyKey: String) async -> RefundOutcome {
        guard let intent = instruction.paymentRailReference, intent.hasPrefix("pi_") else {
            return .declined(code: "payment_intent_missing", message: "The payment has no Stripe PaymentIntent to refund.")
        }
        let response = await client.createRefund(paymentIntent: intent, amount: instruction.amount.minorUnits,
                                                 reason: Self.reason(instruction.reason), metadata: instruction.metadata,
                                                 idempotencyKey: idempotencyKey)
        switch response {
        case let .success(refund, _):
            switch refund.status {
            case "succeeded": return .succeeded(railReference: refund.id)
            case "failed", "canceled":
                return .declined(code: refund.failureReason ?? refund.status, message: "Stripe refund \(refund.id) is \(refund.status).")
            default: return .unknown(reason: "Stripe refund \(refund.id) is \(refund.status)")
            }
        case let .failure(error):
            switch error.settlementOutcome {
            case let .declined(code, message): return .declined(code: code, message: message)
            case let .unknown(reason): return .unknown(reason: reason)
            case .settled: return .unknown(reason: "Stripe answered \(error)")
            }
        case let .noAnswer(reason): return .unknown(reason: reason)
        case let .notSent(error): return .declined(code: error.code.rawValue, message: error.message)
        }
    }

    /// Stripe's reason for Remit's free text: one of Stripe's three values when the text is one
    /// (`requested_by_customer`, …), otherwise none (the text goes in metadata).
    static func reason(_ text: String?) -> StripeRefundReason? {
        text.flatMap { StripeRefundReason(rawValue: $0.lowercased().replacingOccurrences(of: " ", with: "_")) }
    }
}
