/// A person's allocation of an unmatched entry: which expected payments it pays, how much each.
public struct ManualMatch: Sendable, Equatable {
    /// One share of the entry.
    public struct Share: Sendable, Equatable {
        /// The expected payment.
        public var expectedPaymentID: ExpectedPaymentID
        /// The share, in minor units of the entry's currency; above zero.
        public var amountMinor: Int64

        /// Creates a share.
        public init(expectedPaymentID: ExpectedPaymentID, amountMinor: Int64) {
            self.expectedPaymentID = expectedPaymentID
            self.amountMinor = amountMinor
        }
    }

    /// The shares, in the order the person gave them.
    public var shares: [Share]
    /// Money the person deliberately leaves unapplied (an overpayment held for the buyer).
    public var unappliedMinor: Int64

    /// Creates a manual match.
    public init(shares: [Share], unappliedMinor: Int64 = 0) {
        self.shares = shares
        self.unappliedMinor = unappliedMinor
    }
}

extension ReconciliationEngine {
    /// Checks a person's allocation of an entry and returns the match it makes.
    ///
    /// The entry must be a credit; every share must be above zero, name a different expected
    /// payment among `expected` (with their current open amounts), in the entry's currency,
    /// with something open and at least the share open; and the shares plus `unappliedMinor`
    /// must add up to the entry's amount. A share below the open amount is a short payment,
    /// or settles in full when it is short by at most `amountToleranceMinor`.
    /// - Throws: ``ReconciliationError`` with a `manual…` code naming the first problem found.
    public func validateManualMatch(_ match: ManualMatch, for entry: StatementEntry,
                                    expected: [ExpectedPayment]) throws(ReconciliationError) -> EntryMatch {
        try configuration.validate()
        let reference = entry.reference
        guard entry.direction == .credit else {
            throw ReconciliationError(.manualEntryNotCredit, "Entry '\(echo(reference))' is a debit; only credits settle "
                + "expected payments.", entryReference: reference)
        }
        guard (1...configuration.manualAllocationsMax).contains(match.shares.count) else {
            throw ReconciliationError(.manualAllocationCount, "A manual match needs from 1 to \(configuration.manualAllocationsMax) "
                + "shares (manualAllocationsMax), not \(match.shares.count).", entryReference: reference)
        }
        guard match.unappliedMinor >= 0, match.unappliedMinor <= configuration.amountMinorMax else {
            throw ReconciliationError(.manualAmountInvalid, "The unapplied amount must be from 0 to \(configuration.amountMinorMax) "
                + "minor units.", entryReference: reference)
        }
        let byID = Dictionary(expected.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<ExpectedPaymentID> = []
        var total = match.unappliedMinor
        var allocations: [Allocation] = []
        for share in match.shares {
            let payment = try checked(share, entry: entry, byID: byID, seen: &seen)
            total += share.amountMinor
            let shortfall = payment.openAmountMinor - share.amountMinor
            let settlement: Allocation.Settlement = shortfall == 0 ? .full
                : shortfall <= configuration.amountToleranceMinor ? .fullWithinTolerance(shortfallMinor: shortfall)
                : .partial(remainingMinor: shortfall)
            allocations.append(Allocation(expectedPaymentID: share.expectedPaymentID, amountMinor: share.amountMinor,
                                          settlement: settlement))
        }
        guard total == entry.amountMinor else {
            throw ReconciliationError(.manualSumMismatch, "The shares and the unapplied amount add up to \(total) minor units, "
                + "but the entry is \(entry.amountMinor); make them equal.", entryReference: reference)
        }
        return EntryMatch(rule: .manual, allocations: allocations, unappliedMinor: match.unappliedMinor)
    }

    /// The payment a share names, once the share is checked against it.
    private func checked(_ share: ManualMatch.Share, entry: StatementEntry, byID: [ExpectedPaymentID: ExpectedPayment],
                         seen: inout Set<ExpectedPaymentID>) throws(ReconciliationError) -> ExpectedPayment {
        let id = share.expectedPaymentID
        func fail(_ code: ReconciliationError.Code, _ message: String) -> ReconciliationError {
            ReconciliationError(code, "Expected payment '\(echo(id.rawValue))': \(message)", entryReference: entry.reference,
                                expectedPaymentID: id)
        }
        guard (1...configuration.amountMinorMax).contains(share.amountMinor) else {
            throw fail(.manualAmountInvalid, "the share must be from 1 to \(configuration.amountMinorMax) minor units, "
                + "not \(share.amountMinor).")
        }
        guard seen.insert(id).inserted else {
            throw fail(.manualDuplicateAllocation, "it has two shares; give it one share with the total.")
        }
        guard let payment = byID[id] else {
            throw fail(.manualUnknownPayment, "no such expected payment is open for matching.")
        }
        guard payment.currency == entry.currency else {
            throw fail(.manualCurrencyMismatch, "it expects \(payment.currency.code), but the entry is in \(entry.currency.code).")
        }
        guard payment.openAmountMinor > 0 else {
            throw fail(.manualPaymentNotOpen, "nothing is open on it any more.")
        }
        guard share.amountMinor <= payment.openAmountMinor else {
            throw fail(.manualOverAllocated, "the share of \(share.amountMinor) minor units is more than the "
                + "\(payment.openAmountMinor) open; put the excess in the unapplied amount.")
        }
        return payment
    }
}
