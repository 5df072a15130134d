/// Matches bank statement entries to expected payments: a pure function of its input.
///
/// The rules run in passes over all credit entries, strongest first: (1) structured
/// remittance, (1b) invoice numbers in the free text, (2) the end-to-end id, (3) amount, date
/// window and counterparty, one payment or the unique set of one buyer's payments. Within a pass
/// entries go in the order given, so an earlier entry settles a payment first. A rule that
/// finds evidence decides the entry for good (a match, or a reason to leave it to a person);
/// only "no evidence" passes it to the next rule. No clock, no randomness, no hashing order:
/// the same input always gives the same result. See `docs/reconciliation.md`.
public struct ReconciliationEngine: Sendable {
    /// The tolerances and bounds in force.
    public var configuration: ReconciliationConfiguration

    /// Creates an engine.
    public init(configuration: ReconciliationConfiguration = .default) {
        self.configuration = configuration
    }

    /// Matches `entries` against `expected`.
    ///
    /// - Parameters:
    ///   - entries: A statement's entries, credits and debits, each with a unique reference.
    ///   - expected: The payments still expected, each with a unique id and its current open
    ///     amount; their order does not matter.
    /// - Returns: One outcome per entry, in the entries' order, and the open amounts left.
    /// - Throws: ``ReconciliationError`` when the configuration or the input breaks a limit or
    ///   a rule; nothing is matched then.
    public func reconcile(entries: [StatementEntry], expected: [ExpectedPayment]) throws(ReconciliationError) -> ReconciliationResult {
        try configuration.validate()
        try InputValidation(configuration: configuration).check(entries: entries, expected: expected)
        var book = PaymentBook(expected)
        var matches: [EntryMatch?] = Array(repeating: nil, count: entries.count)
        var verdicts: [RuleVerdict] = Array(repeating: .noEvidence, count: entries.count)
        let credits = entries.indices.filter { entries[$0].direction == .credit }
        let passes: [(Rules, StatementEntry) -> RuleVerdict] = [
            { $0.structuredRemittance($1) }, { $0.unstructuredRemittance($1) },
            { $0.endToEndID($1) }, { $0.amountDateCounterparty($1) },
        ]
        for pass in passes {
            for index in credits where matches[index] == nil && !verdicts[index].isFinal {
                let verdict = pass(Rules(configuration: configuration, book: book), entries[index])
                verdicts[index] = verdict
                if case .matched(let plan) = verdict {
                    matches[index] = plan.apply(amountMinor: entries[index].amountMinor,
                                                toleranceMinor: configuration.amountToleranceMinor, book: &book)
                }
            }
        }
        let rules = Rules(configuration: configuration, book: book)
        let outcomes = entries.indices.map { index in
            let entry = entries[index]
            if let match = matches[index] {
                return EntryOutcome(entryReference: entry.reference, resolution: .matched(match))
            }
            return EntryOutcome(entryReference: entry.reference,
                                resolution: .unmatched(Self.unmatched(entry, verdict: verdicts[index], rules: rules)))
        }
        return ReconciliationResult(outcomes: outcomes, openAmountsAfter: book.openAmountsAfter)
    }

    /// The reason, explanation and candidates for an entry no rule matched.
    private static func unmatched(_ entry: StatementEntry, verdict: RuleVerdict, rules: Rules) -> Unmatched {
        guard entry.direction == .credit else {
            return Unmatched(reason: .debitEntry, explanation: "A debit: only money coming in is matched to expected payments.",
                             candidates: [])
        }
        switch verdict {
        case .ambiguous(let rule, let indices):
            return Unmatched(reason: .ambiguous(rule),
                             explanation: "\(indices.count) expected payments fit the \(rule.rawValue) rule equally well; choose one.",
                             candidates: rules.candidates(for: entry, also: indices))
        case .conflict(let indices):
            return Unmatched(reason: .conflictingEvidence,
                             explanation: "The remittance names one payment and the end-to-end id another; check which is right.",
                             candidates: rules.candidates(for: entry, also: indices))
        case .alreadySettled(let indices):
            return Unmatched(reason: .alreadySettled,
                             explanation: "The references name payments with nothing left open; this may be a duplicate payment.",
                             candidates: rules.candidates(for: entry, also: indices))
        case .noEvidence, .matched:
            return Unmatched(reason: .noMatch,
                             explanation: "No known reference or end-to-end id, and no single payment of this counterparty "
                                + "with this amount within \(rules.configuration.dateWindowDays) days.",
                             candidates: rules.candidates(for: entry, also: []))
        }
    }
}
