/// Money a tenant gives back to a buyer for one settled payment: in full or in part, one or
/// several times, never more in total than the payment.
public struct Refund: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "rfd"

    /// Where a refund is; see ``RefundLifecycle`` for the transitions.
    public enum Status: String, Sendable, CaseIterable {
        /// Booked and held in the ledger; the rail has not answered yet.
        case pending
        /// The rail moved the money back. Final.
        case succeeded
        /// The rail refused it; the ledger hold was released. Final.
        case failed
        /// It had succeeded, then the buyer's bank sent the money back (an ACH return of the
        /// refund's credit entry); the ledger reversed it. Final.
        case returned
    }

    /// The refund's id, `rfd_…`.
    public var id: RefundID
    /// The tenant whose payment it refunds.
    public var tenantID: TenantID
    /// The payment whose money goes back.
    public var paymentID: PaymentID
    /// The amount given back, in minor units of `currency` (the payment's); at least 1.
    public var amount: Int64
    /// The payment's currency.
    public var currency: Currency
    /// Where the refund is.
    public var status: Status
    /// Why the tenant refunds, as the tenant wrote it; at most ``RefundLimits/reasonLengthMax`` characters.
    public var reason: String?
    /// The rail that carries the refund (`stripe`, `ach`, `sepa`, `gateway`), once chosen.
    public var rail: String?
    /// The rail's reference of the refund (a Stripe `re_…`, a trace number, an end-to-end id).
    public var railReference: String?
    /// Why the rail refused it, when it did (`code: message`).
    public var failureReason: String?
    /// How many times the rail was asked; each attempt uses the same idempotency key.
    public var attempts: Int
    /// When the refund was asked for, in ms since 1970.
    public var createdAt: Int64
    /// When it last changed, in ms since 1970.
    public var updatedAt: Int64

    /// Creates a refund value.
    public init(id: RefundID, tenantID: TenantID, paymentID: PaymentID, amount: Int64, currency: Currency, status: Status,
                reason: String?, rail: String? = nil, railReference: String? = nil, failureReason: String? = nil, attempts: Int = 0,
                createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.paymentID = paymentID
        self.amount = amount
        self.currency = currency
        self.status = status
        self.reason = reason
        self.rail = rail
        self.railReference = railReference
        self.failureReason = failureReason
        self.attempts = attempts
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The idempotency key every rail request for this refund carries: the same on every retry
    /// and after a restart, so the rail refunds at most once.
    public var railIdempotencyKey: String { Self.railIdempotencyKeyPrefix + id.rawValue }

    /// How every refund's rail idempotency key starts; what follows is the refund id.
    public static let railIdempotencyKeyPrefix = "refund:"
}

/// A refund's identifier.
public typealias RefundID = Identifier<Refund>

extension Refund: JSONRepresentable {
    /// The refund as the API shows it.
    public var jsonValue: JSONValue {
        .object([
            ("id", .string(id.rawValue)),
            ("object", .string("refund")),
            ("payment_id", .string(paymentID.rawValue)),
            ("amount", .int(amount)),
            ("currency", .string(currency.code)),
            ("status", .string(status.rawValue)),
            ("reason", .optional(reason)),
            ("rail", .optional(rail)),
            ("rail_reference", .optional(railReference)),
            ("failure_reason", .optional(failureReason)),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: createdAt))),
            ("updated_at", .string(Timestamp.rfc3339(milliseconds: updatedAt))),
        ])
    }
}

/// Bounds on refunds.
public enum RefundLimits {
    /// The longest `reason`, in characters.
    public static let reasonLengthMax = 500
    /// The most refunds one payment may have (pending, succeeded and failed together), so a
    /// client loop cannot grow a payment's refund list without bound.
    public static let refundsPerPaymentMax = 100
}
