/// What a buyer owes a tenant: lines, totals computed by Remit, dates and references.
public struct Invoice: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "inv"

    /// Where an invoice is in its life.
    public enum Status: String, Sendable, CaseIterable {
        /// Issued and awaiting payment.
        case open
        /// Fully paid.
        case paid
        /// Cancelled before payment; it can no longer be paid.
        case void
    }

    public var id: InvoiceID
    public var buyerID: BuyerID
    /// The tenant's invoice number, unique per tenant.
    public var number: String
    public var currency: Currency
    public var status: Status
    public var lines: [InvoiceLine]
    /// The tax rate applied to every line, in basis points (0 when untaxed).
    public var taxRateBasisPoints: Int64
    /// The sum of line amounts, minor units.
    public var subtotal: Int64
    /// The sum of per-line tax, minor units.
    public var taxAmount: Int64
    /// Subtotal plus tax, minor units.
    public var total: Int64
    /// What has been paid so far, minor units.
    public var amountPaid: Int64
    public var issueDate: CalendarDate
    public var dueDate: CalendarDate
    public var poNumber: String?
    public var memo: String?
    /// Validated, normalised invoice-level custom fields.
    public var customFields: [(key: String, value: JSONValue)]
    public var createdAt: Int64
    public var updatedAt: Int64
    /// When it was voided, in milliseconds since 1970.
    public var voidedAt: Int64?

    /// What is still owed, minor units.
    public var amountRemaining: Int64 { total - amountPaid }

    public static func == (lhs: Invoice, rhs: Invoice) -> Bool {
        lhs.jsonValue == rhs.jsonValue
    }

    /// Creates an invoice value.
    public init(id: InvoiceID, buyerID: BuyerID, number: String, currency: Currency, status: Status, lines: [InvoiceLine],
                taxRateBasisPoints: Int64, subtotal: Int64, taxAmount: Int64, total: Int64, amountPaid: Int64,
                issueDate: CalendarDate, dueDate: CalendarDate, poNumber: String?, memo: String?,
                customFields: [(key: String, value: JSONValue)], createdAt: Int64, updatedAt: Int64, voidedAt: Int64?) {
        self.id = id
        self.buyerID = buyerID
        self.number = number
        self.currency = currency
        self.status = status
        self.lines = lines
        self.taxRateBasisPoints = taxRateBasisPoints
        self.subtotal = subtotal
        self.taxAmount = taxAmount
        self.total = total
        self.amountPaid = amountPaid
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.poNumber = poNumber
        self.memo = memo
        self.customFields = customFields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.voidedAt = voidedAt
    }
}

/// An invoice's identifier.
public typealias InvoiceID = Identifier<Invoice>

/// One line of an invoice.
public struct InvoiceLine: Sendable {
    public var description: String
    /// Units, a whole number.
    public var quantity: Int64
    /// Price of one unit, minor units.
    public var unitAmount: Int64
    /// quantity × unit amount, minor units.
    public var amount: Int64
    /// This line's tax, minor units, rounded half-even on the line.
    public var taxAmount: Int64
    /// The general-ledger account the line books to.
    public var glCode: String?
    /// Validated line-level custom fields.
    public var customFields: [(key: String, value: JSONValue)]

    /// Creates a line.
    public init(description: String, quantity: Int64, unitAmount: Int64, amount: Int64, taxAmount: Int64,
                glCode: String?, customFields: [(key: String, value: JSONValue)]) {
        self.description = description
        self.quantity = quantity
        self.unitAmount = unitAmount
        self.amount = amount
        self.taxAmount = taxAmount
        self.glCode = glCode
        self.customFields = customFields
    }
}

/// Bounds on an invoice.
public enum InvoiceLimits {
    /// The most lines on one invoice.
    public static let linesMax = 500
    /// The largest quantity on one line.
    public static let quantityMax: Int64 = 1_000_000_000
    /// The longest invoice number.
    public static let numberLengthMax = 64
    /// The highest tax rate, in basis points (100%).
    public static let taxRateBasisPointsMax: Int64 = 10_000
}
