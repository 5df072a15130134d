/// What one reconciliation run decided: one outcome per statement entry, in the entries' order,
/// and the open amounts the matches leave behind.
public struct ReconciliationResult: Sendable, Equatable {
    /// One outcome per entry, in the order the entries were given.
    public var outcomes: [EntryOutcome]
    /// The open amount, in minor units, of every expected payment that received money in this
    /// run, after the run's allocations; sorted by id. Zero means settled.
    public var openAmountsAfter: [OpenAmount]

    /// Creates a result.
    public init(outcomes: [EntryOutcome], openAmountsAfter: [OpenAmount]) {
        self.outcomes = outcomes
        self.openAmountsAfter = openAmountsAfter
    }

    /// The outcomes whose entry was matched.
    public var matched: [EntryOutcome] { outcomes.filter { $0.match != nil } }
    /// The outcomes whose entry was left for a person.
    public var unmatched: [EntryOutcome] { outcomes.filter { $0.match == nil } }
}

/// An expected payment's open amount after a run.
public struct OpenAmount: Sendable, Equatable {
    /// The expected payment.
    public var expectedPaymentID: ExpectedPaymentID
    /// What is still open, minor units.
    public var openAmountMinor: Int64

    /// Creates an open amount.
    public init(expectedPaymentID: ExpectedPaymentID, openAmountMinor: Int64) {
        self.expectedPaymentID = expectedPaymentID
        self.openAmountMinor = openAmountMinor
    }
}

/// The decision for one statement entry.
public struct EntryOutcome: Sendable, Equatable {
    /// Matched or left unmatched.
    public enum Resolution: Sendable, Equatable {
        /// The entry settles one or more expected payments.
        case matched(EntryMatch)
        /// No rule matched with certainty; a person decides.
        case unmatched(Unmatched)
    }

    /// The entry's bank reference (``StatementEntry/reference``).
    public var entryReference: String
    /// The decision.
    public var resolution: Resolution

    /// Creates an outcome.
    public init(entryReference: String, resolution: Resolution) {
        self.entryReference = entryReference
        self.resolution = resolution
    }

    /// The match, when the entry was matched.
    public var match: EntryMatch? {
        if case .matched(let match) = resolution { return match }
        return nil
    }

    /// Why the entry was left unmatched and its candidates, when it was.
    public var unmatched: Unmatched? {
        if case .unmatched(let unmatched) = resolution { return unmatched }
        return nil
    }
}
