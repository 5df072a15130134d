extension Rules {
    /// Rule 2: the end-to-end id equals the one Remit put on the wire (case-sensitive, trimmed;
    /// `NOTPROVIDED` is none). Several payments sharing the id are narrowed by amount.
    func endToEndID(_ entry: StatementEntry) -> RuleVerdict {
        guard let key = Normalization.endToEndKey(entry.endToEndID) else { return .noEvidence }
        switch resolve(book.payments(endToEnd: key), targetMinor: entry.amountMinor, entry: entry) {
        case .resolved(let indices):
            return .matched(AllocationPlan(rule: .endToEndID, targets: indices.map { .init(index: $0) }))
        case .ambiguous(let indices):
            return .ambiguous(.endToEndID, indices)
        case .settled(let indices):
            return .alreadySettled(indices)
        case .unknown:
            return .noEvidence
        }
    }
}
