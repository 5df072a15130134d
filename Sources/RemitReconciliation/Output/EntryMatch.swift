/// The rule that matched an entry, in the order the engine tries them.
public enum MatchRule: String, Sendable, Equatable, CaseIterable {
    /// Structured remittance: a referred document number or the creditor reference equals an
    /// invoice number or a known reference.
    case structuredRemittance = "structured_remittance"
    /// An invoice number or known reference found in the free remittance text.
    case unstructuredRemittance = "unstructured_remittance"
    /// The end-to-end id equals the one Remit put on the wire.
    case endToEndID = "end_to_end_id"
    /// The amount equals one open payment of the counterparty, expected within the date window.
    case amountDateCounterparty = "amount_date_counterparty"
    /// The amount equals the sum of exactly one set of the counterparty's open payments.
    case combinedAmount = "combined_amount"
    /// A person allocated the entry.
    case manual
}

/// An entry matched to expected payments: how its money is divided and what each share does.
///
/// Invariant: the allocations' amounts plus ``unappliedMinor`` equal the entry's amount.
public struct EntryMatch: Sendable, Equatable {
    /// The rule that matched.
    public var rule: MatchRule
    /// The shares of the entry's money, in the order the remittance named them (or by id).
    public var allocations: [Allocation]
    /// Money the entry brought beyond what it settles: an overpayment. It is applied to no
    /// expected payment; the ledger holds it as unapplied cash of the buyer until a person
    /// refunds it or applies it.
    public var unappliedMinor: Int64
    /// References the remittance quoted that name no expected payment; kept for the person
    /// who reviews the overpayment they may explain.
    public var unresolvedReferences: [String]

    /// Creates a match.
    public init(rule: MatchRule, allocations: [Allocation], unappliedMinor: Int64, unresolvedReferences: [String] = []) {
        self.rule = rule
        self.allocations = allocations
        self.unappliedMinor = unappliedMinor
        self.unresolvedReferences = unresolvedReferences
    }
}

/// A share of an entry's money applied to one expected payment.
public struct Allocation: Sendable, Equatable {
    /// What the share does to the expected payment.
    public enum Settlement: Sendable, Equatable {
        /// The share equals the open amount: settled in full.
        case full
        /// The share is short of the open amount by at most `amountToleranceMinor`: treated as
        /// settled; the shortfall is for the ledger to book as a fee or rounding write-off.
        case fullWithinTolerance(shortfallMinor: Int64)
        /// A short payment: the share is less than the open amount by more than the tolerance,
        /// and `remainingMinor` stays open.
        case partial(remainingMinor: Int64)
        /// The payer meant more than is open for this payment: it is settled in full and
        /// `excessMinor` goes to the match's ``EntryMatch/unappliedMinor``.
        case overpaid(excessMinor: Int64)

        /// Whether nothing stays open after this share.
        public var settlesInFull: Bool {
            if case .partial = self { return false }
            return true
        }
    }

    /// The expected payment.
    public var expectedPaymentID: ExpectedPaymentID
    /// The share, in minor units; above zero and at most the payment's open amount.
    public var amountMinor: Int64
    /// What the share does.
    public var settlement: Settlement

    /// Creates an allocation.
    public init(expectedPaymentID: ExpectedPaymentID, amountMinor: Int64, settlement: Settlement) {
        self.expectedPaymentID = expectedPaymentID
        self.amountMinor = amountMinor
        self.settlement = settlement
    }
}
