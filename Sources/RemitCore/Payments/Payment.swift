/// A buyer's instruction to pay an invoice, executed by a workflow run.
public struct Payment: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "pay"

    /// Where a payment is. It follows its run.
    public enum Status: String, Sendable, CaseIterable {
        /// Its run is executing steps.
        case processing
        /// Waiting for approvers.
        case awaitingApproval = "awaiting_approval"
        /// Waiting for a time or a signal.
        case waiting
        /// The money moved.
        case settled
        /// An approver rejected it, or the workflow ended as rejected.
        case rejected
        /// Its run failed; the reason is in `failureReason` and the run's journal.
        case failed
        /// Cancelled before settlement.
        case cancelled
        /// Settled, then sent back by the payer's bank (an ACH return); the invoice is owed again.
        case returned

        /// Whether nothing changes it any more.
        public var isFinal: Bool {
            switch self {
            case .settled, .rejected, .failed, .cancelled, .returned: true
            case .processing, .awaitingApproval, .waiting: false
            }
        }
    }

    public var id: PaymentID
    public var invoiceID: InvoiceID
    public var buyerID: BuyerID
    public var method: PaymentMethod
    /// What the buyer is charged over the rail, minor units of `currency` (the invoice's):
    /// the invoice amount it settles, less `discountAmount`, plus `surchargeAmount`. Partial
    /// payments are allowed.
    public var amount: Int64
    /// The discount checkout granted (the larger of the policy's and the early-payment one):
    /// settles part of the invoice without moving money.
    public var discountAmount: Int64
    /// The surcharge checkout's policy added: charged on top, not applied to the invoice.
    public var surchargeAmount: Int64
    public var currency: Currency
    public var status: Status
    /// The day the payment should settle, when scheduled.
    public var scheduledFor: CalendarDate?
    /// Validated payment-level custom fields.
    public var customFields: [(key: String, value: JSONValue)]
    /// The run that executes it.
    public var runID: String
    public var workflowID: String
    public var workflowVersion: Int
    /// The rail's reference once settled.
    public var railReference: String?
    /// Why it failed, when it did.
    public var failureReason: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var settledAt: Int64?
    /// The tax the run's `tax` step computed (jurisdiction, rate, per-line and total net, tax
    /// and gross); nil until such a step ran.
    public var tax: JSONValue?

    /// What the payment settles on its invoice: `amount − surchargeAmount + discountAmount`.
    public var appliedAmount: Int64 { amount - surchargeAmount + discountAmount }

    public static func == (lhs: Payment, rhs: Payment) -> Bool {
        lhs.jsonValue == rhs.jsonValue
    }

    /// Creates a payment value.
    public init(id: PaymentID, invoiceID: InvoiceID, buyerID: BuyerID, method: PaymentMethod, amount: Int64, currency: Currency,
                status: Status, scheduledFor: CalendarDate?, customFields: [(key: String, value: JSONValue)], runID: String,
                workflowID: String, workflowVersion: Int, railReference: String? = nil, failureReason: String? = nil,
                createdAt: Int64, updatedAt: Int64, settledAt: Int64? = nil, tax: JSONValue? = nil,
                discountAmount: Int64 = 0, surchargeAmount: Int64 = 0) {
        self.id = id
        self.invoiceID = invoiceID
        self.buyerID = buyerID
        self.method = method
        self.amount = amount
        self.currency = currency
        self.status = status
        self.scheduledFor = scheduledFor
        self.customFields = customFields
        self.runID = runID
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.railReference = railReference
        self.failureReason = failureReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.settledAt = settledAt
        self.tax = tax
        self.discountAmount = discountAmount
        self.surchargeAmount = surchargeAmount
    }
}

/// A payment's identifier.
public typealias PaymentID = Identifier<Payment>

/// How a buyer pays.
public enum PaymentMethod: String, Sendable, CaseIterable {
    case card
    case achDebit = "ach_debit"
    case achCredit = "ach_credit"
    case wire
    case rtp
    case sepaCredit = "sepa_credit"
    case virtualCard = "virtual_card"
    case netTerms = "net_terms"
}

extension Payment: JSONRepresentable {
    /// The payment as the API shows it.
    public var jsonValue: JSONValue {
        .object([
            ("id", .string(id.rawValue)),
            ("object", .string("payment")),
            ("invoice_id", .string(invoiceID.rawValue)),
            ("buyer_id", .string(buyerID.rawValue)),
            ("method", .string(method.rawValue)),
            ("amount", .int(amount)),
            ("discount_amount", .int(discountAmount)),
            ("surcharge_amount", .int(surchargeAmount)),
            ("applied_amount", .int(appliedAmount)),
            ("currency", .string(currency.code)),
            ("status", .string(status.rawValue)),
            ("scheduled_for", .optional(scheduledFor?.description)),
            ("custom_fields", .object(customFields)),
            ("run_id", .string(runID)),
            ("workflow_id", .string(workflowID)),
            ("workflow_version", .int(workflowVersion)),
            ("rail_reference", .optional(railReference)),
            ("failure_reason", .optional(failureReason)),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: createdAt))),
            ("updated_at", .string(Timestamp.rfc3339(milliseconds: updatedAt))),
            ("settled_at", settledAt.map { JSONValue.string(Timestamp.rfc3339(milliseconds: $0)) } ?? .null),
            ("tax", tax ?? .null),
        ])
    }
}

/// Bounds on payments.
public enum PaymentLimits {
    /// The latest a payment may be scheduled, in days from today.
    public static let scheduleDaysMax = 366
}
