import RemitCore

/// One broken invariant the verifier found.
public struct LedgerViolation: Sendable, Equatable, CustomStringConvertible {
    /// Which invariant is broken.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// A transfer breaks a rule of its own: legs, amounts, balance per currency, limits.
        case transferInvalid = "transfer_invalid"
        /// A leg names an account that does not exist.
        case accountMissing = "account_missing"
        /// A leg names another tenant's account.
        case crossTenant = "cross_tenant"
        /// A leg's currency is not its account's.
        case currencyMismatch = "currency_mismatch"
        /// A post or void names a transfer that is missing, another tenant's, or not pending.
        case resolvesNonPending = "resolves_non_pending"
        /// A pending transfer was posted or voided more than once.
        case resolvedTwice = "resolved_twice"
        /// A post or void was created at or after its pending transfer's timeout.
        case resolvedAfterExpiry = "resolved_after_expiry"
        /// A post moves more than its pending transfer held, or on other accounts.
        case postExceedsPending = "post_exceeds_pending"
        /// A pending transfer's stored state does not follow from the transfers that resolve it.
        case pendingStateMismatch = "pending_state_mismatch"
        /// Two transfers of one tenant share a client id.
        case clientIDRepeated = "client_id_repeated"
        /// An account's stored balance differs from the sum of its transfers.
        case balanceMismatch = "balance_mismatch"
        /// An account's stored balance breaks its constraint.
        case constraintBroken = "constraint_broken"
        /// Across all accounts in a currency, debits differ from credits.
        case booksUnbalanced = "books_unbalanced"
    }

    /// Which invariant is broken.
    public var code: Code
    /// What the verifier found.
    public var message: String
    /// The transfer at fault, if one is.
    public var transferID: LedgerTransferID?
    /// The account at fault, if one is.
    public var accountID: LedgerAccountID?

    /// Creates a violation.
    public init(_ code: Code, _ message: String, transferID: LedgerTransferID? = nil, accountID: LedgerAccountID? = nil) {
        self.code = code
        self.message = message
        self.transferID = transferID
        self.accountID = accountID
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// The totals of every account in one currency.
public struct CurrencyTotals: Sendable, Equatable {
    /// Posted debits across all accounts.
    public var debitsPosted: Int64 = 0
    /// Posted credits across all accounts.
    public var creditsPosted: Int64 = 0
    /// Pending debits across all accounts.
    public var debitsPending: Int64 = 0
    /// Pending credits across all accounts.
    public var creditsPending: Int64 = 0

    /// Creates totals.
    public init(debitsPosted: Int64 = 0, creditsPosted: Int64 = 0, debitsPending: Int64 = 0, creditsPending: Int64 = 0) {
        self.debitsPosted = debitsPosted
        self.creditsPosted = creditsPosted
        self.debitsPending = debitsPending
        self.creditsPending = creditsPending
    }

    /// Whether debits equal credits, posted and pending alike.
    public var isBalanced: Bool { debitsPosted == creditsPosted && debitsPending == creditsPending }
}

/// What the verifier found: counts, totals per currency, and every broken invariant.
public struct LedgerVerification: Sendable, Equatable {
    /// How many accounts were checked.
    public var accountCount = 0
    /// How many transfers were checked.
    public var transferCount = 0
    /// Transfers by kind.
    public var transfersByKind: [TransferKind: Int] = [:]
    /// Pending transfers by state.
    public var pendingByState: [PendingState: Int] = [:]
    /// Totals across all accounts, per currency code.
    public var totals: [String: CurrencyTotals] = [:]
    /// The broken invariants, at most ``LedgerLimits/violationsReportedMax`` of them.
    public var violations: [LedgerViolation] = []
    /// How many violations were found, including those not reported.
    public var violationCount = 0

    /// Whether every invariant holds.
    public var isValid: Bool { violationCount == 0 }

    /// A few lines a person can read: counts, totals per currency, then violations.
    public var summary: String {
        var lines = ["accounts: \(accountCount)", "transfers: \(transferCount) ("
            + TransferKind.allCases.map { "\($0.rawValue) \(transfersByKind[$0] ?? 0)" }.joined(separator: ", ") + ")",
            "pending: " + PendingState.allCases.map { "\($0.rawValue) \(pendingByState[$0] ?? 0)" }.joined(separator: ", ")]
        for (code, total) in totals.sorted(by: { $0.key < $1.key }) {
            lines.append("\(code): debits posted \(total.debitsPosted), credits posted \(total.creditsPosted), "
                         + "debits pending \(total.debitsPending), credits pending \(total.creditsPending)")
        }
        lines.append(isValid ? "verified: every invariant holds" : "violations: \(violationCount)")
        lines += violations.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }

    mutating func report(_ violation: LedgerViolation) {
        violationCount += 1
        if violations.count < LedgerLimits.violationsReportedMax { violations.append(violation) }
    }
}
