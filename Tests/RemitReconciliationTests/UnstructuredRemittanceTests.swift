import RemitCore
import RemitReconciliation
import Testing

/// Rule 1b: invoice numbers and known references in the free remittance text.
@Suite struct UnstructuredRemittanceTests {
    typealias F = Fixture

    @Test func anInvoiceNumberInTheFreeTextSettlesThatInvoice() throws {
        let outcome = try F.outcome(F.credit("E1", 2_000, text: ["Payment for invoice INV-2026-0042, thank you"]),
                                    [F.payment("pay_1", invoice: "INV-2026-0042", open: 2_000),
                                     F.payment("pay_2", invoice: "INV-2026-0043", open: 2_000)])
        #expect(outcome.match == EntryMatch(rule: .unstructuredRemittance, allocations: [.of("pay_1", 2_000)], unappliedMinor: 0))
    }

    @Test func aNumberTheBankSplitAcrossWordsOrLinesIsFound() throws {
        let expected = [F.payment("pay_1", invoice: "INV-2026-0042", open: 2_000)]
        #expect(try F.outcome(F.credit("E1", 2_000, text: ["/INV/INV 2026-0042/"]), expected).allocated == ["pay_1": 2_000])
        #expect(try F.outcome(F.credit("E2", 2_000, text: ["INV-2026-", "0042"]), expected).allocated == ["pay_1": 2_000])
    }

    @Test func theShortestKnownNumberAtAWordWinsSoINV1ThenAQuantityIsNotINV12() throws {
        let outcome = try F.outcome(F.credit("E1", 300, text: ["INV-1 2 pallets"]),
                                    [F.payment("pay_1", invoice: "INV-1", open: 300), F.payment("pay_12", invoice: "INV-12", open: 300)])
        #expect(outcome.allocated == ["pay_1": 300])
    }

    @Test func severalInvoiceNumbersInTheTextMakeACombinedPayment() throws {
        let outcome = try F.outcome(F.credit("E1", 3_000, text: ["INV-7001 INV-7002"]),
                                    [F.payment("pay_1", invoice: "INV-7001", open: 1_000), F.payment("pay_2", invoice: "INV-7002", open: 2_000)])
        #expect(outcome.match?.rule == .unstructuredRemittance)
        #expect(outcome.allocated == ["pay_1": 1_000, "pay_2": 2_000])
    }

    @Test func structuredRemittanceIsTriedBeforeTheFreeText() throws {
        let outcome = try F.outcome(F.credit("E1", 1_000, documents: [.init(number: "INV-1")], text: ["INV-2"]),
                                    [F.payment("pay_1", invoice: "INV-1", open: 1_000), F.payment("pay_2", invoice: "INV-2", open: 1_000)])
        #expect(outcome.match?.rule == .structuredRemittance)
        #expect(outcome.allocated == ["pay_1": 1_000])
    }

    @Test func theFreeTextIsTriedBeforeTheEndToEndIDButAConflictWithItIsLeftToAPerson() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 1_000, e2e: "E2E-1"),
                        F.payment("pay_2", invoice: "INV-2", open: 1_000, e2e: "E2E-2")]
        let agreeing = try F.outcome(F.credit("E1", 1_000, e2e: "E2E-1", text: ["INV-1"]), expected)
        #expect(agreeing.match?.rule == .unstructuredRemittance)
        let conflicting = try F.outcome(F.credit("E2", 1_000, e2e: "E2E-2", text: ["INV-1"]), expected)
        #expect(conflicting.unmatched?.reason == .conflictingEvidence)
        #expect(Set(conflicting.candidateIDs) == ["pay_1", "pay_2"])
    }

    @Test func aStructuredReferenceThatDisagreesWithTheEndToEndIDIsAConflictToo() throws {
        let outcome = try F.outcome(F.credit("E1", 1_000, e2e: "E2E-2", documents: [.init(number: "INV-1")]),
                                    [F.payment("pay_1", invoice: "INV-1", open: 1_000, e2e: "E2E-1"),
                                     F.payment("pay_2", invoice: "INV-2", open: 1_000, e2e: "E2E-2")])
        #expect(outcome.unmatched?.reason == .conflictingEvidence)
    }

    @Test func numbersShorterThanTheScanMinimumAreNotLookedForInText() throws {
        // Invoice "123" would otherwise be found in the date and the amount.
        let expected = [F.payment("pay_1", invoice: "123", open: 1_000, accounts: [])]
        let text = F.credit("E1", 1_000, text: ["Paid 2026-11-02 123 EUR"])
        #expect(try F.outcome(text, expected).unmatched?.reason == .noMatch)
        #expect(try F.outcome(text, expected, ReconciliationConfiguration(scannedReferenceCharactersMin: 3)).allocated == ["pay_1": 1_000])
        // A structured reference has no minimum: the payer named it as a document.
        #expect(try F.outcome(F.credit("E2", 1_000, documents: [.init(number: "123")]), expected).allocated == ["pay_1": 1_000])
    }

    @Test func theScanJoinsAtMostScannedWordsJoinedMaxWords() throws {
        let expected = [F.payment("pay_1", invoice: "AB-CD-EF-GH", open: 1_000, accounts: [])]
        let entry = F.credit("E1", 1_000, text: ["AB CD EF GH"])
        #expect(try F.outcome(entry, expected, ReconciliationConfiguration(scannedWordsJoinedMax: 4)).allocated == ["pay_1": 1_000])
        #expect(try F.outcome(entry, expected, ReconciliationConfiguration(scannedWordsJoinedMax: 3)).match == nil)
    }
}
