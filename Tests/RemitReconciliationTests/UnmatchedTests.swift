import RemitCore
import RemitReconciliation
import Testing

/// What is left for a person: debits, ties, duplicates, and the candidates offered.
@Suite struct UnmatchedTests {
    typealias F = Fixture

    @Test func aDebitIsReportedUnmatchedWithoutCandidatesEvenWhenItQuotesAnInvoice() throws {
        let outcome = try F.outcome(F.credit("E1", 1_000, e2e: "E2E-1", documents: [.init(number: "INV-1")], direction: .debit),
                                    [F.payment("pay_1", invoice: "INV-1", open: 1_000, e2e: "E2E-1")])
        #expect(outcome.unmatched == Unmatched(reason: .debitEntry,
                                               explanation: "A debit: only money coming in is matched to expected payments.",
                                               candidates: []))
    }

    @Test func twoPaymentsOfOneBuyerWithTheSameAmountInTheWindowAreNotGuessed() throws {
        let outcome = try F.outcome(F.credit("E1", 7_500, booked: "2026-11-03", account: F.globexIBAN),
                                    [F.payment("pay_a", invoice: "INV-1", open: 7_500, expected: "2026-11-01"),
                                     F.payment("pay_b", invoice: "INV-2", open: 7_500, expected: "2026-11-03")])
        #expect(outcome.unmatched?.reason == .ambiguous(.amountDateCounterparty))
        // Equally good by the rule and by score; the closer date only orders the list.
        #expect(outcome.candidateIDs == ["pay_b", "pay_a"])
        #expect(outcome.unmatched?.candidates.map(\.score) == [50, 50])
    }

    @Test func aSecondPaymentOfASettledInvoiceIsFlaggedAsPossiblyDuplicate() throws {
        let result = try F.reconcile([F.credit("E1", 1_000, documents: [.init(number: "INV-1")]),
                                      F.credit("E2", 1_000, documents: [.init(number: "INV-1")], text: ["INV-2"])],
                                     [F.payment("pay_1", invoice: "INV-1", open: 1_000), F.payment("pay_2", invoice: "INV-2", open: 1_000)])
        let second = result.outcomes[1]
        #expect(second.unmatched?.reason == .alreadySettled)
        #expect(second.unmatched?.candidates.first?.expectedPaymentID == ExpectedPaymentID("pay_2"))
        #expect(second.unmatched?.candidates.last?.evidence.contains(.nothingOpen) == true)
        #expect(result.openAmountsAfter.map(\.openAmountMinor) == [0])
    }

    @Test func anEndToEndIDOfASettledPaymentIsFlaggedAndNotPassedToTheAmountRule() throws {
        let outcome = try F.outcome(F.credit("E1", 1_000, e2e: "E2E-1", account: F.globexIBAN),
                                    [F.payment("pay_1", invoice: "INV-1", open: 0, e2e: "E2E-1"),
                                     F.payment("pay_2", invoice: "INV-2", open: 1_000)])
        #expect(outcome.unmatched?.reason == .alreadySettled)
    }

    @Test func candidatesAreScoredAndExplained() throws {
        let outcome = try F.outcome(F.credit("E1", 900, booked: "2026-11-02", name: "Globex Corp", account: F.globexIBAN),
                                    [F.payment("pay_1", invoice: "INV-1", open: 1_000, expected: "2026-11-01"),
                                     F.payment("pay_2", invoice: "INV-2", open: 900, buyer: "buy_other", name: "Other", accounts: [],
                                               expected: "2026-12-01")])
        #expect(outcome.unmatched?.reason == .noMatch)
        #expect(outcome.unmatched?.candidates == [
            Candidate(expectedPaymentID: ExpectedPaymentID("pay_1"), score: 45,
                      evidence: [.counterpartyAccountEqual, .counterpartyNameEqual, .amountDiffers(differenceMinor: -100),
                                 .dateOffset(days: 1, withinWindow: true)]),
            Candidate(expectedPaymentID: ExpectedPaymentID("pay_2"), score: 20,
                      evidence: [.amountEqual(differenceMinor: 0), .dateOffset(days: -29, withinWindow: false)]),
        ])
    }

    @Test func atMostCandidatesMaxCandidatesAreKept() throws {
        let expected = (1...8).map { F.payment("pay_\($0)", invoice: "INV-\($0)", open: 500 + Int64($0)) }
        let entry = F.credit("E1", 100, account: F.globexIBAN)
        #expect(try F.outcome(entry, expected).candidateIDs.count == 5)
        #expect(try F.outcome(entry, expected, ReconciliationConfiguration(candidatesMax: 8)).candidateIDs.count == 8)
        #expect(try F.outcome(entry, expected, ReconciliationConfiguration(candidatesMax: 7)).candidateIDs.count == 7)
        #expect(try F.outcome(entry, expected, ReconciliationConfiguration(candidatesMax: 0)).candidateIDs.isEmpty)
        // Closest amounts first when scores tie.
        #expect(try F.outcome(entry, expected).candidateIDs == ["pay_1", "pay_2", "pay_3", "pay_4", "pay_5"])
    }

    @Test func anEntryInACurrencyNobodyExpectsHasNoCandidates() throws {
        let outcome = try F.outcome(F.credit("E1", 1_000, currency: .gbp, account: F.globexIBAN),
                                    [F.payment("pay_1", invoice: "INV-1", open: 1_000)])
        #expect(outcome.unmatched?.reason == .noMatch && outcome.candidateIDs.isEmpty)
    }
}
