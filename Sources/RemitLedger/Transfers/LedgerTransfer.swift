import RemitCore

/// One entry of a transfer: an amount debited or credited to one account.
public struct LedgerLeg: Sendable, Equatable, Hashable {
    /// The account the entry is on.
    public var accountID: LedgerAccountID
    /// Debit or credit.
    public var side: EntrySide
    /// The amount in minor units; always above zero.
    public var amount: Int64
    /// The currency of the amount; always the account's currency.
    public var currency: Currency

    /// Creates a leg.
    public init(accountID: LedgerAccountID, side: EntrySide, amount: Int64, currency: Currency) {
        self.accountID = accountID
        self.side = side
        self.amount = amount
        self.currency = currency
    }

    /// A debit of `amount` to `account`, in the account's currency.
    public static func debit(_ account: LedgerAccount, _ amount: Int64) -> LedgerLeg {
        LedgerLeg(accountID: account.id, side: .debit, amount: amount, currency: account.currency)
    }

    /// A credit of `amount` to `account`, in the account's currency.
    public static func credit(_ account: LedgerAccount, _ amount: Int64) -> LedgerLeg {
        LedgerLeg(accountID: account.id, side: .credit, amount: amount, currency: account.currency)
    }
}

/// How a transfer moves money.
public enum TransferKind: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Single-phase: the legs post at once.
    case posted
    /// The first phase of a two-phase transfer: the legs are reserved as pending balances until
    /// a post, a void or the timeout.
    case pending
    /// Posts a pending transfer, in full or in part; what it does not post is released.
    case postPending = "post_pending"
    /// Releases a pending transfer without posting anything; it has no legs.
    case voidPending = "void_pending"
}

/// A movement of money between accounts of one tenant: immutable once created. Corrections are
/// new transfers, never edits.
public struct LedgerTransfer: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "ltr"

    /// The transfer's identifier.
    public var id: LedgerTransferID
    /// The tenant whose books the transfer is in.
    public var tenantID: TenantID
    /// The caller's own id for the transfer, unique per tenant: creating a transfer with a
    /// client id that exists returns the first one if every other field is the same.
    public var clientID: String
    /// How the transfer moves money.
    public var kind: TransferKind
    /// The entries; debits equal credits in every currency. Empty for a void.
    public var legs: [LedgerLeg]
    /// The pending transfer a post or void resolves; nil for other kinds.
    public var pendingID: LedgerTransferID?
    /// How long a pending transfer waits for a post or void before it expires, in
    /// milliseconds; nil for other kinds, and for a pending transfer that never expires.
    public var timeoutMilliseconds: Int64?
    /// Why the money moved, for a person reading the books.
    public var reason: String
    /// References to what caused the transfer, such as `payment_id` and `invoice_id`.
    public var metadata: [String: String]
    /// When the transfer was created, in milliseconds since 1970.
    public var createdAt: Int64

    /// Creates a transfer value. The ledger validates it when it is applied.
    public init(id: LedgerTransferID, tenantID: TenantID, clientID: String, kind: TransferKind, legs: [LedgerLeg],
                pendingID: LedgerTransferID? = nil, timeoutMilliseconds: Int64? = nil, reason: String,
                metadata: [String: String] = [:], createdAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.clientID = clientID
        self.kind = kind
        self.legs = legs
        self.pendingID = pendingID
        self.timeoutMilliseconds = timeoutMilliseconds
        self.reason = reason
        self.metadata = metadata
        self.createdAt = createdAt
    }

    /// When a pending transfer expires, in milliseconds since 1970; nil when it never does.
    public var expiresAt: Int64? {
        guard kind == .pending, let timeoutMilliseconds else { return nil }
        let (sum, overflow) = createdAt.addingReportingOverflow(timeoutMilliseconds)
        return overflow ? .max : sum
    }

    /// Whether `other` asks for the same transfer: every field but the id and creation time is
    /// equal. This is the idempotency rule for a repeated client id.
    public func hasSameFields(as other: LedgerTransfer) -> Bool {
        tenantID == other.tenantID && clientID == other.clientID && kind == other.kind && legs == other.legs
            && pendingID == other.pendingID && timeoutMilliseconds == other.timeoutMilliseconds
            && reason == other.reason && metadata == other.metadata
    }
}

/// A ledger transfer's identifier.
public typealias LedgerTransferID = Identifier<LedgerTransfer>

/// Well-known metadata keys.
public enum LedgerMetadataKey {
    /// The payment a transfer books.
    public static let paymentID = "payment_id"
    /// The invoice a transfer books.
    public static let invoiceID = "invoice_id"
    /// The buyer whose receivable a transfer touches.
    public static let buyerID = "buyer_id"
    /// The rail's or bank's reference (a return code, a statement entry, a refund id).
    public static let reference = "reference"
}
