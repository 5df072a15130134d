import RemitCore
@testable import RemitLedger
import Testing

@Suite struct LedgerBookTests {
    let fixture = LedgerFixture()

    @Test func aPostedTransferMovesPostedBalancesOnBothSides() throws {
        var book = fixture.book()
        try book.apply(fixture.move(500, from: fixture.funding, to: fixture.cashA))
        #expect(book.balances[fixture.cashA.id] == AccountBalance(debitsPosted: 500))
        #expect(book.balances[fixture.funding.id] == AccountBalance(creditsPosted: 500))
        #expect(book.balances[fixture.cashA.id]?.posted(normalSide: .debit) == 500)
        #expect(book.balances[fixture.funding.id]?.posted(normalSide: fixture.funding.normalSide) == 500)
        #expect(book.changedAccounts == [fixture.cashA.id, fixture.funding.id])
    }

    @Test func cashMayNotGoNegativeAndTheRefusalChangesNothing() throws {
        var book = fixture.book()
        try book.apply(fixture.move(100, from: fixture.funding, to: fixture.cashA))
        let before = book.balances
        #expect(book.refusal(fixture.move(101, from: fixture.cashA, to: fixture.cashB)) == .exceedsDebits)
        #expect(book.balances == before)
        #expect(book.created.count == 1)
        try book.apply(fixture.move(100, from: fixture.cashA, to: fixture.cashB))
        #expect(book.balances[fixture.cashA.id]?.posted(normalSide: .debit) == 0)
    }

    @Test func aCreditNormalAccountWithDebitsMustNotExceedCreditsStaysAtOrAboveZero() throws {
        var book = fixture.book()
        try book.apply(fixture.move(50, from: fixture.revenue, to: fixture.cashA))
        #expect(book.refusal(fixture.move(51, from: fixture.cashA, to: fixture.revenue)) == .exceedsCredits)
        try book.apply(fixture.move(50, from: fixture.cashA, to: fixture.revenue))
    }

    @Test func pendingCreditsReserveCashSoTwoPendingsCannotSpendItTwice() throws {
        var book = fixture.book()
        try book.apply(fixture.move(100, from: fixture.funding, to: fixture.cashA))
        let first = fixture.move(70, from: fixture.cashA, to: fixture.cashB, .pending)
        try book.apply(first)
        #expect(book.balances[fixture.cashA.id] == AccountBalance(debitsPosted: 100, creditsPending: 70))
        #expect(book.balances[fixture.cashA.id]?.available(normalSide: .debit) == 30)
        #expect(book.balances[fixture.cashB.id]?.available(normalSide: .debit) == 0, "a pending increase is not available yet")
        #expect(book.refusal(fixture.move(31, from: fixture.cashA, to: fixture.cashB, .pending)) == .exceedsDebits)
        #expect(book.refusal(fixture.move(31, from: fixture.cashA, to: fixture.cashB)) == .exceedsDebits)
        try book.apply(fixture.move(30, from: fixture.cashA, to: fixture.cashB))
    }

    @Test func aPartialPostPostsItsAmountAndReleasesTheRest() throws {
        var book = fixture.book()
        try book.apply(fixture.move(100, from: fixture.funding, to: fixture.cashA))
        let pending = fixture.move(80, from: fixture.cashA, to: fixture.cashB, .pending, timeout: 60_000)
        try book.apply(pending)
        try book.apply(fixture.post(pending, amount: 30))
        #expect(book.balances[fixture.cashA.id] == AccountBalance(debitsPosted: 100, creditsPosted: 30))
        #expect(book.balances[fixture.cashB.id] == AccountBalance(debitsPosted: 30))
        #expect(book.pendings[pending.id]?.state == .posted)
        #expect(book.changedPendings[pending.id] == LedgerFixture.now + 1)
    }

    @Test func aVoidReleasesEverythingAndASecondResolutionIsRefused() throws {
        var book = fixture.book()
        try book.apply(fixture.move(100, from: fixture.funding, to: fixture.cashA))
        let pending = fixture.move(80, from: fixture.cashA, to: fixture.cashB, .pending)
        try book.apply(pending)
        try book.apply(fixture.void(pending))
        #expect(book.balances[fixture.cashA.id] == AccountBalance(debitsPosted: 100))
        #expect(book.balances[fixture.cashB.id] == .zero)
        #expect(book.refusal(fixture.post(pending)) == .pendingTransferAlreadyVoided)
        #expect(book.refusal(fixture.void(pending)) == .pendingTransferAlreadyVoided)
    }

    @Test func postingTwiceIsRefusedAndPostingAfterTheTimeoutIsExpired() throws {
        var book = fixture.book()
        try book.apply(fixture.move(100, from: fixture.funding, to: fixture.cashA))
        let pending = fixture.move(10, from: fixture.cashA, to: fixture.cashB, .pending, timeout: 1_000)
        try book.apply(pending)
        #expect(book.refusal(fixture.post(pending, at: LedgerFixture.now + 1_000)) == .pendingTransferExpired)
        try book.apply(fixture.post(pending, at: LedgerFixture.now + 999))
        #expect(book.refusal(fixture.post(pending)) == .pendingTransferAlreadyPosted)
    }

    @Test func expiringReleasesTheReservationOnlyOnceTheTimeoutIsReached() throws {
        var book = fixture.book()
        try book.apply(fixture.move(100, from: fixture.funding, to: fixture.cashA))
        let pending = fixture.move(60, from: fixture.cashA, to: fixture.cashB, .pending, timeout: 1_000)
        try book.apply(pending)
        #expect(book.expiryRefusal(pending.id, at: LedgerFixture.now + 999) == .pendingTransferNotExpired)
        try book.expire(pending.id, at: LedgerFixture.now + 1_000)
        #expect(book.balances[fixture.cashA.id] == AccountBalance(debitsPosted: 100))
        #expect(book.pendings[pending.id]?.state == .expired)
        #expect(book.refusal(fixture.void(pending, at: LedgerFixture.now + 2)) == .pendingTransferExpired)
        #expect(book.expiryRefusal(fixture.ids.make(), at: 0) == .pendingTransferNotFound)
    }

    @Test func postOrVoidOfATransferThatIsNotPendingIsNotFound() throws {
        var book = fixture.book()
        let posted = fixture.move(5, from: fixture.funding, to: fixture.cashA)
        try book.apply(posted)
        #expect(book.refusal(fixture.post(posted)) == .pendingTransferNotFound)
        #expect(book.refusal(fixture.void(posted)) == .pendingTransferNotFound)
    }

    @Test func theSameClientIDWithTheSameFieldsReturnsTheFirstTransfer() throws {
        var book = fixture.book()
        let first = fixture.move(5, from: fixture.funding, to: fixture.cashA, clientID: "pay-1")
        #expect(try book.apply(first) == .created(first))
        var retry = first
        retry.id = fixture.ids.make()
        retry.createdAt += 5_000
        #expect(try book.apply(retry) == .existing(first))
        #expect(book.balances[fixture.cashA.id] == AccountBalance(debitsPosted: 5), "the retry moved nothing")
        var changed = retry
        changed.legs = [.debit(fixture.cashA, 6), .credit(fixture.funding, 6)]
        #expect(book.refusal(changed) == .transferExistsWithDifferentFields)
        var otherReason = retry
        otherReason.reason = "another"
        #expect(book.refusal(otherReason) == .transferExistsWithDifferentFields)
    }

    @Test func aKnownStoredTransferCountsForIdempotency() throws {
        let stored = fixture.move(5, from: fixture.funding, to: fixture.cashA, clientID: "pay-1")
        var book = LedgerBook(accounts: fixture.accounts.map { ($0, .zero) }, known: [stored])
        var retry = stored
        retry.id = fixture.ids.make()
        #expect(try book.apply(retry) == .existing(stored))
        #expect(book.created.isEmpty)
    }

    @Test func balanceTotalsThatWouldPassInt64AreRefused() throws {
        var book = fixture.book()
        try book.apply(fixture.move(.max, from: fixture.funding, to: fixture.cashA))
        #expect(book.refusal(fixture.move(1, from: fixture.funding, to: fixture.cashA)) == .amountOverflow)
    }

    @Test func theConstraintCheckIsAPureFunctionOfBalanceAndProposedLegs() {
        let balance = AccountBalance(debitsPosted: 100, creditsPosted: 40, creditsPending: 10)
        #expect(ledgerErrorCode { try BalanceConstraintCheck.check(account: fixture.cashA, balance: balance,
                                                                   proposed: [.credit(fixture.cashA, 50)], pending: false) } == nil)
        #expect(ledgerErrorCode { try BalanceConstraintCheck.check(account: fixture.cashA, balance: balance,
                                                                   proposed: [.credit(fixture.cashA, 51)], pending: true) } == .exceedsDebits)
        #expect(ledgerErrorCode { try BalanceConstraintCheck.check(account: fixture.cashA, balance: balance,
                                                                   proposed: [.credit(fixture.cashB, 500)], pending: false) } == nil)
        #expect(ledgerErrorCode { try BalanceConstraintCheck.check(account: fixture.funding, balance: balance,
                                                                   proposed: [.credit(fixture.funding, 500)], pending: false) } == nil)
    }
}
