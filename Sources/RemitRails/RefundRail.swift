import RemitCore

/// A way to give a settled payment's money back: the refund counterpart of ``PaymentRail``.
///
/// Like a payment rail it never throws: every answer is a ``RefundOutcome``, and an answer the
/// rail cannot be sure of is ``RefundOutcome/unknown(reason:)``. The caller retries with the
/// SAME idempotency key (derived from the refund id), which the rail de-duplicates, so one
/// refund never moves money twice.
public protocol RefundRail: Sendable {
    /// Asks the rail to give `instruction`'s money back, once per `idempotencyKey`.
    func refund(_ instruction: RefundInstruction, idempotencyKey: String) async -> RefundOutcome
}

/// What to refund: which refund, of which payment, how much, and how the payment was made.
public struct RefundInstruction: Sendable, Equatable {
    /// The refund.
    public var refundID: RefundID
    /// The payment whose money goes back.
    public var paymentID: PaymentID
    /// The amount to give back, in minor units of the payment's currency; above zero.
    public var amount: Money
    /// The payment's reference at its rail (a PaymentIntent, a charge id, a trace number).
    public var paymentRailReference: String?
    /// The tenant's reason, as written.
    public var reason: String?
    /// Free-form key/value pairs carried with the refund.
    public var metadata: [String: String]

    /// Creates an instruction.
    public init(refundID: RefundID, paymentID: PaymentID, amount: Money, paymentRailReference: String?,
                reason: String?, metadata: [String: String] = [:]) {
        self.refundID = refundID
        self.paymentID = paymentID
        self.amount = amount
        self.paymentRailReference = paymentRailReference
        self.reason = reason
        self.metadata = metadata
    }
}

/// The answer to a refund attempt.
public enum RefundOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The money went back; `railReference` names the refund at the rail. Final.
    case succeeded(railReference: String)
    /// The rail refused the refund and will refuse it again under this key. Final.
    case declined(code: String, message: String)
    /// The answer never arrived or was a temporary failure: retry with the same key.
    case unknown(reason: String)

    /// The outcome in one line, for logs.
    public var description: String {
        switch self {
        case let .succeeded(reference): "succeeded(\(reference))"
        case let .declined(code, message): "declined(\(code): \(message))"
        case let .unknown(reason): "unknown(\(reason))"
        }
    }
}
