import RemitCore
@testable import RemitLedger
import Testing

@Suite struct PostingRulesTests {
    let ids = IDGenerator.seeded(11)
    let tenant: TenantID
    let buyer: BuyerID
    let invoice: InvoiceID
    let payment: PaymentID
    let accounts: [LedgerAccount]
    static let now: Int64 = 1_764_400_000_000

    init() {
        tenant = ids.make()
        buyer = ids.make()
        invoice = ids.make()
        payment = ids.make()
        accounts = ChartOfAccounts.accountsForInvoice(buyer: buyer, tenant: tenant, currency: .usd, ids: ids, now: Self.now)
    }

    func context(at offset: Int64 = 0) -> PostingContext {
        PostingContext(tenant: tenant, currency: .usd, accounts: accounts, ids: ids, now: Self.now + offset)
    }

    func balance(_ book: LedgerBook, _ code: String) -> Int64 {
        let account = accounts.first { $0.code == code }!
        return book.balances[account.id]!.posted(normalSide: account.normalSide)
    }

    @Test func theChartHasEveryStandardAccountWithItsNormalSideAndCashConstraints() {
        let byCode = Dictionary(uniqueKeysWithValues: accounts.map { ($0.code, $0) })
        #expect(Set(byCode.keys) == ["cash_in_transit", "cash_settled", "revenue", "fees", "early_payment_discounts", "refunds", "unapplied_cash",
                                   "receivable:\(buyer)"])
        #expect(byCode["receivable:\(buyer)"]?.normalSide == .debit)
        #expect(byCode["unapplied_cash"]?.kind == .liability && byCode["unapplied_cash"]?.normalSide == .credit)
        #expect(byCode["revenue"]?.normalSide == .credit)
        #expect(byCode["fees"]?.normalSide == .debit)
        #expect(byCode["refunds"]?.normalSide == .debit)
        #expect(byCode["cash_settled"]?.constraint == .creditsMustNotExceedDebits)
        #expect(byCode["cash_in_transit"]?.constraint == .creditsMustNotExceedDebits)
        #expect(byCode["revenue"]?.constraint == nil)
        #expect(accounts.allSatisfy { $0.currency == .usd && $0.tenantID == tenant })
        #expect(accounts.allSatisfy { (try? $0.validate()) != nil })
    }

    @Test func anInvoicesWholeLifeBooksToTheExpectedBalancesAndVerifies() throws {
        var book = LedgerBook(accounts: accounts.map { ($0, .zero) })
        try book.apply(PostingRules.invoiceIssued(context(), invoice: invoice, buyer: buyer, amount: 100_000))
        let pending = try PostingRules.paymentInitiated(context(at: 1), payment: payment, invoice: invoice, buyer: buyer, amount: 98_000,
                                                        timeoutMilliseconds: 86_400_000)
        try book.apply(pending)
        #expect(balance(book, "receivable:\(buyer)") == 100_000, "pending: not posted yet")
        try book.apply(PostingRules.earlyPaymentDiscountTaken(context(at: 2), payment: payment, invoice: invoice, buyer: buyer, amount: 2_000))
        try book.apply(PostingRules.paymentSettledByRail(context(at: 3), pending: pending))
        try book.apply(PostingRules.feeCharged(context(at: 4), payment: payment, amount: 300, from: .inTransit, reference: "fee-1"))
        try book.apply(PostingRules.settlementConfirmedByBank(context(at: 5), payment: payment, amount: 97_700, reference: "stmt-1"))
        try book.apply(PostingRules.refundIssued(context(at: 6), payment: payment, invoice: invoice, buyer: buyer, amount: 5_000, reference: "rf-1"))
        #expect(balance(book, "receivable:\(buyer)") == 0)
        #expect(balance(book, "revenue") == 100_000)
        #expect(balance(book, "early_payment_discounts") == 2_000)
        #expect(balance(book, "fees") == 300)
        #expect(balance(book, "cash_in_transit") == 0)
        #expect(balance(book, "cash_settled") == 92_700)
        #expect(balance(book, "refunds") == 5_000)
        let verification = LedgerVerifier.verify(snapshot(book))
        #expect(verification.isValid, "\(verification.summary)")
        let debits: Int64 = 100_000 + 2_000 + 98_000 + 300 + 97_700 + 5_000
        #expect(verification.totals["USD"]?.debitsPosted == debits)
    }

    @Test func aPartialSettlementPostsPartAndAReturnReversesIt() throws {
        var book = LedgerBook(accounts: accounts.map { ($0, .zero) })
        try book.apply(PostingRules.invoiceIssued(context(), invoice: invoice, buyer: buyer, amount: 10_000))
        let pending = try PostingRules.paymentInitiated(context(at: 1), payment: payment, invoice: invoice, buyer: buyer, amount: 10_000, timeoutMilliseconds: nil)
        try book.apply(pending)
        try book.apply(PostingRules.paymentSettledByRail(context(at: 2), pending: pending, amount: 6_000))
        #expect(balance(book, "receivable:\(buyer)") == 4_000)
        #expect(balance(book, "cash_in_transit") == 6_000)
        try book.apply(PostingRules.paymentReturned(context(at: 3), payment: payment, invoice: invoice, buyer: buyer, amount: 6_000,
                                                    from: .inTransit, reference: "R01"))
        #expect(balance(book, "receivable:\(buyer)") == 10_000)
        #expect(balance(book, "cash_in_transit") == 0)
        #expect(LedgerVerifier.verify(snapshot(book)).isValid)
    }

    @Test func aFailedPaymentVoidsItsPendingAndTheBuyerOwesAgain() throws {
        var book = LedgerBook(accounts: accounts.map { ($0, .zero) })
        try book.apply(PostingRules.invoiceIssued(context(), invoice: invoice, buyer: buyer, amount: 10_000))
        let pending = try PostingRules.paymentInitiated(context(at: 1), payment: payment, invoice: invoice, buyer: buyer, amount: 10_000, timeoutMilliseconds: 1_000)
        try book.apply(pending)
        try book.apply(PostingRules.paymentFailed(context(at: 2), pending: pending))
        #expect(book.pendings[pending.id]?.state == .voided)
        #expect(book.balances[accounts.first { $0.code == "cash_in_transit" }!.id] == .zero)
        #expect(balance(book, "receivable:\(buyer)") == 10_000)
    }

    @Test func bookingTheSameEventTwiceReturnsTheFirstTransfer() throws {
        var book = LedgerBook(accounts: accounts.map { ($0, .zero) })
        let first = try PostingRules.invoiceIssued(context(), invoice: invoice, buyer: buyer, amount: 10_000)
        try book.apply(first)
        let again = try PostingRules.invoiceIssued(context(at: 50), invoice: invoice, buyer: buyer, amount: 10_000)
        #expect(again.id != first.id)
        #expect(try book.apply(again) == .existing(first))
        let corrected = try PostingRules.invoiceIssued(context(at: 60), invoice: invoice, buyer: buyer, amount: 12_000)
        #expect(book.refusal(corrected) == .transferExistsWithDifferentFields)
    }

    @Test func aRefundLargerThanSettledCashIsRefusedBecauseCashMayNotGoNegative() throws {
        var book = LedgerBook(accounts: accounts.map { ($0, .zero) })
        let refund = try PostingRules.refundIssued(context(), payment: payment, invoice: invoice, buyer: buyer, amount: 1, reference: "rf")
        #expect(book.refusal(refund) == .exceedsDebits)
    }

    @Test func rulesNeedTheirAccountsAndPositiveAmounts() {
        let bare = PostingContext(tenant: tenant, currency: .eur, accounts: accounts, ids: ids, now: Self.now)
        #expect(ledgerErrorCode { _ = try PostingRules.invoiceIssued(bare, invoice: invoice, buyer: buyer, amount: 1) } == .accountNotFound)
        #expect(ledgerErrorCode { _ = try PostingRules.invoiceIssued(context(), invoice: invoice, buyer: buyer, amount: 0) } == .amountNotPositive)
        #expect(ledgerErrorCode { _ = try PostingRules.feeCharged(context(), payment: payment, amount: 1, from: .settled,
                                                                  reference: String(repeating: "x", count: LedgerLimits.clientIDBytesMax)) } == .clientIDInvalid)
    }

    func snapshot(_ book: LedgerBook) -> LedgerSnapshot {
        LedgerSnapshot(accounts: accounts.map { LedgerAccountWithBalance(account: $0, balance: book.balances[$0.id] ?? .zero) },
                       transfers: book.created.map { LedgerTransferRecord(transfer: $0, pendingState: $0.kind == .pending ? book.pendings[$0.id]?.state : nil) })
    }
}
