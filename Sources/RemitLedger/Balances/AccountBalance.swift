/// An account's running totals, each a non-negative count of minor units, as stored beside the
/// account and updated in the same transaction as every transfer that touches it.
public struct AccountBalance: Sendable, Equatable, Hashable {
    /// The sum of posted debits.
    public var debitsPosted: Int64
    /// The sum of posted credits.
    public var creditsPosted: Int64
    /// The sum of debits reserved by pending transfers that are still pending.
    public var debitsPending: Int64
    /// The sum of credits reserved by pending transfers that are still pending.
    public var creditsPending: Int64

    /// Creates a balance.
    public init(debitsPosted: Int64 = 0, creditsPosted: Int64 = 0, debitsPending: Int64 = 0, creditsPending: Int64 = 0) {
        self.debitsPosted = debitsPosted
        self.creditsPosted = creditsPosted
        self.debitsPending = debitsPending
        self.creditsPending = creditsPending
    }

    /// A balance of nothing.
    public static let zero = AccountBalance()

    /// The posted balance on the normal side: debits less credits for a debit-normal account,
    /// credits less debits for a credit-normal one. Negative when the account is overdrawn.
    public func posted(normalSide: EntrySide) -> Int64 {
        normalSide == .debit ? debitsPosted &- creditsPosted : creditsPosted &- debitsPosted
    }

    /// What is left once every pending transfer that would reduce the account has taken its
    /// amount; pending increases do not count until posted.
    public func available(normalSide: EntrySide) -> Int64 {
        normalSide == .debit ? debitsPosted &- creditsPosted &- creditsPending : creditsPosted &- debitsPosted &- debitsPending
    }

    /// Whether the balance respects `constraint`.
    public func satisfies(_ constraint: BalanceConstraint?) -> Bool {
        switch constraint {
        case nil: return true
        case .debitsMustNotExceedCredits: return debitsPosted.addingReportingOverflow(debitsPending).partialValue <= creditsPosted
        case .creditsMustNotExceedDebits: return creditsPosted.addingReportingOverflow(creditsPending).partialValue <= debitsPosted
        }
    }

    /// Adds `amount` to one of the four totals (a negative amount releases a pending one).
    ///
    /// - Throws: ``LedgerError/Code/amountOverflow`` when a total would leave `0...Int64.max`.
    public mutating func add(_ amount: Int64, side: EntrySide, pending: Bool) throws(LedgerError) {
        switch (side, pending) {
        case (.debit, false): debitsPosted = try Self.checked(debitsPosted, amount)
        case (.credit, false): creditsPosted = try Self.checked(creditsPosted, amount)
        case (.debit, true): debitsPending = try Self.checked(debitsPending, amount)
        case (.credit, true): creditsPending = try Self.checked(creditsPending, amount)
        }
    }

    private static func checked(_ total: Int64, _ amount: Int64) throws(LedgerError) -> Int64 {
        let (sum, overflow) = total.addingReportingOverflow(amount)
        guard !overflow else {
            throw LedgerError(.amountOverflow, "An account total would pass 9223372036854775807 minor units; use smaller transfers.")
        }
        // Only a bug (releasing more than was reserved) can take a total below zero.
        precondition(sum >= 0, "an account total went below zero")
        return sum
    }
}

/// The constraint check, as a pure function of a balance and the legs proposed against it.
public enum BalanceConstraintCheck {
    /// Checks that `account`, at `balance`, still respects its constraint once `legs` (those of
    /// a single-phase or pending transfer; other accounts' legs are ignored) are applied.
    ///
    /// - Throws: ``LedgerError/Code/exceedsCredits`` or ``LedgerError/Code/exceedsDebits``.
    public static func check(account: LedgerAccount, balance: AccountBalance, proposed legs: [LedgerLeg], pending: Bool) throws(LedgerError) {
        var after = balance
        for leg in legs where leg.accountID == account.id {
            try after.add(leg.amount, side: leg.side, pending: pending)
        }
        try require(account: account, balance: after)
    }

    /// Throws unless `balance` respects `account`'s constraint.
    public static func require(account: LedgerAccount, balance: AccountBalance) throws(LedgerError) {
        guard !balance.satisfies(account.constraint) else { return }
        switch account.constraint {
        case .debitsMustNotExceedCredits:
            throw LedgerError(.exceedsCredits, "Account '\(account.code)' would have debits (\(balance.debitsPosted) posted, "
                              + "\(balance.debitsPending) pending) above its \(balance.creditsPosted) posted credits, which its constraint forbids.")
        case .creditsMustNotExceedDebits, nil:
            throw LedgerError(.exceedsDebits, "Account '\(account.code)' would have credits (\(balance.creditsPosted) posted, "
                              + "\(balance.creditsPending) pending) above its \(balance.debitsPosted) posted debits: it may not go negative.")
        }
    }
}
