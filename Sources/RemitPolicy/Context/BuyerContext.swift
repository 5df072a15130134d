import RemitCore

/// What storage knows about a buyer that a checkout decision weighs (gathered by the store).
public struct BuyerFacts: Sendable, Equatable {
    /// The remaining amounts of the buyer's open invoices other than the one being decided.
    public var otherOpenReceivables: Int64 = 0
    /// Payments of the buyer that may still move money (processing, awaiting approval, waiting).
    public var paymentsInFlight: Int64 = 0
    /// Payments (settled or in flight) on the buyer's invoices of the department, in the period.
    public var departmentSpent: Int64 = 0
    /// How many of the buyer's payments settled.
    public var settledCount: Int = 0
    /// The sum of their days from invoice issue to settlement.
    public var settledDaysTotal: Int64 = 0
    /// How many settled on or before their invoice's due date.
    public var settledOnTime: Int = 0
    /// The buyer's recent applied signals, newest first.
    public var recentSignals: [RecentSignal] = []

    /// One applied signal.
    public struct RecentSignal: Sendable, Equatable {
        public var type: String
        public var data: JSONValue

        /// Creates a signal fact.
        public init(type: String, data: JSONValue) {
            self.type = type
            self.data = data
        }
    }

    /// Creates empty facts.
    public init() {}
}

/// The buyer context: the live facts a checkout decision and a workflow see as `context`,
/// computed for one buyer and one invoice at decision time. Every member is documented in
/// `docs/policies.md`; all amounts are minor units of the invoice's currency.
public enum BuyerContext {
    /// The budget period that contains `day`: its key (`2026-11`, `2026-Q4`, `2026`) and its
    /// first and last-plus-one days.
    public static func period(_ period: Budget.Period, containing day: CalendarDate) -> (key: String, from: CalendarDate, until: CalendarDate) {
        let (year, month) = (day.year, day.month)
        switch period {
        case .monthly:
            let next = month == 12 ? CalendarDate(year: year + 1, month: 1, day: 1) : CalendarDate(year: year, month: month + 1, day: 1)
            return ("\(year)-\(month < 10 ? "0" : "")\(month)", CalendarDate(year: year, month: month, day: 1)!, next!)
        case .quarterly:
            let first = (month - 1) / 3 * 3 + 1
            let next = first == 10 ? CalendarDate(year: year + 1, month: 1, day: 1) : CalendarDate(year: year, month: first + 3, day: 1)
            return ("\(year)-Q\((month - 1) / 3 + 1)", CalendarDate(year: year, month: first, day: 1)!, next!)
        case .annual:
            return ("\(year)", CalendarDate(year: year, month: 1, day: 1)!, CalendarDate(year: year + 1, month: 1, day: 1)!)
        }
    }

    /// The invoice's department code: its custom field `department`, when it is a string.
    public static func department(of invoice: Invoice) -> String? {
        invoice.customFields.first { $0.key == "department" }?.value.stringValue
    }

    /// The context of a decision about `invoice` for `buyer` on `today`.
    public static func compute(buyer: Buyer, invoice: Invoice, facts: BuyerFacts, today: CalendarDate) -> JSONValue {
        .object([
            ("credit", credit(buyer: buyer, invoice: invoice, facts: facts, today: today)),
            ("budget", budget(buyer: buyer, invoice: invoice, facts: facts, today: today)),
            ("po", purchaseOrder(invoice: invoice, facts: facts)),
            ("history", history(facts)),
        ])
    }

    static func credit(buyer: Buyer, invoice: Invoice, facts: BuyerFacts, today: CalendarDate) -> JSONValue {
        let netDays = buyer.creditTerms.netDays
        let age = today.dayNumber - invoice.issueDate.dayNumber
        let limit = buyer.creditTerms.creditLimit
        let exposure = facts.otherOpenReceivables
        return .object([
            ("net_days", .int(Int64(netDays))),
            ("invoice_age_days", .int(Int64(age))),
            ("within_window", .bool(netDays > 0 && age <= netDays)),
            ("limit", .int(limit)),
            ("exposure", .int(exposure)),
            ("available", .int(limit - exposure)),
            ("payments_in_flight", .int(facts.paymentsInFlight)),
        ])
    }

    static func budget(buyer: Buyer, invoice: Invoice, facts: BuyerFacts, today: CalendarDate) -> JSONValue {
        guard let code = department(of: invoice), let department = buyer.departments.first(where: { $0.code == code }) else {
            return .object([("department", .string("")), ("period", .string("")), ("budget", .int(0)), ("used", .int(0)),
                            ("left", .int(0)), ("threshold", .int(0)), ("approved", .bool(false))])
        }
        let period = BuyerContext.period(department.budget?.period ?? .monthly, containing: today)
        // The latest budget signal for this department and period overrides the buyer's record.
        let signal = facts.recentSignals.first { fact in
            (fact.type == "budget.updated" || fact.type == "budget.approved")
                && fact.data["department"]?.stringValue == code && fact.data["period"]?.stringValue == period.key
        }
        let amount = signal?.data["amount"]?.int64Value ?? department.budget?.amount ?? 0
        let approved = facts.recentSignals.contains { fact in
            fact.type == "budget.approved" && fact.data["department"]?.stringValue == code && fact.data["period"]?.stringValue == period.key
        }
        return .object([
            ("department", .string(code)),
            ("period", .string(period.key)),
            ("budget", .int(amount)),
            ("used", .int(facts.departmentSpent)),
            ("left", .int(amount - facts.departmentSpent)),
            ("threshold", .int(department.approvalThreshold ?? 0)),
            ("approved", .bool(approved)),
        ])
    }

    static func purchaseOrder(invoice: Invoice, facts: BuyerFacts) -> JSONValue {
        guard let number = invoice.poNumber, !number.isEmpty else {
            return .object([("number", .string("")), ("state", .string("none")), ("allocated_quantity", .int(0))])
        }
        let about = facts.recentSignals.filter { $0.data["po_number"]?.stringValue == number }
        // Newest first: the first state-bearing signal is the PO's state.
        let states: [String: String] = ["purchase_order.created": "created", "purchase_order.approved": "approved",
                                        "purchase_order.closed": "closed", "goods.received": "received"]
        let state = about.lazy.compactMap { states[$0.type] }.first ?? "none"
        let allocated = about.filter { $0.type == "inventory.allocated" }.compactMap { $0.data["quantity"]?.int64Value }.reduce(0, +)
        return .object([("number", .string(number)), ("state", .string(state)), ("allocated_quantity", .int(allocated))])
    }

    static func history(_ facts: BuyerFacts) -> JSONValue {
        let count = facts.settledCount
        return .object([
            ("count", .int(Int64(count))),
            ("average_days_to_pay", .double(count == 0 ? 0 : Double(facts.settledDaysTotal) / Double(count))),
            ("on_time_share", .double(count == 0 ? 1 : Double(facts.settledOnTime) / Double(count))),
        ])
    }
}
