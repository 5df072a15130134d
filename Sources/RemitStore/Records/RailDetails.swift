import RemitCore

/// How a payment settles when that is more than its method: the buyer's saved Stripe payment
/// method, the methods its checkout decision hid, and for a net-terms payment the rail it
/// settles over and the day it settles on.
public struct PaymentRailDetails: Sendable, Equatable {
    /// The payment.
    public var paymentID: PaymentID
    /// Its tenant.
    public var tenantID: TenantID
    /// The saved Stripe payment method to charge, `pm_…`.
    public var stripePaymentMethod: String?
    /// The methods the checkout decision hid from the buyer (Remit method names, sorted).
    public var hiddenMethods: [String]
    /// The method a net-terms payment settles with when its terms end.
    public var settleMethod: PaymentMethod?
    /// The day a net-terms payment settles on: the invoice's net-terms due date.
    public var settleOn: CalendarDate?
    /// When the details were recorded, in ms since 1970.
    public var createdAt: Int64

    /// Creates details.
    public init(paymentID: PaymentID, tenantID: TenantID, stripePaymentMethod: String? = nil, hiddenMethods: [String] = [],
                settleMethod: PaymentMethod? = nil, settleOn: CalendarDate? = nil, createdAt: Int64) {
        self.paymentID = paymentID
        self.tenantID = tenantID
        self.stripePaymentMethod = stripePaymentMethod
        self.hiddenMethods = hiddenMethods.sorted()
        self.settleMethod = settleMethod
        self.settleOn = settleOn
        self.createdAt = createdAt
    }

    /// Whether there is anything to keep.
    public var isEmpty: Bool { stripePaymentMethod == nil && hiddenMethods.isEmpty && settleMethod == nil && settleOn == nil }
}

/// A Stripe event as received: what it was about and what it did.
public struct StoredStripeEvent: Sendable, Equatable {
    /// What receiving the event did.
    public enum Status: String, Sendable {
        /// Its outcome was delivered to the payment's run.
        case applied
        /// It names no payment Remit knows.
        case unmatched
        /// It names a payment whose run was not waiting for a settlement, or disagrees with it.
        case noEffect = "no_effect"
        /// A type Remit does not act on.
        case ignored
    }

    /// Stripe's event id, `evt_…`.
    public var id: String
    /// The event type, such as `payment_intent.succeeded`.
    public var type: String
    /// The tenant of the payment it names, when it names one.
    public var tenantID: TenantID?
    /// The payment it names, when Remit knows it.
    public var paymentID: String?
    /// The PaymentIntent, `pi_…`.
    public var paymentIntent: String?
    /// What it did.
    public var status: Status
    /// Why, in a sentence.
    public var detail: String
    /// When it arrived, in ms since 1970.
    public var receivedAt: Int64

    /// Creates a record.
    public init(id: String, type: String, tenantID: TenantID?, paymentID: String?, paymentIntent: String?, status: Status,
                detail: String, receivedAt: Int64) {
        self.id = id
        self.type = type
        self.tenantID = tenantID
        self.paymentID = paymentID
        self.paymentIntent = paymentIntent
        self.status = status
        self.detail = detail
        self.receivedAt = receivedAt
    }
}

extension StoreTransaction {
    /// Stores a payment's rail details.
    public func insertPaymentRailDetails(_ details: PaymentRailDetails) async throws {
        try await connection.execute("""
        INSERT INTO payment_rail_details (payment_id, tenant_id, stripe_payment_method, hidden_methods, settle_method, settle_on, created_at)
        VALUES (?, ?, ?, \(dialect.jsonParameter), ?, ?, ?)
        """, [.text(details.paymentID.rawValue), .text(details.tenantID.rawValue), details.stripePaymentMethod.sqlValue,
              .text(JSONWriter.string(.strings(details.hiddenMethods))), (details.settleMethod?.rawValue).sqlValue,
              (details.settleOn?.description).sqlValue, .integer(details.createdAt)])
    }

    /// The rail details of the tenant's payment `id`; nil when it has none.
    public func paymentRailDetails(_ id: PaymentID, tenant: TenantID) async throws -> PaymentRailDetails? {
        try await connection.query("""
        SELECT payment_id, tenant_id, stripe_payment_method, \(dialect.jsonColumn("hidden_methods")), settle_method, settle_on, created_at
        FROM payment_rail_details WHERE payment_id = ? AND tenant_id = ?
        """, id.rawValue, tenant.rawValue).first.map { row in
            var hidden: [String] = []
            if case let .array(items) = try StoredJSON.parse(try row.text("hidden_methods")) { hidden = items.compactMap(\.stringValue) }
            let method = try row.optionalText("settle_method")
            let day = try row.optionalText("settle_on")
            return PaymentRailDetails(paymentID: PaymentID(rawValue: try row.text("payment_id")), tenantID: TenantID(rawValue: try row.text("tenant_id")),
                                      stripePaymentMethod: try row.optionalText("stripe_payment_method"), hiddenMethods: hidden,
                                      settleMethod: method.flatMap(PaymentMethod.init(rawValue:)),
                                      settleOn: day.flatMap { CalendarDate(iso8601: $0) }, createdAt: try row.int("created_at"))
        }
    }

    /// The tenant of payment `id`, whichever tenant's it is (an inbound Stripe event names a
    /// payment, not a tenant).
    public func paymentTenant(_ id: PaymentID) async throws -> TenantID? {
        try await connection.query("SELECT tenant_id FROM payments WHERE id = ?", id.rawValue).first.map {
            TenantID(rawValue: try $0.text("tenant_id"))
        }
    }

    /// Stores a received Stripe event; `StoreError.duplicate` when its id arrived before.
    public func insertStripeEvent(_ event: StoredStripeEvent) async throws {
        try await connection.execute("""
        INSERT INTO stripe_events (id, type, tenant_id, payment_id, payment_intent, status, detail, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """, [.text(event.id), .text(event.type), (event.tenantID?.rawValue).sqlValue, event.paymentID.sqlValue, event.paymentIntent.sqlValue,
              .text(event.status.rawValue), .text(event.detail), .integer(event.receivedAt)])
    }

    /// The Stripe event `id`, if it arrived before.
    public func stripeEvent(_ id: String) async throws -> StoredStripeEvent? {
        try await connection.query("""
        SELECT id, type, tenant_id, payment_id, payment_intent, status, detail, received_at FROM stripe_events WHERE id = ?
        """, id).first.map { row in
            guard let status = StoredStripeEvent.Status(rawValue: try row.text("status")) else { throw StoreError.corrupt("stripe event status") }
            return StoredStripeEvent(id: try row.text("id"), type: try row.text("type"),
                                     tenantID: try row.optionalText("tenant_id").map(TenantID.init(rawValue:)),
                                     paymentID: try row.optionalText("payment_id"), paymentIntent: try row.optionalText("payment_intent"),
                                     status: status, detail: try row.text("detail"), receivedAt: try row.int("received_at"))
        }
    }
}
