import RemitCore
import RemitStore

/// Issues and voids invoices.
struct InvoiceService: Sendable {
    let environment: Environment

    func create(_ body: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> Invoice {
        let input = try InvoiceInput.parse(body)
        guard let buyerID = BuyerID(validating: input.buyerID), let buyer = try await transaction.buyer(buyerID, tenant: tenant) else {
            throw RemitError.validation([FieldError(field: "buyer_id", rule: "reference", message: "is not one of your buyers")])
        }
        if try await transaction.invoiceNumberExists(input.number, tenant: tenant) {
            throw RemitError(.conflict, "An invoice numbered '\(input.number)' already exists.",
                             fieldErrors: [FieldError(field: "number", rule: "unique", message: "is already used by another invoice")])
        }
        let schema = buyer.customFieldSchema.merged(over: try await transaction.defaultCustomFieldSchema(tenant))
        let now = environment.clock.now()
        let invoice = try input.build(id: environment.ids.make(), buyer: buyer, schema: schema,
                                      today: CalendarDate(utc: now), now: environment.clock.nowMilliseconds)
        try await transaction.insertInvoice(invoice, tenant: tenant)
        try await LedgerBooks(environment: environment).invoiceIssued(invoice, tenant: tenant, in: transaction)
        return invoice
    }

    /// Voids an open invoice on which nothing has been paid.
    func void(_ id: InvoiceID, tenant: TenantID, in transaction: StoreTransaction) async throws -> Invoice {
        guard let invoice = try await transaction.invoice(id, tenant: tenant) else { throw RemitError.notFound("invoice", id.rawValue) }
        guard invoice.status == .open, invoice.amountPaid == 0 else {
            throw RemitError(.conflict, invoice.status == .void
                ? "The invoice is already void."
                : "Only an open invoice with nothing paid can be voided; this one is \(invoice.status.rawValue) with \(invoice.amountPaid) paid.")
        }
        guard try await transaction.updateInvoiceStatus(id, tenant: tenant, from: .open, to: .void, now: environment.clock.nowMilliseconds),
              let voided = try await transaction.invoice(id, tenant: tenant)
        else { throw RemitError(.conflict, "The invoice changed while it was being voided; retry.") }
        try await LedgerBooks(environment: environment).invoiceVoided(voided, tenant: tenant, in: transaction)
        return voided
    }
}
