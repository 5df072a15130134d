import RemitCore
import RemitReconciliation
import Testing

/// The same input gives the same output, whatever order the expected payments come in.
@Suite struct DeterminismTests {
    @Test func theSameStatementGivesTheSameResultEveryTimeAndInAnyExpectedOrder() throws {
        var generator = NoiseGenerator(seed: 7, payments: 120, buyers: 15)
        let scenario = generator.scenario()
        let engine = ReconciliationEngine()
        let first = try engine.reconcile(entries: scenario.entries, expected: scenario.expected)
        #expect(try engine.reconcile(entries: scenario.entries, expected: scenario.expected) == first)
        #expect(try engine.reconcile(entries: scenario.entries, expected: scenario.expected.reversed()) == first)
        var shuffler = SplitMix64(seed: 99)
        #expect(try engine.reconcile(entries: scenario.entries, expected: scenario.expected.shuffled(using: &shuffler)) == first)
    }

    @Test func entriesAreDecidedInTheOrderGivenWithinAPass() throws {
        typealias F = Fixture
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 1_000)]
        let entries = [F.credit("E1", 1_000, documents: [.init(number: "INV-1")]), F.credit("E2", 1_000, documents: [.init(number: "INV-1")])]
        let forward = try F.reconcile(entries, expected)
        let backward = try F.reconcile(entries.reversed(), expected)
        #expect(forward.outcomes.map(\.entryReference) == ["E1", "E2"])
        #expect(forward.outcomes[0].match != nil && forward.outcomes[1].unmatched?.reason == .alreadySettled)
        #expect(backward.outcomes[0].entryReference == "E2" && backward.outcomes[0].match != nil)
    }
}
