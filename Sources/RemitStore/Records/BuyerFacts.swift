import RemitCore
import RemitPolicy

extension StoreTransaction {
    /// The most recent signals read for one decision.
    public static let buyerFactsSignalsMax = 200
    /// The most recent settled payments the payment history averages over: the context is
    /// computed on every payment and checkout, so its cost must not grow with the buyer's past.
    public static let buyerFactsHistoryMax = 200

    /// Gathers `buyer`'s facts for a decision about `invoice`; `department` and the period
    /// (`from`..<`until`, milliseconds) scope the budget spend.
    public func buyerFacts(buyer: BuyerID, invoice: InvoiceID, tenant: TenantID, department: String?,
                           periodFrom: Int64, periodUntil: Int64) async throws -> BuyerFacts {
        var facts = BuyerFacts()
        facts.otherOpenReceivables = try await connection.query("""
        SELECT CAST(COALESCE(SUM(total - amount_paid), 0) AS BIGINT) AS owed FROM invoices
        WHERE tenant_id = ? AND buyer_id = ? AND status = 'open' AND id <> ?
        """, tenant.rawValue, buyer.rawValue, invoice.rawValue).first?.int("owed") ?? 0
        facts.paymentsInFlight = try await connection.query("""
        SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS moving FROM payments
        WHERE tenant_id = ? AND buyer_id = ? AND status IN ('processing', 'awaiting_approval', 'waiting')
        """, tenant.rawValue, buyer.rawValue).first?.int("moving") ?? 0
        if let department {
            facts.departmentSpent = try await connection.query("""
            SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS spent FROM payments
            WHERE tenant_id = ? AND buyer_id = ? AND status IN ('processing', 'awaiting_approval', 'waiting', 'settled')
              AND created_at >= ? AND created_at < ?
              AND invoice_id IN (SELECT entity_id FROM custom_field_values
                                 WHERE tenant_id = ? AND entity = 'invoice' AND field_key = 'department' AND field_value = ?)
            """, tenant.rawValue, buyer.rawValue, periodFrom, periodUntil, tenant.rawValue, department).first?.int("spent") ?? 0
        }
        for row in try await connection.query("""
        SELECT p.settled_at, i.issue_date, i.due_date FROM payments p JOIN invoices i ON i.id = p.invoice_id
        WHERE p.tenant_id = ? AND p.buyer_id = ? AND p.status = 'settled' AND p.settled_at IS NOT NULL
        ORDER BY p.seq DESC LIMIT ?
        """, tenant.rawValue, buyer.rawValue, Self.buyerFactsHistoryMax) {
            guard let settledAt = try row.optionalInt("settled_at"), let issued = CalendarDate(iso8601: try row.text("issue_date")),
                  let due = CalendarDate(iso8601: try row.text("due_date")) else { continue }
            let settledDay = Int(settledAt / 86_400_000)
            facts.settledCount += 1
            facts.settledDaysTotal += Int64(max(0, settledDay - issued.dayNumber))
            if settledDay <= due.dayNumber { facts.settledOnTime += 1 }
        }
        facts.recentSignals = try await connection.query("""
        SELECT type, \(dialect.jsonColumn("data")) FROM signals WHERE tenant_id = ? AND buyer_id = ? AND status = 'applied'
        ORDER BY seq DESC LIMIT ?
        """, tenant.rawValue, buyer.rawValue, Self.buyerFactsSignalsMax).map { BuyerFacts.RecentSignal(type: try $0.text("type"), data: try StoredJSON.parse(try $0.text("data"))) }
        return facts
    }
}
