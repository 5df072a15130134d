import RemitCore
import RemitReconciliation
import Testing

/// A person allocating an unmatched entry by hand, and every way that can be refused.
@Suite struct ManualMatchTests {
    typealias F = Fixture
    let engine = ReconciliationEngine(configuration: ReconciliationConfiguration(amountToleranceMinor: 10))
    let expected = [F.payment("pay_1", invoice: "INV-1", open: 1_000), F.payment("pay_2", invoice: "INV-2", open: 2_000),
                    F.payment("pay_3", invoice: "INV-3", open: 0), F.payment("pay_eur", invoice: "INV-4", open: 500, currency: .eur)]
    let entry = F.credit("E1", 2_500)

    private func share(_ id: String, _ amount: Int64) -> ManualMatch.Share {
        ManualMatch.Share(expectedPaymentID: ExpectedPaymentID(id), amountMinor: amount)
    }

    private func refusal(_ match: ManualMatch, for entry: StatementEntry? = nil) -> ReconciliationError? {
        #expect(throws: ReconciliationError.self) { try engine.validateManualMatch(match, for: entry ?? self.entry, expected: expected) }
    }

    @Test func aPersonCanSplitAnEntryOverInvoicesLeavingOnePartlyOpen() throws {
        let match = try engine.validateManualMatch(ManualMatch(shares: [share("pay_1", 1_000), share("pay_2", 1_500)]),
                                                   for: entry, expected: expected)
        #expect(match == EntryMatch(rule: .manual, allocations: [.of("pay_1", 1_000), .of("pay_2", 1_500, .partial(remainingMinor: 500))],
                                    unappliedMinor: 0))
    }

    @Test func aShareShortByNoMoreThanTheToleranceSettlesAndAnExcessCanBeLeftUnapplied() throws {
        let match = try engine.validateManualMatch(ManualMatch(shares: [share("pay_1", 990)], unappliedMinor: 1_510),
                                                   for: entry, expected: expected)
        #expect(match == EntryMatch(rule: .manual, allocations: [.of("pay_1", 990, .fullWithinTolerance(shortfallMinor: 10))],
                                    unappliedMinor: 1_510))
    }

    @Test func sharesThatDoNotAddUpToTheEntryAreRefused() {
        #expect(refusal(ManualMatch(shares: [share("pay_1", 1_000), share("pay_2", 1_000)]))?.code == .manualSumMismatch)
        #expect(refusal(ManualMatch(shares: [share("pay_1", 499), share("pay_2", 2_001)]))?.code == .manualOverAllocated)
        #expect(refusal(ManualMatch(shares: [share("pay_1", 1_000)], unappliedMinor: 1_501))?.code == .manualSumMismatch)
    }

    @Test func eachShareIsCheckedAgainstItsPayment() {
        #expect(refusal(ManualMatch(shares: [share("pay_1", 1_001)], unappliedMinor: 1_499))?.code == .manualOverAllocated)
        #expect(refusal(ManualMatch(shares: [share("pay_3", 1)], unappliedMinor: 2_499))?.code == .manualPaymentNotOpen)
        #expect(refusal(ManualMatch(shares: [share("pay_eur", 500)], unappliedMinor: 2_000))?.code == .manualCurrencyMismatch)
        let unknown = refusal(ManualMatch(shares: [share("pay_9", 1)], unappliedMinor: 2_499))
        #expect(unknown?.code == .manualUnknownPayment && unknown?.expectedPaymentID == ExpectedPaymentID("pay_9"))
        #expect(refusal(ManualMatch(shares: [share("pay_1", 500), share("pay_1", 500)], unappliedMinor: 1_500))?.code
                == .manualDuplicateAllocation)
        #expect(refusal(ManualMatch(shares: [share("pay_1", 0)], unappliedMinor: 2_500))?.code == .manualAmountInvalid)
        #expect(refusal(ManualMatch(shares: [share("pay_2", 2_000)], unappliedMinor: -1))?.code == .manualAmountInvalid)
    }

    @Test func aDebitCannotBeMatchedByHand() {
        let debit = F.credit("D1", 1_000, direction: .debit)
        let error = refusal(ManualMatch(shares: [share("pay_1", 1_000)]), for: debit)
        #expect(error?.code == .manualEntryNotCredit && error?.entryReference == "D1")
    }

    @Test func aManualMatchHasFromOneToManualAllocationsMaxShares() throws {
        #expect(refusal(ManualMatch(shares: []))?.code == .manualAllocationCount)
        let many = (0..<3).map { F.payment("pay_\($0)", invoice: "INV-\($0)", open: 10) }
        let limited = ReconciliationEngine(configuration: ReconciliationConfiguration(manualAllocationsMax: 2))
        let two = ManualMatch(shares: (0..<2).map { share("pay_\($0)", 10) })
        #expect(try limited.validateManualMatch(two, for: F.credit("E", 20), expected: many).allocations.count == 2)
        let three = ManualMatch(shares: (0..<3).map { share("pay_\($0)", 10) })
        #expect(throws: ReconciliationError(.manualAllocationCount, "A manual match needs from 1 to 2 shares (manualAllocationsMax), not 3.",
                                            entryReference: "E")) {
            try limited.validateManualMatch(three, for: F.credit("E", 30), expected: many)
        }
        #expect(ReconciliationConfiguration.default.manualAllocationsMax == 100)
    }
}
