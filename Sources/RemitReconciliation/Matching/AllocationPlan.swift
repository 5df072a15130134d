/// The payments a rule decided an entry pays, in order, with the amount the payer named for
/// each when it named one.
struct AllocationPlan: Equatable {
    /// A payment to allocate to, by position in the book, and the payer's amount for it.
    struct Target: Equatable {
        var index: Int
        var listedMinor: Int64?
    }

    var rule: MatchRule
    var targets: [Target]
    var unresolvedReferences: [String] = []

    /// The positions of the targets.
    var indices: [Int] { targets.map(\.index) }
}

extension AllocationPlan {
    /// Divides the entry's money over the targets and applies it to the book.
    ///
    /// Each target gets what the payer named for it; without a named amount, the open amount,
    /// except that the last target gets all the money left when the payer named no amount at
    /// all (so a single invoice paid too much, or a combined payment with a surplus, shows the
    /// excess on the last invoice). A share is capped by the money left and by the open amount;
    /// what the payer meant beyond the open amount is an overpayment, and whatever money no
    /// target takes is unapplied. Targets the money does not reach get nothing and stay open.
    func apply(amountMinor: Int64, toleranceMinor: Int64, book: inout PaymentBook) -> EntryMatch {
        let namesAmounts = targets.contains { $0.listedMinor != nil }
        var remaining = amountMinor
        var allocations: [Allocation] = []
        for (position, target) in targets.enumerated() {
            guard remaining > 0 else { break }
            let open = book.open[target.index]
            let isLast = position == targets.count - 1
            let wanted = target.listedMinor ?? (isLast && !namesAmounts ? remaining : open)
            let intended = min(wanted, remaining)
            let share = min(intended, open)
            guard share > 0 else { continue }
            let settlement: Allocation.Settlement
            if intended > open {
                settlement = .overpaid(excessMinor: intended - open)
            } else if share == open {
                settlement = .full
            } else if open - share <= toleranceMinor {
                settlement = .fullWithinTolerance(shortfallMinor: open - share)
            } else {
                settlement = .partial(remainingMinor: open - share)
            }
            book.allocate(share, to: target.index, closes: settlement.settlesInFull)
            allocations.append(Allocation(expectedPaymentID: book.payments[target.index].id, amountMinor: share,
                                          settlement: settlement))
            remaining -= share
        }
        precondition(allocations.reduce(0) { $0 + $1.amountMinor } + remaining == amountMinor,
                     "allocations and the unapplied amount must add up to the entry")
        return EntryMatch(rule: rule, allocations: allocations, unappliedMinor: remaining,
                          unresolvedReferences: unresolvedReferences)
    }
}
