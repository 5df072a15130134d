/// Why the ledger refused a transfer or an account. One type for the whole module; the server
/// maps each code to an HTTP status at its edge.
///
/// The message says what went wrong and how to fix it; it names ids and amounts but never
/// secrets. Caller text echoed back is cut to ``LedgerLimits/echoCharactersMax`` characters.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; stable, and part of the API.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// An account code is empty, too long or has a character outside `a-z 0-9 _ : . -`.
        case accountCodeInvalid = "account_code_invalid"
        /// An account with this tenant, code and currency exists with another kind or constraint.
        case accountExistsWithDifferentFields = "account_exists_with_different_fields"
        /// A leg names an account that does not exist or belongs to another tenant.
        case accountNotFound = "account_not_found"
        /// The client id is empty or longer than ``LedgerLimits/clientIDBytesMax``.
        case clientIDInvalid = "client_id_invalid"
        /// The transfer has fewer than two legs, or a void that has legs.
        case legsTooFew = "legs_too_few"
        /// The transfer has more than ``LedgerLimits/legsPerTransferMax`` legs.
        case legsTooMany = "legs_too_many"
        /// A leg amount is zero or negative.
        case amountNotPositive = "amount_not_positive"
        /// A sum of amounts or a balance does not fit in a signed 64-bit count of minor units.
        case amountOverflow = "amount_overflow"
        /// Debits and credits differ in some currency.
        case unbalanced = "unbalanced"
        /// A leg's currency is not its account's currency.
        case currencyMismatch = "currency_mismatch"
        /// The reason is longer than ``LedgerLimits/reasonBytesMax``.
        case reasonTooLong = "reason_too_long"
        /// The metadata has too many entries, or a key or value is too long.
        case metadataTooLarge = "metadata_too_large"
        /// A post or void names no pending transfer, or another kind names one.
        case pendingIDInvalid = "pending_id_invalid"
        /// The timeout is given on a transfer that is not pending, or is not in 1...``LedgerLimits/pendingTimeoutMillisecondsMax``.
        case timeoutInvalid = "timeout_invalid"
        /// The pending transfer a post or void names does not exist (in this tenant) or is not pending.
        case pendingTransferNotFound = "pending_transfer_not_found"
        /// The pending transfer was already posted.
        case pendingTransferAlreadyPosted = "pending_transfer_already_posted"
        /// The pending transfer was already voided.
        case pendingTransferAlreadyVoided = "pending_transfer_already_voided"
        /// The pending transfer timed out before it was posted or voided.
        case pendingTransferExpired = "pending_transfer_expired"
        /// The pending transfer has not reached its timeout, so it cannot expire yet.
        case pendingTransferNotExpired = "pending_transfer_not_expired"
        /// A post moves more than the pending transfer holds on some account and side.
        case postExceedsPendingAmount = "post_exceeds_pending_amount"
        /// A post has a leg on an account and side the pending transfer does not.
        case postLegNotInPending = "post_leg_not_in_pending"
        /// A transfer with this client id exists with other fields.
        case transferExistsWithDifferentFields = "transfer_exists_with_different_fields"
        /// The transfer would make an account's debits exceed its credits, which its constraint forbids.
        case exceedsCredits = "exceeds_credits"
        /// The transfer would make an account's credits exceed its debits (cash going negative).
        case exceedsDebits = "exceeds_debits"
        /// A batch holds more than ``LedgerLimits/transfersPerBatchMax`` transfers.
        case batchTooLarge = "batch_too_large"
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// Cuts caller text to ``LedgerLimits/echoCharactersMax`` characters for keeping in a message.
    static func echo(_ text: String) -> String {
        guard text.count > LedgerLimits.echoCharactersMax else { return text }
        return String(text.prefix(LedgerLimits.echoCharactersMax)) + "…"
    }
}
