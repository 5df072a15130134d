import RemitCore
@testable import RemitLedger
import Testing

/// A settlement with a discount and a surcharge books the cash charged, the receivable the
/// payment applies, the discount on settlement only, and reverses all of it on a return.
@Suite struct SettlementPostingsTests {
    let rules = PostingRulesTests()

    func book(invoiceTotal: Int64) throws -> LedgerBook {
        var book = LedgerBook(accounts: rules.accounts.map { ($0, .zero) })
        try book.apply(PostingRules.invoiceIssued(rules.context(), invoice: rules.invoice, buyer: rules.buyer, amount: invoiceTotal))
        return book
    }

    func balance(_ book: LedgerBook, _ code: String) -> Int64 { rules.balance(book, code == "receivable" ? "receivable:\(rules.buyer)" : code) }

    @Test func aTwoPercentEarlyPaymentDiscountClosesTheReceivableWhenTheRailSettles() throws {
        var book = try book(invoiceTotal: 100_000)
        let amounts = SettlementAmounts(charged: 98_000, discount: 2_000)
        #expect(amounts.applied == 100_000)
        let pending = try SettlementPostings.started(rules.context(at: 1), payment: rules.payment, invoice: rules.invoice, buyer: rules.buyer,
                                                     amounts: amounts)
        #expect(pending.clientID == "payment_initiated:\(rules.payment)" && pending.kind == .pending)
        try book.apply(pending)
        #expect(balance(book, "early_payment_discounts") == 0, "nothing is discounted before the rail settles")
        for transfer in try SettlementPostings.settled(rules.context(at: 2), pending: pending, payment: rules.payment, invoice: rules.invoice,
                                                       buyer: rules.buyer, amounts: amounts) {
            try book.apply(transfer)
        }
        #expect(balance(book, "receivable") == 0)
        #expect(balance(book, "cash_in_transit") == 98_000)
        #expect(balance(book, "early_payment_discounts") == 2_000)
        #expect(balance(book, "revenue") == 100_000)
        #expect(book.created.contains { $0.clientID == "discount:\(rules.payment)" })
        #expect(LedgerVerifier.verify(rules.snapshot(book)).isValid)
    }

    @Test func aSurchargeIsChargedIntoCashInTransitAndCreditedToRevenue() throws {
        var book = try book(invoiceTotal: 100_000)
        let amounts = SettlementAmounts(charged: 101_500, surcharge: 1_500)
        let pending = try SettlementPostings.started(rules.context(at: 1), payment: rules.payment, invoice: rules.invoice, buyer: rules.buyer,
                                                     amounts: amounts)
        #expect(pending.legs.count == 3)
        try book.apply(pending)
        for transfer in try SettlementPostings.settled(rules.context(at: 2), pending: pending, payment: rules.payment, invoice: rules.invoice,
                                                       buyer: rules.buyer, amounts: amounts) {
            try book.apply(transfer)
        }
        #expect(balance(book, "receivable") == 0)
        #expect(balance(book, "cash_in_transit") == 101_500)
        #expect(balance(book, "revenue") == 101_500)
        #expect(LedgerVerifier.verify(rules.snapshot(book)).isValid)
    }

    @Test func aDeclineVoidsThePendingAndBooksNoDiscount() throws {
        var book = try book(invoiceTotal: 100_000)
        let amounts = SettlementAmounts(charged: 99_500, surcharge: 1_500, discount: 2_000)
        let pending = try SettlementPostings.started(rules.context(at: 1), payment: rules.payment, invoice: rules.invoice, buyer: rules.buyer,
                                                     amounts: amounts)
        try book.apply(pending)
        try book.apply(PostingRules.paymentFailed(rules.context(at: 2), pending: pending))
        #expect(balance(book, "receivable") == 100_000)
        #expect(balance(book, "revenue") == 100_000)
        #expect(balance(book, "early_payment_discounts") == 0)
        #expect(book.balances[rules.accounts.first { $0.code == "cash_in_transit" }!.id] == .zero)
        #expect(LedgerVerifier.verify(rules.snapshot(book)).isValid)
    }

    @Test(arguments: CashStage.allCases)
    func aReturnReversesTheCashTheSurchargeAndTheDiscount(_ stage: CashStage) throws {
        var book = try book(invoiceTotal: 100_000)
        let amounts = SettlementAmounts(charged: 99_500, surcharge: 1_500, discount: 2_000)
        let pending = try SettlementPostings.started(rules.context(at: 1), payment: rules.payment, invoice: rules.invoice, buyer: rules.buyer,
                                                     amounts: amounts)
        try book.apply(pending)
        for transfer in try SettlementPostings.settled(rules.context(at: 2), pending: pending, payment: rules.payment, invoice: rules.invoice,
                                                       buyer: rules.buyer, amounts: amounts) {
            try book.apply(transfer)
        }
        if stage == .settled {
            try book.apply(PostingRules.settlementConfirmedByBank(rules.context(at: 3), payment: rules.payment, amount: 99_500, reference: "stmt"))
        }
        #expect(balance(book, "receivable") == 0)
        let returned = try SettlementPostings.returned(rules.context(at: 4), payment: rules.payment, invoice: rules.invoice, buyer: rules.buyer,
                                                       amounts: amounts, from: stage, reference: "R01")
        #expect(returned.map(\.clientID) == ["return:\(rules.payment):R01", "discount_reversed:\(rules.payment):R01"])
        for transfer in returned { try book.apply(transfer) }
        #expect(balance(book, "receivable") == 100_000)
        #expect(balance(book, "revenue") == 100_000)
        #expect(balance(book, "early_payment_discounts") == 0)
        #expect(balance(book, "cash_in_transit") == 0)
        #expect(balance(book, "cash_settled") == 0)
        #expect(LedgerVerifier.verify(rules.snapshot(book)).isValid)
    }

    @Test func withoutAdjustmentsTheTransfersAreThePostingRulesOwn() throws {
        let amounts = SettlementAmounts(charged: 10_000)
        let started = try SettlementPostings.started(rules.context(), payment: rules.payment, invoice: rules.invoice, buyer: rules.buyer,
                                                     amounts: amounts)
        let plain = try PostingRules.paymentInitiated(rules.context(), payment: rules.payment, invoice: rules.invoice, buyer: rules.buyer,
                                                      amount: 10_000, timeoutMilliseconds: nil)
        #expect(started.clientID == plain.clientID && started.legs == plain.legs && started.metadata == plain.metadata)
        let returned = try SettlementPostings.returned(rules.context(), payment: rules.payment, invoice: rules.invoice, buyer: rules.buyer,
                                                       amounts: amounts, from: .inTransit, reference: "R01")
        #expect(returned.map(\.clientID) == ["return:\(rules.payment):R01"])
    }
}
