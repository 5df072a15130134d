import RemitCore
import RemitReconciliation
import Testing

/// The noise test: Remit-initiated payments, a statement for them with the noise real
/// banks add, and the share matched automatically and wrongly against the ground truth.
@Suite struct NoiseTests {
    /// What a run got right and wrong against a scenario's truth.
    struct Score {
        var payments = 0
        var paymentsMatched = 0
        var paymentsWithReference = 0
        var paymentsWithReferenceMatched = 0
        var wrongEntries: [String] = []
        var matchedByKind: [NoiseKind: (matched: Int, entries: Int)] = [:]
        var strangersMatched: [String] = []
        var debitsNotFlagged: [String] = []
        /// Unmatched entries paying Remit's payments, and how many of them have every paid
        /// payment among their candidates, and the (single) paid payment as the first.
        var unmatchedOwn = 0
        var unmatchedOwnWithTruthAmongCandidates = 0
        var unmatchedOwnWithTruthFirst = 0
        /// Entries without references whose amount another buyer's invoice also has.
        var lookalikeAmounts = 0
        /// Why entries paying Remit's payments were left for a person, and how many.
        var leftForAPerson: [String: Int] = [:]

        init(_ scenario: NoiseScenario, _ result: ReconciliationResult) {
            payments = scenario.expected.count
            var correctlyPaid: Set<String> = []
            for (entry, outcome) in zip(scenario.entries, result.outcomes) {
                let truth = scenario.truth[entry.reference]!
                let kind = scenario.kinds[entry.reference]!
                let got = outcome.allocated
                matchedByKind[kind, default: (0, 0)].entries += 1
                if outcome.match != nil { matchedByKind[kind, default: (0, 0)].matched += 1 }
                switch kind {
                case .unrelatedCredit where outcome.match != nil: strangersMatched.append(entry.reference)
                case .debit where outcome.unmatched?.reason != .debitEntry: debitsNotFlagged.append(entry.reference)
                default: break
                }
                if outcome.match != nil && got != truth { wrongEntries.append(entry.reference) }
                if let unmatched = outcome.unmatched, !truth.isEmpty {
                    leftForAPerson["\(kind.rawValue): \(unmatched.reason)", default: 0] += 1
                    unmatchedOwn += 1
                    if Set(truth.keys).isSubset(of: outcome.candidateIDs) { unmatchedOwnWithTruthAmongCandidates += 1 }
                    if truth.count == 1 && outcome.candidateIDs.first == truth.keys.first { unmatchedOwnWithTruthFirst += 1 }
                }
                if outcome.match != nil && got == truth { correctlyPaid.formUnion(truth.keys) }
                if kind.carriesReference { paymentsWithReference += truth.count }
                if kind.carriesReference && got == truth { paymentsWithReferenceMatched += truth.count }
            }
            paymentsMatched = correctlyPaid.count
            for entry in scenario.entries where [.amountOnly, .unrelatedCredit].contains(scenario.kinds[entry.reference]!) {
                let payers = Set(scenario.expected.filter { $0.openAmountMinor == entry.amountMinor }.map(\.buyerID))
                let own = Set(scenario.truth[entry.reference]!.keys)
                let ownBuyers = Set(scenario.expected.filter { own.contains($0.id.rawValue) }.map(\.buyerID))
                if !payers.subtracting(ownBuyers).isEmpty { lookalikeAmounts += 1 }
            }
        }

        func percent(_ part: Int, _ whole: Int) -> String {
            whole == 0 ? "n/a" : String(Double(part * 1000 / whole) / 10) + "%"
        }

        var report: String {
            var lines = ["Remit-initiated payments: \(payments)",
                         "  matched automatically (and rightly): \(paymentsMatched) = \(percent(paymentsMatched, payments))",
                         "  matched wrongly: \(wrongEntries.count) entries = \(percent(wrongEntries.count, payments))",
                         "  entries without references whose amount another buyer's invoice has: \(lookalikeAmounts)",
                         "  carrying remittance or end-to-end id: \(paymentsWithReferenceMatched)/\(paymentsWithReference) matched"]
            for kind in matchedByKind.keys.sorted() {
                let (matched, entries) = matchedByKind[kind]!
                lines.append("  \(kind.rawValue): \(matched)/\(entries) entries matched")
            }
            for (reason, count) in leftForAPerson.sorted(by: { $0.key < $1.key }) {
                lines.append("  left for a person: \(count) × \(reason)")
            }
            lines.append("  left for a person with every paid payment among the candidates: "
                + "\(unmatchedOwnWithTruthAmongCandidates)/\(unmatchedOwn), the paid payment first: \(unmatchedOwnWithTruthFirst)")
            return lines.joined(separator: "\n")
        }
    }

    @Test(arguments: [UInt64(20_261_129), 1, 2, 3, 4])
    func fiveHundredPaymentsFromSixtyBuyersAreMatchedDespiteTheNoiseAndNothingIsMatchedWrongly(seed: UInt64) throws {
        var generator = NoiseGenerator(seed: seed, payments: 500, buyers: 60)
        let scenario = generator.scenario()
        let result = try ReconciliationEngine().reconcile(entries: scenario.entries, expected: scenario.expected)
        let score = Score(scenario, result)
        print("noise test, seed \(seed), \(scenario.entries.count) entries\n" + score.report)
        #expect(score.wrongEntries.isEmpty, "wrong matches: \(score.wrongEntries)")
        #expect(score.paymentsWithReference > 0 && score.paymentsWithReferenceMatched == score.paymentsWithReference)
        #expect(score.strangersMatched.isEmpty, "unrelated entries matched: \(score.strangersMatched)")
        #expect(score.debitsNotFlagged.isEmpty)
        // Every kind of noise is present in the statement.
        #expect(Set(score.matchedByKind.keys) == Set(NoiseKind.allCases))
        #expect(score.lookalikeAmounts > 0)
        // What is left for a person comes with the right payments to choose from.
        #expect(score.unmatchedOwnWithTruthAmongCandidates == score.unmatchedOwn)
    }
}

extension NoiseTests {
    @Test func withAFeeToleranceAndAWideWindowTheNoiseStillMakesNoWrongMatch() throws {
        var generator = NoiseGenerator(seed: 20_261_129, payments: 500, buyers: 60)
        let scenario = generator.scenario()
        let configuration = ReconciliationConfiguration(dateWindowDays: 10, amountToleranceMinor: 1_500)
        let result = try ReconciliationEngine(configuration: configuration).reconcile(entries: scenario.entries, expected: scenario.expected)
        let score = Score(scenario, result)
        print("noise test, tolerance 1,500 and 10-day window\n" + score.report)
        #expect(score.wrongEntries.isEmpty, "wrong matches: \(score.wrongEntries)")
        #expect(score.strangersMatched.isEmpty)
    }
}
