import RemitCore
@testable import RemitLedger
import Testing

/// A refund is held, then posted or voided; the hold reserves the cash so it cannot be spent twice.
@Suite struct RefundPostingTests {
    let fixture = PostingRulesTests()
    var ids: IDGenerator { fixture.ids }

    /// Books an invoice of 100,000 paid in full (settled by the rail, fee 300) and returns the book.
    func paidBook() throws -> LedgerBook {
        var book = LedgerBook(accounts: fixture.accounts.map { ($0, .zero) })
        try book.apply(PostingRules.invoiceIssued(fixture.context(), invoice: fixture.invoice, buyer: fixture.buyer, amount: 100_000))
        let pending = try PostingRules.paymentInitiated(fixture.context(at: 1), payment: fixture.payment, invoice: fixture.invoice,
                                                        buyer: fixture.buyer, amount: 100_000, timeoutMilliseconds: nil)
        try book.apply(pending)
        try book.apply(PostingRules.paymentSettledByRail(fixture.context(at: 2), pending: pending))
        try book.apply(PostingRules.feeCharged(fixture.context(at: 3), payment: fixture.payment, amount: 300, from: .inTransit, reference: "f"))
        return book
    }

    func hold(_ amount: Int64, refund: RefundID, from stage: CashStage = .inTransit) throws -> LedgerTransfer {
        try PostingRules.refundRequested(fixture.context(at: 10), refund: refund, payment: fixture.payment, invoice: fixture.invoice,
                                         buyer: fixture.buyer, amount: amount, from: stage)
    }

    @Test func aSucceededRefundMovesCashToTheRefundsAccount() throws {
        var book = try paidBook()
        let refund: RefundID = ids.make()
        let pending = try hold(40_000, refund: refund)
        #expect(pending.kind == .pending && pending.clientID == "refund:\(refund)" && pending.timeoutMilliseconds == nil)
        try book.apply(pending)
        #expect(fixture.balance(book, "refunds") == 0, "held, not posted")
        let posted = try PostingRules.refundSucceeded(fixture.context(at: 11), refund: refund, pending: pending)
        #expect(posted.clientID == "refund_posted:\(refund)" && posted.pendingID == pending.id)
        try book.apply(posted)
        #expect(fixture.balance(book, "refunds") == 40_000)
        #expect(fixture.balance(book, "cash_in_transit") == 100_000 - 300 - 40_000)
        #expect(fixture.balance(book, "revenue") == 100_000 && fixture.balance(book, "receivable:\(fixture.buyer)") == 0)
    }

    @Test func aFailedRefundReleasesItsHold() throws {
        var book = try paidBook()
        let refund: RefundID = ids.make()
        let pending = try hold(99_700, refund: refund)
        try book.apply(pending)
        // The hold reserves the cash: no second refund can take it meanwhile.
        #expect(ledgerErrorCode { try book.apply(try hold(1, refund: ids.make())) } == .exceedsDebits)
        let voided = try PostingRules.refundFailed(fixture.context(at: 11), refund: refund, pending: pending)
        #expect(voided.clientID == "refund_voided:\(refund)" && voided.kind == .voidPending)
        try book.apply(voided)
        #expect(fixture.balance(book, "refunds") == 0 && fixture.balance(book, "cash_in_transit") == 99_700)
        try book.apply(try hold(99_700, refund: ids.make()))
    }

    @Test func aRefundAboveTheCashIsRefusedByTheCashConstraint() throws {
        var book = try paidBook()
        #expect(ledgerErrorCode { try book.apply(try hold(99_701, refund: ids.make())) } == .exceedsDebits)
        // Settled cash holds nothing until the bank confirmed the payment.
        #expect(ledgerErrorCode { try book.apply(try hold(1, refund: ids.make(), from: .settled)) } == .exceedsDebits)
    }
}
