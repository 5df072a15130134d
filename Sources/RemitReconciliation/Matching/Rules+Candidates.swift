extension Rules {
    /// Points each kind of evidence adds to a candidate's score; the total is capped at 100.
    enum Weight {
        static let referenceQuoted = 40
        static let endToEndIDEqual = 40
        static let counterpartyAccountEqual = 20
        static let counterpartyNameEqual = 10
        static let amountEqual = 20
        /// The entry is smaller than the open amount: it may be a short payment.
        static let amountBelowOpen = 5
        static let dateWithinWindow = 10
        /// Subtracted when nothing is open: it may be a duplicate payment, but it settles nothing.
        static let nothingOpenPenalty = 20
    }

    /// The payments a person should look at for an unmatched entry, best first, at most
    /// `candidatesMax`: every payment in the entry's currency that a quoted reference, the
    /// end-to-end id, the counterparty or the exact amount points to, plus `also`.
    func candidates(for entry: StatementEntry, also: [Int]) -> [Candidate] {
        guard configuration.candidatesMax > 0 else { return [] }
        let quoted = structuredReferences(entry) + scannedReferences(entry)
        let e2e = Normalization.endToEndKey(entry.endToEndID)
        let counterparty = book.payments(counterpartyOf: entry)
        var pool = Set(also)
        for reference in quoted { pool.formUnion(book.payments(quoting: reference.key)) }
        if let e2e { pool.formUnion(book.payments(endToEnd: e2e)) }
        pool.formUnion(counterparty.byAccount)
        pool.formUnion(counterparty.byName)
        pool.formUnion(book.payments(originallyOpen: entry.amountMinor))
        let accounts = Set(counterparty.byAccount)
        let names = Set(counterparty.byName)
        let scored = pool.filter { book.payments[$0].currency == entry.currency }.map { index in
            score(index, entry: entry, quoted: quoted, e2e: e2e, accountEqual: accounts.contains(index),
                  nameEqual: names.contains(index))
        }
        return scored.sorted { left, right in
            if left.candidate.score != right.candidate.score { return left.candidate.score > right.candidate.score }
            if left.distance != right.distance { return left.distance < right.distance }
            if left.days != right.days { return left.days < right.days }
            return left.candidate.expectedPaymentID < right.candidate.expectedPaymentID
        }.prefix(configuration.candidatesMax).map(\.candidate)
    }

    /// One payment's evidence and score, and how far its open amount and its expected date are
    /// from the entry's (the tie-breakers, before the id).
    private func score(_ index: Int, entry: StatementEntry, quoted: [QuotedReference], e2e: String?,
                       accountEqual: Bool, nameEqual: Bool) -> (candidate: Candidate, distance: Int64, days: Int) {
        let payment = book.payments[index]
        var evidence: [Candidate.Evidence] = []
        var points = 0
        let keys = Set([Normalization.referenceKey(payment.invoiceNumber)] + payment.references.map(Normalization.referenceKey))
        for reference in quoted where keys.contains(reference.key) {
            evidence.append(.referenceQuoted(reference.quoted))
            points += Weight.referenceQuoted
        }
        if let e2e, Normalization.endToEndKey(payment.endToEndID) == e2e {
            evidence.append(.endToEndIDEqual)
            points += Weight.endToEndIDEqual
        }
        if accountEqual {
            evidence.append(.counterpartyAccountEqual)
            points += Weight.counterpartyAccountEqual
        }
        if nameEqual {
            evidence.append(.counterpartyNameEqual)
            points += Weight.counterpartyNameEqual
        }
        let open = book.open[index]
        let difference = entry.amountMinor - open
        if open == 0 {
            evidence.append(.nothingOpen)
            points -= Weight.nothingOpenPenalty
        } else if equalWithinTolerance(entry.amountMinor, open) {
            evidence.append(.amountEqual(differenceMinor: difference))
            points += Weight.amountEqual
        } else {
            evidence.append(.amountDiffers(differenceMinor: difference))
            if difference < 0 { points += Weight.amountBelowOpen }
        }
        let days = payment.expectedDate.days(until: entry.settlementDate)
        let within = abs(days) <= configuration.dateWindowDays
        evidence.append(.dateOffset(days: days, withinWindow: within))
        if within { points += Weight.dateWithinWindow }
        let candidate = Candidate(expectedPaymentID: payment.id, score: min(100, max(0, points)), evidence: evidence)
        return (candidate, abs(difference), abs(days))
    }
}
