import RemitCore
@testable import RemitLedger
import Testing

@Suite struct LedgerVerifierTests {
    let fixture = LedgerFixture()

    /// A valid ledger: funding, a partial post, a void, an expiry, and EUR beside USD.
    func validLedger() throws -> (LedgerBook, LedgerSnapshot) {
        var book = fixture.book()
        try book.apply(fixture.move(1_000, from: fixture.funding, to: fixture.cashA))
        try book.apply(fixture.transfer(.posted, [.debit(fixture.euros, 70), .credit(fixture.eurosFunding, 70)]))
        let posted = fixture.move(300, from: fixture.cashA, to: fixture.cashB, .pending)
        let voided = fixture.move(200, from: fixture.cashA, to: fixture.cashB, .pending)
        let expiring = fixture.move(100, from: fixture.cashA, to: fixture.cashB, .pending, timeout: 10)
        let open = fixture.move(50, from: fixture.cashA, to: fixture.cashB, .pending)
        for pending in [posted, voided, expiring, open] { try book.apply(pending) }
        try book.apply(fixture.post(posted, amount: 120, at: LedgerFixture.now + 5))
        try book.apply(fixture.void(voided, at: LedgerFixture.now + 5))
        try book.expire(expiring.id, at: LedgerFixture.now + 10)
        return (book, snapshot(book))
    }

    func snapshot(_ book: LedgerBook) -> LedgerSnapshot {
        LedgerSnapshot(accounts: fixture.accounts.map { LedgerAccountWithBalance(account: $0, balance: book.balances[$0.id] ?? .zero) },
                       transfers: book.created.map { LedgerTransferRecord(transfer: $0, pendingState: $0.kind == .pending ? book.pendings[$0.id]?.state : nil) })
    }

    func codes(_ snapshot: LedgerSnapshot) -> Set<LedgerViolation.Code> {
        Set(LedgerVerifier.verify(snapshot).violations.map(\.code))
    }

    @Test func aValidLedgerVerifiesWithCountsAndTotalsPerCurrency() throws {
        let (_, snapshot) = try validLedger()
        let result = LedgerVerifier.verify(snapshot)
        #expect(result.isValid, "\(result.summary)")
        #expect(result.accountCount == 6)
        #expect(result.transferCount == 8)
        #expect(result.transfersByKind == [.posted: 2, .pending: 4, .postPending: 1, .voidPending: 1])
        #expect(result.pendingByState == [.posted: 1, .voided: 1, .expired: 1, .pending: 1])
        #expect(result.totals["USD"] == CurrencyTotals(debitsPosted: 1_120, creditsPosted: 1_120, debitsPending: 50, creditsPending: 50))
        #expect(result.totals["EUR"] == CurrencyTotals(debitsPosted: 70, creditsPosted: 70))
        #expect(result.summary.contains("verified: every invariant holds"))
    }

    @Test func aStoredBalanceThatDiffersFromItsTransfersIsReported() throws {
        var (_, snapshot) = try validLedger()
        snapshot.accounts[1].balance.debitsPosted += 1
        #expect(codes(snapshot) == [.balanceMismatch, .booksUnbalanced])
    }

    @Test func anUnbalancedTransferIsReported() throws {
        var (_, snapshot) = try validLedger()
        snapshot.transfers[0].transfer.legs[0].amount = 999
        #expect(codes(snapshot).isSuperset(of: [.transferInvalid, .balanceMismatch]))
    }

    @Test func aBrokenConstraintIsReported() throws {
        var (_, snapshot) = try validLedger()
        let cashB = fixture.cashB.id
        let index = snapshot.accounts.firstIndex { $0.account.id == cashB }!
        snapshot.accounts[index].balance.creditsPosted += 10_000
        #expect(codes(snapshot).contains(.constraintBroken))
    }

    @Test func aTransferTouchingAnotherTenantsAccountIsReported() throws {
        var (_, snapshot) = try validLedger()
        var stranger = fixture.cashA
        stranger.id = fixture.ids.make()
        stranger.tenantID = fixture.ids.make()
        snapshot.accounts.append(LedgerAccountWithBalance(account: stranger, balance: AccountBalance(debitsPosted: 5)))
        snapshot.accounts[0].balance.creditsPosted += 5
        snapshot.transfers.append(LedgerTransferRecord(transfer: fixture.move(5, from: fixture.funding, to: stranger), pendingState: nil))
        #expect(codes(snapshot) == [.crossTenant])
    }

    @Test func aLegOnAMissingAccountIsReported() throws {
        var (_, snapshot) = try validLedger()
        snapshot.accounts.removeAll { $0.account.id == fixture.eurosFunding.id }
        #expect(codes(snapshot).contains(.accountMissing))
    }

    @Test func aPostOfANonPendingAndASecondResolutionAreReported() throws {
        var (_, snapshot) = try validLedger()
        let posted = snapshot.transfers[0].transfer
        snapshot.transfers.append(LedgerTransferRecord(transfer: fixture.void(posted), pendingState: nil))
        #expect(codes(snapshot) == [.resolvesNonPending])

        var (_, twice) = try validLedger()
        let voidedPending = twice.transfers[3].transfer
        twice.transfers.append(LedgerTransferRecord(transfer: fixture.void(voidedPending), pendingState: nil))
        #expect(codes(twice).contains(.resolvedTwice))
    }

    @Test func aResolutionAfterTheTimeoutAndAWrongPendingStateAreReported() throws {
        var (_, snapshot) = try validLedger()
        let expiring = snapshot.transfers[4]
        #expect(expiring.pendingState == .expired)
        snapshot.transfers.append(LedgerTransferRecord(transfer: fixture.void(expiring.transfer, at: LedgerFixture.now + 10), pendingState: nil))
        #expect(codes(snapshot) == [.resolvedAfterExpiry, .pendingStateMismatch])

        var (_, wrongState) = try validLedger()
        wrongState.transfers[2].pendingState = .voided   // it was posted
        #expect(codes(wrongState).contains(.pendingStateMismatch))
    }

    @Test func aRepeatedClientIDIsReported() throws {
        var (_, snapshot) = try validLedger()
        var copy = snapshot.transfers[0].transfer
        copy.id = fixture.ids.make()
        snapshot.transfers.append(LedgerTransferRecord(transfer: copy, pendingState: nil))
        #expect(codes(snapshot).contains(.clientIDRepeated))
    }

    @Test func violationsAreListedUpToTheMaxAndAllCounted() throws {
        var (_, snapshot) = try validLedger()
        for _ in 0...LedgerLimits.violationsReportedMax {
            snapshot.transfers.append(LedgerTransferRecord(transfer: fixture.transfer(.posted, [.debit(fixture.cashA, 1)]), pendingState: nil))
        }
        let result = LedgerVerifier.verify(snapshot)
        #expect(result.violations.count == LedgerLimits.violationsReportedMax)
        #expect(result.violationCount > LedgerLimits.violationsReportedMax)
        #expect(!result.isValid)
    }
}
