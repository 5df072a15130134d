/// Why an entry was left for a person.
public enum UnmatchedReason: Sendable, Equatable {
    /// The entry is a debit; the engine matches only money coming in.
    case debitEntry
    /// Two or more candidates fit the named rule equally well; choosing one would be a guess.
    case ambiguous(MatchRule)
    /// Strong evidence disagrees: the remittance names one payment and the end-to-end id another.
    case conflictingEvidence
    /// The references quoted name payments with nothing left open: possibly a duplicate payment.
    case alreadySettled
    /// No rule matched: no known reference or end-to-end id, and no single payment of this
    /// counterparty with this amount in the date window.
    case noMatch
}

/// An entry no rule matched with certainty, with the payments a person should look at first.
public struct Unmatched: Sendable, Equatable {
    /// Why it was not matched.
    public var reason: UnmatchedReason
    /// A sentence for the person who reviews it.
    public var explanation: String
    /// The best candidates, best first, at most `candidatesMax`.
    public var candidates: [Candidate]

    /// Creates an unmatched outcome.
    public init(reason: UnmatchedReason, explanation: String, candidates: [Candidate]) {
        self.reason = reason
        self.explanation = explanation
        self.candidates = candidates
    }
}

/// An expected payment that might be what an unmatched entry pays, with a score and the evidence.
public struct Candidate: Sendable, Equatable {
    /// The expected payment.
    public var expectedPaymentID: ExpectedPaymentID
    /// How well it fits, 0 (nothing) to 100; see `docs/reconciliation.md` for the weights.
    public var score: Int
    /// What fits and what does not, in a fixed order.
    public var evidence: [Evidence]

    /// Creates a candidate.
    public init(expectedPaymentID: ExpectedPaymentID, score: Int, evidence: [Evidence]) {
        self.expectedPaymentID = expectedPaymentID
        self.score = score
        self.evidence = evidence
    }

    /// One observation about how a candidate fits an entry.
    public enum Evidence: Sendable, Equatable {
        /// The remittance quotes this reference, which names the payment.
        case referenceQuoted(String)
        /// The end-to-end id equals the payment's.
        case endToEndIDEqual
        /// The counterparty's account is one the buyer is known to pay from.
        case counterpartyAccountEqual
        /// The counterparty's normalised name equals the buyer's.
        case counterpartyNameEqual
        /// The amount equals the open amount within the tolerance; the difference is entry − open.
        case amountEqual(differenceMinor: Int64)
        /// The amount differs from the open amount by more than the tolerance (entry − open).
        case amountDiffers(differenceMinor: Int64)
        /// Days from the expected date to the entry's settlement date, and whether that is
        /// inside the date window.
        case dateOffset(days: Int, withinWindow: Bool)
        /// Nothing is open on the payment any more.
        case nothingOpen
    }
}
