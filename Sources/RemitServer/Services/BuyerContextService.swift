import RemitCore
import RemitPolicy
import RemitStore

/// Computes the buyer context of an invoice at decision time, from the buyer's record, its
/// open invoices and payments, and the signals about it.
struct BuyerContextService: Sendable {
    let environment: Environment

    /// The context of `invoice` for its buyer, read through `transaction`.
    func context(invoice: Invoice, buyer: Buyer, tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONValue {
        let today = CalendarDate(utc: environment.clock.now())
        let department = BuyerContext.department(of: invoice)
        let budgetPeriod = department.flatMap { code in buyer.departments.first { $0.code == code } }?.budget?.period ?? .monthly
        let period = BuyerContext.period(budgetPeriod, containing: today)
        let facts = try await transaction.buyerFacts(buyer: buyer.id, invoice: invoice.id, tenant: tenant, department: department,
                                                     periodFrom: Int64(period.from.dayNumber) * 86_400_000,
                                                     periodUntil: Int64(period.until.dayNumber) * 86_400_000)
        return BuyerContext.compute(buyer: buyer, invoice: invoice, facts: facts, today: today)
    }

    /// `GET /v1/invoices/{id}/context`: the context with what it was computed for.
    func json(invoiceID: InvoiceID, tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONValue {
        guard let invoice = try await transaction.invoice(invoiceID, tenant: tenant) else { throw RemitError.notFound("invoice", invoiceID.rawValue) }
        guard let buyer = try await transaction.buyer(invoice.buyerID, tenant: tenant) else { throw StoreError.corrupt("invoice \(invoice.id) has no buyer") }
        return .object([
            ("object", .string("buyer_context")),
            ("invoice_id", .string(invoice.id.rawValue)),
            ("buyer_id", .string(buyer.id.rawValue)),
            ("computed_at", .string(Timestamp.rfc3339(milliseconds: environment.clock.nowMilliseconds))),
            ("context", try await context(invoice: invoice, buyer: buyer, tenant: tenant, in: transaction)),
        ])
    }
}
