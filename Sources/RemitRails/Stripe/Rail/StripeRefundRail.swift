import RemitCore

/// Refunds a Stripe payment: `POST /v1/refunds` of the payment's PaymentIntent (its rail
/// reference), with the refund id in `metadata[remit_refund_id]` and the Idempotency-Key the
/// refund processor derives from the refund id.
///
/// Before it creates anything, the rail lists the PaymentIntent's refunds and looks for the one
/// whose `metadata[remit_refund_id]` is this refund's: a refund Stripe already has is read, never
/// created again. That matters for a refund Stripe left `pending` (ACH refunds take days):
/// Stripe replays an idempotent request's first answer for 24 hours and then forgets the key,
/// so asking again by POST would read `pending` forever and, a day later, could refund twice.
///
/// A refund Stripe reports `succeeded` succeeded; `pending` and `requires_action` are unknown
/// (looked up again later); `failed` and `canceled`, and Stripe's refusals
/// (`charge_already_refunded`, `amount_too_large`, …), are declined.
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
        switch await client.listRefunds(paymentIntent: intent) {
        case let .success(refunds, _):
            if let existing = refunds.first(where: { $0.metadata[Self.refundIDKey] == instruction.refundID.rawValue }) {
                return Self.outcome(existing)
            }
        case let .failure(error):
            return .unknown(reason: "listing the PaymentIntent's refunds failed: \(error)")
        case let .noAnswer(reason):
            return .unknown(reason: reason)
        case let .notSent(error):
            return .declined(code: error.code.rawValue, message: error.message)
        }
        var metadata = instruction.metadata
        metadata[Self.refundIDKey] = instruction.refundID.rawValue
        let response = await client.createRefund(paymentIntent: intent, amount: instruction.amount.minorUnits,
                                                 reason: Self.reason(instruction.reason), metadata: metadata,
                                                 idempotencyKey: idempotencyKey)
        switch response {
        case let .success(refund, _):
            return Self.outcome(refund)
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

    /// The metadata key that names the Remit refund on Stripe's refund.
    static let refundIDKey = "remit_refund_id"

    /// What a refund Stripe holds means for Remit.
    static func outcome(_ refund: StripeRefund) -> RefundOutcome {
        switch refund.status {
        case "succeeded": .succeeded(railReference: refund.id)
        case "failed", "canceled": .declined(code: refund.failureReason ?? refund.status, message: "Stripe refund \(refund.id) is \(refund.status).")
        default: .unknown(reason: "Stripe refund \(refund.id) is \(refund.status)")
        }
    }

    /// Stripe's reason for Remit's free text: one of Stripe's three values when the text is one
    /// (`requested_by_customer`, …), otherwise none (the text goes in metadata).
    static func reason(_ text: String?) -> StripeRefundReason? {
        text.flatMap { StripeRefundReason(rawValue: $0.lowercased().replacingOccurrences(of: " ", with: "_")) }
    }
}
