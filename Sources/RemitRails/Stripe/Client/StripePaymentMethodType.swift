import RemitCore

/// A Stripe payment method type, such as `card` or `us_bank_account`: one of the values Stripe
/// documents for `payment_method_types` and `excluded_payment_method_types`.
public struct StripePaymentMethodType: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The type's name as Stripe spells it.
    public let rawValue: String

    /// The type named `rawValue`, or nil when Stripe documents no such type.
    public init?(rawValue: String) {
        guard Self.documented.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) { rawValue = known }

    /// Cards (credit, debit, prepaid).
    public static let card = StripePaymentMethodType(known: "card")
    /// ACH Direct Debit from a US bank account.
    public static let usBankAccount = StripePaymentMethodType(known: "us_bank_account")

    /// The Stripe type that carries a Remit payment method: card → `card`, ACH debit →
    /// `us_bank_account`; nil for the methods Remit moves over other rails.
    public init?(_ method: PaymentMethod) {
        switch method {
        case .card: self = .card
        case .achDebit: self = .usBankAccount
        case .achCredit, .wire, .rtp, .sepaCredit, .virtualCard, .netTerms: return nil
        }
    }

    /// The Stripe types to exclude when a policy hides `hidden`: each hidden method that Stripe
    /// carries, once, sorted. Hidden methods that Stripe does not carry add nothing.
    public static func excluding(hidden: [PaymentMethod]) -> [StripePaymentMethodType] {
        Array(Set(hidden.compactMap(StripePaymentMethodType.init))).sorted()
    }

    /// Every type name Stripe documents for `excluded_payment_method_types` on a PaymentIntent.
    public static let documented: Set<String> = [
        "acss_debit", "affirm", "afterpay_clearpay", "alipay", "alma", "amazon_pay", "au_becs_debit", "bacs_debit",
        "bancontact", "billie", "blik", "boleto", "card", "cashapp", "crypto", "customer_balance", "eps", "fpx",
        "giropay", "grabpay", "ideal", "kakao_pay", "klarna", "konbini", "kr_card", "mb_way", "mobilepay", "multibanco",
        "naver_pay", "nz_bank_account", "oxxo", "p24", "pay_by_bank", "payco", "paynow", "paypal", "pix", "promptpay",
        "revolut_pay", "samsung_pay", "satispay", "sepa_debit", "sofort", "swish", "twint", "us_bank_account",
        "wechat_pay", "zip",
    ]

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The type's name.
    public var description: String { rawValue }
}
