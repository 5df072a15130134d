import RemitCore
import RemitLedger
import RemitPolicy
import RemitRails
import RemitStore

/// Books Remit's business events in the tenant's double-entry ledger, always inside the caller's
/// transaction, beside the state change that causes them. Every posting's client id comes from
/// stable ids (invoice, payment, reference), so booking an event twice changes nothing.
struct LedgerBooks: Sendable {
    let environment: Environment
    /// Committed accounts this process already knows, so a posting need not read them again.
    var chart: LedgerChartCache? = nil

    /// The posting context for an invoice of `buyer` in `currency`: the standard chart and the
    /// buyer's receivable, created on first use.
    func context(tenant: TenantID, buyer: BuyerID, currency: Currency, in transaction: StoreTransaction) async throws -> PostingContext {
        try await context(tenant: tenant, buyers: [buyer], currency: currency, in: transaction)
    }

    /// The posting context of several buyers' invoices in one currency: the standard chart and
    /// each buyer's receivable, from the chart cache when it knows them all, else in one read,
    /// created on first use.
    func context(tenant: TenantID, buyers: [BuyerID], currency: Currency, in transaction: StoreTransaction) async throws -> PostingContext {
        let now = environment.clock.nowMilliseconds
        let buyers = Array(Set(buyers)).sorted { $0.rawValue < $1.rawValue }
        let codes = ChartOfAccounts.standardCodes + buyers.map(ChartOfAccounts.receivableCode)
        var accounts = chart?.accounts(tenant: tenant, currency: currency, codes: codes) ?? []
        if accounts.count < codes.count {
            accounts = try await transaction.ledgerAccounts(tenant: tenant, currency: currency, codes: codes)
        }
        if accounts.count < codes.count {
            let wanted = ChartOfAccounts.standardAccounts(tenant: tenant, currency: currency, ids: environment.ids, now: now)
                + buyers.map { ChartOfAccounts.receivable(buyer: $0, tenant: tenant, currency: currency, ids: environment.ids, now: now) }
            let known = Set(accounts.map(\.code))
            accounts += try await transaction.ensureLedgerAccounts(wanted.filter { !known.contains($0.code) })
        }
        return PostingContext(tenant: tenant, currency: currency, accounts: accounts, ids: environment.ids, now: now)
    }

    /// Dr receivable, Cr revenue for the invoice's total.
    func invoiceIssued(_ invoice: Invoice, tenant: TenantID, in transaction: StoreTransaction) async throws {
        guard invoice.total > 0 else { return }
        let context = try await context(tenant: tenant, buyer: invoice.buyerID, currency: invoice.currency, in: transaction)
        try await transaction.createLedgerTransfer(try PostingRules.invoiceIssued(context, invoice: invoice.id, buyer: invoice.buyerID, amount: invoice.total))
    }

    /// The issuance reversed by a new transfer.
    func invoiceVoided(_ invoice: Invoice, tenant: TenantID, in transaction: StoreTransaction) async throws {
        guard invoice.total > 0 else { return }
        let context = try await context(tenant: tenant, buyer: invoice.buyerID, currency: invoice.currency, in: transaction)
        try await transaction.createLedgerTransfer(try PostingRules.invoiceVoided(context, invoice: invoice.id, buyer: invoice.buyerID, amount: invoice.total))
    }

    /// The facts of a payment the ledger needs, from a run's captured payment JSON.
    struct PaymentFacts: Sendable {
        var payment: PaymentID
        var invoice: InvoiceID
        var buyer: BuyerID
        /// What moved over the rail.
        var amount: Int64
        /// The discount and surcharge checkout priced in (0 for payments made before them).
        var discount: Int64 = 0
        var surcharge: Int64 = 0
        var currency: Currency
        var method: PaymentMethod?

        /// The amounts the settlement postings book.
        var amounts: SettlementAmounts { SettlementAmounts(charged: amount, surcharge: surcharge, discount: discount) }

        init?(_ json: JSONValue?) {
            guard let json, let id = json["id"]?.stringValue, let invoice = json["invoice_id"]?.stringValue,
                  let buyer = json["buyer_id"]?.stringValue, let amount = json["amount"]?.int64Value,
                  let code = json["currency"]?.stringValue, let currency = try? Currency(code: code) else { return nil }
            self.payment = PaymentID(rawValue: id)
            self.invoice = InvoiceID(rawValue: invoice)
            self.buyer = BuyerID(rawValue: buyer)
            self.amount = amount
            self.currency = currency
            self.method = json["method"]?.stringValue.flatMap(PaymentMethod.init(rawValue:))
            self.discount = json["discount_amount"]?.int64Value ?? 0
            self.surcharge = json["surcharge_amount"]?.int64Value ?? 0
        }

        init(_ payment: Payment) {
            self.payment = payment.id
            self.invoice = payment.invoiceID
            self.buyer = payment.buyerID
            self.amount = payment.amount
            self.currency = payment.currency
            self.method = payment.method
            self.discount = payment.discountAmount
            self.surcharge = payment.surchargeAmount
        }
    }

    /// The fee booked when `method` settles `amount`: the standard catalog's fee for the method,
    /// at most the amount itself (a wire's fixed 15.00 on a 10.00 payment cannot come out of the
    /// 10.00 in transit; the rest is the supplier's cost outside this payment).
    static func settlementFee(method: PaymentMethod, amount: Int64) -> Int64 {
        min(max(PaymentMethodCatalog.standard[method].fee.fee(on: amount), 0), amount)
    }

    /// The bank statement shows the money: cash in transit becomes settled cash.
    func bankConfirmed(_ facts: PaymentFacts, amount: Int64, reference: String, tenant: TenantID, in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: tenant, buyer: facts.buyer, currency: facts.currency, in: transaction)
        try await transaction.createLedgerTransfer(try PostingRules.settlementConfirmedByBank(context, payment: facts.payment, amount: amount,
                                                                                              reference: reference))
    }

    /// Money for an invoice arrived without a payment Remit initiated.
    func receivedAtBank(invoice: InvoiceID, buyer: BuyerID, currency: Currency, amount: Int64, reference: String, tenant: TenantID,
                        in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: tenant, buyer: buyer, currency: currency, in: transaction)
        try await transaction.createLedgerTransfer(try PostingRules.paymentReceivedAtBank(context, invoice: invoice, buyer: buyer, amount: amount,
                                                                                          reference: reference))
    }

    /// Money at the bank that no invoice claims: settled cash owed to the payer until applied.
    func unappliedReceived(currency: Currency, amount: Int64, reference: String, tenant: TenantID, in transaction: StoreTransaction) async throws {
        guard amount > 0 else { return }
        let context = try await context(tenant: tenant, buyers: [], currency: currency, in: transaction)
        try await transaction.createLedgerTransfer(try PostingRules.unappliedCashReceived(context, amount: amount, reference: reference))
    }

    /// The payment came back (an ACH return): the settlement is reversed from cash in transit,
    /// or from settled cash once the bank had confirmed it, with its surcharge and discount.
    func paymentReturned(_ facts: PaymentFacts, bankConfirmed: Bool, reference: String, tenant: TenantID,
                         in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: tenant, buyer: facts.buyer, currency: facts.currency, in: transaction)
        try await transaction.createLedgerTransfers(try SettlementPostings.returned(
            context, payment: facts.payment, invoice: facts.invoice, buyer: facts.buyer, amounts: facts.amounts,
            from: bankConfirmed ? .settled : .inTransit, reference: reference))
    }

    /// The fee booked when a payment settled is reversed because the payment came back, so that
    /// the return can take the whole amount out of the cash it was booked into.
    func feeReversed(_ facts: PaymentFacts, amount: Int64, bankConfirmed: Bool, reference: String, tenant: TenantID,
                     in transaction: StoreTransaction) async throws {
        guard amount > 0 else { return }
        let context = try await context(tenant: tenant, buyer: facts.buyer, currency: facts.currency, in: transaction)
        try await transaction.createLedgerTransfer(try PostingRules.feeReversed(context, payment: facts.payment, amount: amount,
                                                                                to: bankConfirmed ? .settled : .inTransit, reference: reference))
    }
}
