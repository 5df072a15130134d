/// A test payment method the stand-in knows, and what confirming a PaymentIntent with it does.
public struct TestPaymentMethod: Sendable, Equatable {
    /// What happens on confirmation.
    public enum Behaviour: Sendable, Equatable {
        /// The PaymentIntent succeeds at once.
        case succeed
        /// The confirmation fails with a 402 `card_error`; the PaymentIntent needs a new method.
        case decline(code: String, declineCode: String?, message: String)
        /// The PaymentIntent is `processing` until settled, then succeeds.
        case processThenSucceed
        /// The PaymentIntent is `processing` until settled, then fails with this code.
        case processThenFail(code: String, message: String)
    }

    /// The id, such as `pm_card_visa`.
    public var id: String
    /// The Stripe payment method type, `card` or `us_bank_account`.
    public var type: String
    /// What confirming does.
    public var behaviour: Behaviour

    /// The test payment methods, by id: Stripe's documented `pm_card_*` ids, and bank-account
    /// ids in the same style for ACH debits.
    public static let all: [String: TestPaymentMethod] = Dictionary(uniqueKeysWithValues: [
        TestPaymentMethod(id: "pm_card_visa", type: "card", behaviour: .succeed),
        TestPaymentMethod(id: "pm_card_mastercard", type: "card", behaviour: .succeed),
        TestPaymentMethod(id: "pm_card_amex", type: "card", behaviour: .succeed),
        TestPaymentMethod(id: "pm_card_chargeDeclined", type: "card",
                          behaviour: .decline(code: "card_declined", declineCode: "generic_decline", message: "Your card was declined.")),
        TestPaymentMethod(id: "pm_card_chargeDeclinedInsufficientFunds", type: "card",
                          behaviour: .decline(code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds.")),
        TestPaymentMethod(id: "pm_card_chargeDeclinedExpiredCard", type: "card",
                          behaviour: .decline(code: "expired_card", declineCode: "expired_card", message: "Your card has expired.")),
        TestPaymentMethod(id: "pm_usBankAccount_success", type: "us_bank_account", behaviour: .processThenSucceed),
        TestPaymentMethod(id: "pm_usBankAccount_insufficientFunds", type: "us_bank_account",
                          behaviour: .processThenFail(code: "insufficient_funds", message: "The customer's bank account has insufficient funds.")),
        TestPaymentMethod(id: "pm_usBankAccount_accountClosed", type: "us_bank_account",
                          behaviour: .processThenFail(code: "bank_account_unusable", message: "The customer's bank account is closed.")),
    ].map { ($0.id, $0) })
}
