import RemitCore
import RemitPolicy
import RemitStore

extension CheckoutService {
    /// The day a confirmation pays on, for the early-payment window: the scheduled day when
    /// the payment is scheduled later than today (the money moves then), else today.
    func payDate(scheduledFor: JSONValue?) -> CalendarDate {
        let today = CalendarDate(utc: environment.clock.now())
        guard let text = scheduledFor?.stringValue, let scheduled = CalendarDate(iso8601: text) else { return today }
        return max(today, scheduled)
    }

    /// The session's `price` as the tenant and the buyer see it: what paying now costs with a
    /// method other than net terms (the larger of the policy's discount and the early-payment
    /// discount, plus the surcharge), the terms' offer and its last day, and what net terms
    /// would cost (no early-payment discount) when they are offered.
    func priceJSON(_ session: StoredCheckoutSession, invoice: Invoice?, terms: EarlyPaymentDiscount?) -> JSONValue {
        guard let invoice, case .object = session.decision else { return .null }
        let policyDiscount = session.decision["discount"]?["amount"]?.int64Value ?? 0
        let surcharge = session.decision["surcharge"]?["amount"]?.int64Value ?? 0
        let today = CalendarDate(utc: environment.clock.now())
        func price(_ method: PaymentMethod) -> CheckoutPrice {
            CheckoutPrice.price(amount: session.amount, policyDiscount: policyDiscount, surcharge: surcharge, terms: terms,
                                issueDate: invoice.issueDate, payDate: today, method: method)
        }
        // Paying now with any method but net terms; the terms' offer is only that discount.
        let now = price(.card)
        let early = CheckoutPrice.earlyPaymentDiscount(amount: session.amount, terms: terms, issueDate: invoice.issueDate, payDate: today,
                                                       method: .card)
        var netTermsOffered = false
        if case let .array(methods)? = session.decision["methods"] {
            netTermsOffered = methods.contains {
                $0["method"]?.stringValue == PaymentMethod.netTerms.rawValue && $0["visibility"]?.stringValue != MethodVisibility.hidden.rawValue
            }
        }
        var offer: JSONValue = .null
        if let terms, early > 0 {
            offer = .object([("bps", .int(terms.discountBasisPoints)), ("amount", .int(early)),
                             ("pay_by", .string(CheckoutPrice.lastDiscountDay(terms, issueDate: invoice.issueDate).description))])
        }
        return .object([
            ("amount", .int(session.amount)), ("discount_amount", .int(now.discount)),
            ("discount_source", .optional(now.discountSource?.rawValue)), ("surcharge_amount", .int(now.surcharge)),
            ("amount_to_pay", .int(now.charged)), ("early_payment_discount", offer),
            ("net_terms_amount_to_pay", netTermsOffered ? .int(price(.netTerms).charged) : .null),
        ])
    }
}
