import RemitCore
@testable import RemitServer
import Testing

/// A refund goes back over the rail its payment settled on.
@Suite struct RefundRailChoiceTests {
    static func choose(_ method: PaymentMethod, settleMethod: PaymentMethod? = nil, stripePM: Bool = false, stripe: Bool = false,
                       account: String? = nil) -> RefundRailName {
        RefundRailChoice.rail(method: method, settleMethod: settleMethod, hasStripePaymentMethod: stripePM, stripeConfigured: stripe,
                              bankAccountKind: account)
    }

    @Test func eachPaymentIsRefundedWhereItsMoneyCameFrom() {
        #expect(Self.choose(.card, stripePM: true, stripe: true) == .stripe)
        #expect(Self.choose(.achDebit, stripePM: true, stripe: true, account: "ach") == .stripe, "Stripe takes a pm_… first, as at settlement")
        #expect(Self.choose(.card, stripePM: true, stripe: false) == .gateway, "without Stripe configured the fallback settled it")
        #expect(Self.choose(.achDebit, account: "ach") == .ach)
        #expect(Self.choose(.sepaCredit, account: "sepa") == .sepa)
        #expect(Self.choose(.achDebit) == .gateway && Self.choose(.sepaCredit) == .gateway && Self.choose(.wire) == .gateway)
        #expect(Self.choose(.wire, account: "ach") == .gateway)
    }

    @Test func aNetTermsPaymentIsRefundedOverTheRailItSettledOnAtTheEndOfItsTerms() {
        #expect(Self.choose(.netTerms, settleMethod: .sepaCredit, account: "sepa") == .sepa)
        #expect(Self.choose(.netTerms, account: "ach") == .ach, "ACH debit is the default settle method")
        #expect(Self.choose(.netTerms, settleMethod: .card) == .gateway)
        #expect(Self.choose(.netTerms, settleMethod: .achDebit, stripePM: true, stripe: true) == .stripe)
    }
}
