/// Why a reconciliation run or a manual match was refused.
///
/// The one error type of `RemitReconciliation`. The message says what went wrong and how to fix
/// it; it quotes identifiers and amounts, never names or account numbers.
public struct ReconciliationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; stable, and part of the API.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// A configuration value is out of its range.
        case invalidConfiguration = "invalid_configuration"
        /// More entries than `entriesMax` in one run.
        case tooManyEntries = "too_many_entries"
        /// More expected payments than `expectedPaymentsMax` in one run.
        case tooManyExpectedPayments = "too_many_expected_payments"
        /// An entry breaks a rule: a non-positive amount, a field beyond its limit.
        case invalidEntry = "invalid_entry"
        /// An expected payment breaks a rule: a negative open amount, a field beyond its limit.
        case invalidExpectedPayment = "invalid_expected_payment"
        /// Two entries share a bank reference.
        case duplicateEntryReference = "duplicate_entry_reference"
        /// Two expected payments share an id.
        case duplicateExpectedPayment = "duplicate_expected_payment"
        /// A manual match was asked for a debit entry.
        case manualEntryNotCredit = "manual_entry_not_credit"
        /// A manual match has no allocation, or more than `manualAllocationsMax`.
        case manualAllocationCount = "manual_allocation_count"
        /// A manual allocation's amount is not above zero, or the unapplied amount is negative.
        case manualAmountInvalid = "manual_amount_invalid"
        /// The same expected payment appears twice in one manual match.
        case manualDuplicateAllocation = "manual_duplicate_allocation"
        /// A manual allocation names an expected payment that was not given.
        case manualUnknownPayment = "manual_unknown_payment"
        /// A manual allocation names a payment in another currency than the entry's.
        case manualCurrencyMismatch = "manual_currency_mismatch"
        /// A manual allocation names a payment with nothing open.
        case manualPaymentNotOpen = "manual_payment_not_open"
        /// A manual allocation is larger than the payment's open amount.
        case manualOverAllocated = "manual_over_allocated"
        /// The allocations plus the unapplied amount do not add up to the entry's amount.
        case manualSumMismatch = "manual_sum_mismatch"
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// The entry at fault, when one is.
    public var entryReference: String?
    /// The expected payment at fault, when one is.
    public var expectedPaymentID: ExpectedPaymentID?

    /// Creates an error.
    public init(_ code: Code, _ message: String, entryReference: String? = nil, expectedPaymentID: ExpectedPaymentID? = nil) {
        self.code = code
        self.message = message
        self.entryReference = entryReference
        self.expectedPaymentID = expectedPaymentID
    }

    /// The code and the message, such as `too_many_entries: 10001 entries …`.
    public var description: String { "\(code.rawValue): \(message)" }
}
