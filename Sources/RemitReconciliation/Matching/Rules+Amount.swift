import RemitCore

extension Rules {
    /// Rule 3: the amount, the date window and the counterparty.
    ///
    /// Eligible are the open payments in the entry's currency of buyers the counterparty is
    /// known as (an account equal to a known account, or a normalised name equal to the
    /// buyer's), expected within `dateWindowDays` of the entry's settlement date. A solution is
    /// one eligible payment whose open amount equals the entry's, or a set of two or more
    /// eligible payments of one buyer whose open amounts add up to it (searched only for
    /// buyers with at most `combinationPaymentsMax` eligible payments). Exactly one solution
    /// is a match; more than one is ambiguous.
    func amountDateCounterparty(_ entry: StatementEntry) -> RuleVerdict {
        let eligible = eligiblePayments(entry)
        let singles = eligible.filter { equalWithinTolerance(book.open[$0], entry.amountMinor) }
        var solutions = singles.map { [$0] }
        if solutions.count <= 1 {
            solutions += combinations(of: eligible, adding: entry.amountMinor, stopAfter: 2 - solutions.count)
        }
        switch solutions.count {
        case 0:
            return .noEvidence
        case 1:
            let rule: MatchRule = solutions[0].count == 1 ? .amountDateCounterparty : .combinedAmount
            return .matched(AllocationPlan(rule: rule, targets: solutions[0].map { .init(index: $0) }))
        default:
            let rule: MatchRule = singles.isEmpty ? .combinedAmount : .amountDateCounterparty
            return .ambiguous(rule, Array(Set(solutions.joined())).sorted())
        }
    }

    /// The open payments in the entry's currency, of buyers the counterparty is known as,
    /// expected within the date window; in book order.
    func eligiblePayments(_ entry: StatementEntry) -> [Int] {
        let known = book.payments(counterpartyOf: entry)
        return Set(known.byAccount + known.byName).sorted().filter { index in
            let payment = book.payments[index]
            return payment.currency == entry.currency && book.open[index] > 0
                && abs(payment.expectedDate.days(until: entry.settlementDate)) <= configuration.dateWindowDays
        }
    }

    /// Sets of two or more payments of one buyer whose open amounts add up to `amountMinor`
    /// within the tolerance; at most `stopAfter` of them (the caller only needs to know
    /// whether there are none, one or several).
    private func combinations(of eligible: [Int], adding amountMinor: Int64, stopAfter: Int) -> [[Int]] {
        guard stopAfter > 0 else { return [] }
        var byBuyer: [BuyerID: [Int]] = [:]
        for index in eligible { byBuyer[book.payments[index].buyerID, default: []].append(index) }
        var found: [[Int]] = []
        for buyer in byBuyer.keys.sorted() {
            let group = byBuyer[buyer]!
            guard group.count >= 2, group.count <= configuration.combinationPaymentsMax else { continue }
            for mask in 1..<(1 << group.count) where mask.nonzeroBitCount >= 2 {
                var sum: Int64 = 0
                for bit in 0..<group.count where mask & (1 << bit) != 0 { sum += book.open[group[bit]] }
                guard equalWithinTolerance(sum, amountMinor) else { continue }
                found.append((0..<group.count).filter { mask & (1 << $0) != 0 }.map { group[$0] })
                if found.count >= stopAfter { return found }
            }
        }
        return found
    }
}
