import RemitCore

extension StoreTransaction {
    static let paymentColumns = """
    seq, id, invoice_id, buyer_id, method, amount, currency, status, scheduled_for, run_id, workflow_id, workflow_version,
    rail_reference, failure_reason, created_at, updated_at, settled_at, tax, discount_amount, surcharge_amount
    """

    /// Stores a new payment.
    public func insertPayment(_ payment: Payment, tenant: TenantID) async throws {
        try await connection.execute("""
        INSERT INTO payments (id, tenant_id, invoice_id, buyer_id, method, amount, currency, status, scheduled_for, custom_fields,
            run_id, workflow_id, workflow_version, rail_reference, failure_reason, created_at, updated_at, settled_at,
            discount_amount, surcharge_amount)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, \(dialect.jsonParameter), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, [
            .text(payment.id.rawValue), .text(tenant.rawValue), .text(payment.invoiceID.rawValue), .text(payment.buyerID.rawValue),
            .text(payment.method.rawValue), .integer(payment.amount), .text(payment.currency.code), .text(payment.status.rawValue),
            payment.scheduledFor?.description.sqlValue ?? .null, .text(JSONWriter.string(.object(payment.customFields))),
            .text(payment.runID), .text(payment.workflowID), .integer(Int64(payment.workflowVersion)), payment.railReference.sqlValue,
            payment.failureReason.sqlValue, .integer(payment.createdAt), .integer(payment.updatedAt), payment.settledAt.sqlValue,
            .integer(payment.discountAmount), .integer(payment.surchargeAmount),
        ])
        try await indexCustomFields(payment.customFields, entity: "payment", entityID: payment.id.rawValue, tenant: tenant)
    }

    /// The tenant's payment with `id`.
    public func payment(_ id: PaymentID, tenant: TenantID) async throws -> Payment? {
        try await connection.query("""
        SELECT \(Self.paymentColumns), \(dialect.jsonColumn("custom_fields")) FROM payments WHERE id = ? AND tenant_id = ?
        """, id.rawValue, tenant.rawValue).first.map(decodePayment)
    }

    /// One page of the tenant's payments, newest first.
    public func payments(tenant: TenantID, invoiceID: InvoiceID?, status: Payment.Status?, page: PageRequest) async throws -> Page<Payment> {
        var sql = "SELECT \(Self.paymentColumns), \(dialect.jsonColumn("custom_fields")) FROM payments WHERE tenant_id = ?"
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        if let invoiceID {
            sql += " AND invoice_id = ?"
            binds.append(.text(invoiceID.rawValue))
        }
        if let status {
            sql += " AND status = ?"
            binds.append(.text(status.rawValue))
        }
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodePayment)
    }

    /// The sum of what an invoice's payments that are neither final-and-failed nor settled yet
    /// would apply to it (amount less surcharge plus discount): money that may still move, so a
    /// new payment cannot exceed what remains.
    public func amountInFlight(invoice: InvoiceID, tenant: TenantID) async throws -> Int64 {
        try await connection.query("SELECT \(Self.inFlightSum(tenant: "?", invoice: "?")) AS total", tenant.rawValue, invoice.rawValue)
            .first?.int("total") ?? 0
    }

    /// The SQL of that sum for the invoice and tenant the expressions name: one definition for
    /// the single read above and the reads that take it for many invoices at once.
    static func inFlightSum(tenant: String, invoice: String) -> String {
        """
        (SELECT CAST(COALESCE(SUM(f.amount - f.surcharge_amount + f.discount_amount), 0) AS BIGINT) FROM payments f
         WHERE f.tenant_id = \(tenant) AND f.invoice_id = \(invoice) AND f.status IN ('processing', 'awaiting_approval', 'waiting'))
        """
    }

    /// Updates a payment's status and settlement facts.
    public func updatePayment(_ id: PaymentID, tenant: TenantID, status: Payment.Status, railReference: String?,
                              failureReason: String?, settledAt: Int64?, now: Int64) async throws {
        try await write("""
        UPDATE payments SET status = ?, rail_reference = COALESCE(?, rail_reference), failure_reason = COALESCE(?, failure_reason),
            settled_at = COALESCE(?, settled_at), updated_at = ?
        WHERE id = ? AND tenant_id = ?
        """, status.rawValue, railReference, failureReason, settledAt, now, id.rawValue, tenant.rawValue)
    }

    /// Adds a settled payment's applied amount (`Payment.appliedAmount`: a discount counts as
    /// paid) to an invoice; marks it paid when nothing remains.
    public func recordInvoicePayment(_ invoice: InvoiceID, tenant: TenantID, amount: Int64, now: Int64) async throws {
        try await connection.execute("""
        UPDATE invoices SET amount_paid = amount_paid + ?, updated_at = ?,
            status = CASE WHEN amount_paid + ? >= total THEN 'paid' ELSE status END
        WHERE id = ? AND tenant_id = ?
        """, amount, now, amount, invoice.rawValue, tenant.rawValue)
    }

    func decodePayment(_ row: SQLRow) throws -> Payment {
        let currency: Currency
        do { currency = try Currency(code: try row.text("currency")) } catch { throw StoreError.corrupt("payment currency") }
        guard let method = PaymentMethod(rawValue: try row.text("method")), let status = Payment.Status(rawValue: try row.text("status"))
        else { throw StoreError.corrupt("payment row") }
        return Payment(id: PaymentID(rawValue: try row.text("id")), invoiceID: InvoiceID(rawValue: try row.text("invoice_id")),
                       buyerID: BuyerID(rawValue: try row.text("buyer_id")), method: method, amount: try row.int("amount"),
                       currency: currency, status: status,
                       scheduledFor: try row.optionalText("scheduled_for").flatMap(CalendarDate.init(iso8601:)),
                       customFields: try StoredJSON.members(try row.text("custom_fields")), runID: try row.text("run_id"),
                       workflowID: try row.text("workflow_id"), workflowVersion: Int(try row.int("workflow_version")),
                       railReference: try row.optionalText("rail_reference"), failureReason: try row.optionalText("failure_reason"),
                       createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"), settledAt: try row.optionalInt("settled_at"),
                       tax: try row.optionalText("tax").map(StoredJSON.parse), discountAmount: try row.int("discount_amount"),
                       surchargeAmount: try row.int("surcharge_amount"))
    }

    /// Records the tax a run's `tax` step computed on its payment.
    public func setPaymentTax(_ id: PaymentID, tenant: TenantID, tax: JSONValue, now: Int64) async throws {
        try await connection.execute("UPDATE payments SET tax = \(dialect.jsonParameter), updated_at = ? WHERE id = ? AND tenant_id = ?",
                                     JSONWriter.string(tax), now, id.rawValue, tenant.rawValue)
    }
}
