/// What one rule concluded about one entry.
enum RuleVerdict: Equatable {
    /// The rule is sure: allocate as planned.
    case matched(AllocationPlan)
    /// The rule found several payments that fit equally well.
    case ambiguous(MatchRule, [Int])
    /// The remittance names some payments and the end-to-end id another.
    case conflict([Int])
    /// The references name payments with nothing open.
    case alreadySettled([Int])
    /// The rule found nothing to go on; the next rule may.
    case noEvidence

    /// Whether later rules must leave the entry alone: anything but "no evidence" is final,
    /// since a weaker rule must not overrule what a stronger one saw.
    var isFinal: Bool { self != .noEvidence }
}

/// The payments one quoted reference (or end-to-end id) leads to, once narrowed.
enum KeyResolution: Equatable {
    /// These payments, all open, in the entry's currency.
    case resolved([Int])
    /// Several open payments and nothing to tell them apart.
    case ambiguous([Int])
    /// Payments in the entry's currency, none with anything open.
    case settled([Int])
    /// No payment in the entry's currency.
    case unknown
}

/// The rules, in the order the engine tries them, over a read-only book.
struct Rules {
    let configuration: ReconciliationConfiguration
    let book: PaymentBook

    /// Whether two amounts are equal within the tolerance.
    func equalWithinTolerance(_ left: Int64, _ right: Int64) -> Bool {
        abs(left - right) <= configuration.amountToleranceMinor
    }

    /// Narrows the payments a key hits to the ones it can only mean.
    ///
    /// One open payment is the answer. Several are told apart, in this order, by the entry's
    /// end-to-end id, then by `targetMinor` (the amount remitted for the key, or the entry's
    /// amount when the key is its only one) equalling exactly one open amount, then by
    /// `targetMinor` equalling all their open amounts together (a PO paid for several
    /// invoices at once). Otherwise they are ambiguous.
    func resolve(_ hits: [Int], targetMinor: Int64?, entry: StatementEntry) -> KeyResolution {
        let inCurrency = hits.filter { book.payments[$0].currency == entry.currency }
        let open = inCurrency.filter { book.open[$0] > 0 }
        if open.isEmpty { return inCurrency.isEmpty ? .unknown : .settled(inCurrency) }
        if open.count == 1 { return .resolved(open) }
        if let e2e = Normalization.endToEndKey(entry.endToEndID) {
            let named = open.filter { Normalization.endToEndKey(book.payments[$0].endToEndID) == e2e }
            if named.count == 1 { return .resolved(named) }
        }
        if let targetMinor {
            let equal = open.filter { equalWithinTolerance(book.open[$0], targetMinor) }
            if equal.count == 1 { return .resolved(equal) }
            if equal.isEmpty, equalWithinTolerance(open.reduce(0) { $0 + book.open[$1] }, targetMinor) {
                return .resolved(open)
            }
        }
        return .ambiguous(open)
    }

    /// A match the remittance decided, unless the entry's end-to-end id names a payment the
    /// match leaves out: then the evidence conflicts and a person decides.
    func checkedAgainstEndToEnd(_ plan: AllocationPlan, entry: StatementEntry) -> RuleVerdict {
        guard let e2e = Normalization.endToEndKey(entry.endToEndID) else { return .matched(plan) }
        let named = book.payments(endToEnd: e2e)
        guard !named.isEmpty, Set(named).isDisjoint(with: plan.indices) else { return .matched(plan) }
        return .conflict(plan.indices + named)
    }
}
