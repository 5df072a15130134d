import RemitCore
import RemitPolicy
import Testing

/// What a buyer pays at checkout: the early-payment discount of its terms inside the window and
/// never on net terms, the larger of it and a policy discount, plus a policy surcharge.
@Suite struct CheckoutPriceTests {
    static let issued = CalendarDate(year: 2026, month: 12, day: 1)!
    static let twoTen = EarlyPaymentDiscount(discountBasisPoints: 200, withinDays: 10)

    static func decision(_ rules: String, amount: Int64) throws -> CheckoutDecision {
        var input = try CheckoutDecisionTests.input(context: CheckoutDecisionTests.context())
        input.amount = amount
        return try CheckoutDecisionTests.compile(rules).decide(input)
    }

    static func price(_ rules: String = "", amount: Int64 = 375_000, terms: EarlyPaymentDiscount? = twoTen, payOn day: Int,
                      method: PaymentMethod = .wire) throws -> CheckoutPrice {
        CheckoutPrice.price(amount: amount, decision: try decision(rules, amount: amount), terms: terms, issueDate: issued,
                            payDate: issued.adding(days: day), method: method)
    }

    @Test func aTwoTenBuyerPayingOnTheTenthDayGetsTwoPercentOff() throws {
        let price = try Self.price(payOn: 10)
        #expect(price == CheckoutPrice(amount: 375_000, discount: 7_500, discountSource: .earlyPayment, surcharge: 0))
        #expect(price.charged == 367_500)
        #expect(CheckoutPrice.lastDiscountDay(Self.twoTen, issueDate: Self.issued).description == "2026-12-11")
    }

    @Test func onTheEleventhDayOrOnNetTermsThereIsNoEarlyPaymentDiscount() throws {
        #expect(try Self.price(payOn: 11) == CheckoutPrice(amount: 375_000, discount: 0, discountSource: nil, surcharge: 0))
        #expect(try Self.price(payOn: 0, method: .netTerms).discount == 0)
        #expect(try Self.price(terms: nil, payOn: 0).discount == 0)
    }

    @Test func theLargerOfThePolicyDiscountAndTheEarlyPaymentDiscountApplies() throws {
        let onePercent = #"{"id": "promo", "when": "true", "then": [{"type": "discount", "bps": 100}]}"#
        let threePercent = #"{"id": "promo", "when": "true", "then": [{"type": "discount", "bps": 300}]}"#
        #expect(try Self.price(onePercent, payOn: 3).discount == 7_500)
        #expect(try Self.price(onePercent, payOn: 3).discountSource == .earlyPayment)
        #expect(try Self.price(threePercent, payOn: 3) == CheckoutPrice(amount: 375_000, discount: 11_250, discountSource: .policy, surcharge: 0))
        // Net terms keep the policy's discount: only the early-payment one needs the window.
        #expect(try Self.price(onePercent, payOn: 3, method: .netTerms).discount == 3_750)
    }

    @Test func aSurchargeIsChargedOnTopAndRoundsHalfEven() throws {
        let surcharge = #"{"id": "fee", "when": "true", "then": [{"type": "surcharge", "bps": 150}]}"#
        let price = try Self.price(surcharge, amount: 100_100, payOn: 20)
        // 1.5% of 1,001.00 is 15.015: rounded half-even to 15.02.
        #expect(price.surcharge == 1_502 && price.discount == 0 && price.charged == 101_602)
        let both = try Self.price(surcharge, amount: 100_000, payOn: 1)
        #expect(both.charged == 100_000 - 2_000 + 1_500)
    }
}
