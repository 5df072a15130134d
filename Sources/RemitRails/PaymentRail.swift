import RemitCore

/// A way to move money: the interface the workflow's `settle` step calls.
///
/// A rail never throws. Every answer is a ``SettlementOutcome``, and an outcome the rail cannot
/// be sure of is ``SettlementOutcome/unknown(reason:)``: the caller retries later with the SAME
/// idempotency key, which the rail de-duplicates, so a retry can never move the money twice.
public protocol PaymentRail: Sendable {
    /// Asks the rail to move `instruction`'s money, once per `idempotencyKey`.
    ///
    /// - Parameter idempotencyKey: A key derived from stable ids (such as run id + step id).
    ///   The same key always refers to the same charge: sending it again returns the first
    ///   charge's result instead of charging again.
    func settle(_ instruction: SettlementInstruction, idempotencyKey: String) async -> SettlementOutcome
}

/// What to settle: the payment, its amount, how it is paid and what the payee sees.
public struct SettlementInstruction: Sendable, Equatable {
    /// The payment the money is for.
    public var paymentID: PaymentID
    /// The exact amount, in minor units of its currency; must be above zero.
    public var amount: Money
    /// The rail method the buyer chose.
    public var method: PaymentMethod
    /// Remittance text the payee sees, such as the invoice number; at most 140 characters.
    public var reference: String
    /// Free-form key/value pairs carried with the charge (at most 20; values at most 500 characters).
    public var metadata: [String: String]

    /// Creates an instruction.
    public init(paymentID: PaymentID, amount: Money, method: PaymentMethod, reference: String, metadata: [String: String] = [:]) {
        self.paymentID = paymentID
        self.amount = amount
        self.method = method
        self.reference = reference
        self.metadata = metadata
    }
}

/// The answer to a settlement attempt.
public enum SettlementOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The money moved; `railReference` names the charge at the rail. Final.
    case settled(railReference: String)
    /// The rail refused the charge (or the instruction itself) and will refuse it again under
    /// this key. Final: retrying with the same key returns the same decline.
    case declined(code: String, message: String)
    /// The rail's answer never arrived or was a temporary failure (a timeout, a lost
    /// connection, a 5xx): the money may or may not have moved. Retry with the same key, or
    /// ask ``SimulatedGatewayClient/status(idempotencyKey:)``.
    case unknown(reason: String)

    /// Whether this outcome will never change for its key.
    public var isFinal: Bool {
        if case .unknown = self { return false }
        return true
    }

    /// The outcome in one line, for logs.
    public var description: String {
        switch self {
        case let .settled(reference): "settled(\(reference))"
        case let .declined(code, message): "declined(\(code): \(message))"
        case let .unknown(reason): "unknown(\(reason))"
        }
    }
}

/// What the rail knows about an idempotency key, when asked without charging.
public enum SettlementStatus: Sendable, Equatable {
    /// The rail has a final result for the key: ``SettlementOutcome/settled(railReference:)``
    /// or ``SettlementOutcome/declined(code:message:)``.
    case recorded(SettlementOutcome)
    /// The rail has no charge under the key: nothing moved, and settling again is safe.
    case notFound
    /// The rail could not be asked (a timeout, a lost connection, a 5xx).
    case unavailable(reason: String)
}
