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

    /// The posting context for an invoice of `buyer` in `currency`: the standard chart and the
    /// buyer's receivable, created on first use.
    func context(tenant: TenantID, buyer: BuyerID, currency: Currency, in transaction: StoreTransaction) async throws -> PostingContext {
        let now = environment.clock.nowMilliseconds
        let wanted = ChartOfAccounts.accountsForInvoice(buyer: buyer, tenant: tenant, currency: currency, ids: environment.ids, now: now)
        var accounts = try await transaction.ledgerAccounts(tenant: tenant, currency: currency, codes: wanted.map(\.code))
        if accounts.count < wanted.count { accounts = try await transaction.ensureLedgerAccounts(wanted) }
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
        var amount: Int64
        var currency: Currency
        var method: PaymentMethod?

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
        }

        init(_ payment: Payment) {
            self.payment = payment.id
            self.invoice = payment.invoiceID
            self.buyer = payment.buyerID
            self.amount = payment.amount
            self.currency = payment.currency
            self.method = payment.method
        }
    }

    /// The settle step is about to ask the rail: a pending transfer from the receivable to cash
    /// in transit. It has no timeout: until the rail answers, the money may have moved.
    func settlementStarted(_ facts: PaymentFacts, tenant: TenantID, in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: tenant, buyer: facts.buyer, currency: facts.currency, in: transaction)
        try await transaction.createLedgerTransfer(try pendingSettlement(facts, context))
    }

    /// The fee booked when `method` settles `amount`: the standard catalog's fee for the method,
    /// at most the amount itself (a wire's fixed 15.00 on a 10.00 payment cannot come out of the
    /// 10.00 in transit; the rest is the supplier's cost outside this payment).
    static func settlementFee(method: PaymentMethod, amount: Int64) -> Int64 {
        min(max(PaymentMethodCatalog.standard[method].fee.fee(on: amount), 0), amount)
    }

    /// The rail settled: the pending transfer is posted, and the method's fee booked against cash in transit.
    func settlementSucceeded(_ facts: PaymentFacts, feeMinor: Int64, railReference: String?, tenant: TenantID,
                             in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: tenant, buyer: facts.buyer, currency: facts.currency, in: transaction)
        var transfers = try await pendingAndResolution(facts, context, in: transaction) { pending throws(LedgerError) in
            try PostingRules.paymentSettledByRail(context, pending: pending)
        }
        if feeMinor > 0 {
            transfers.append(try PostingRules.feeCharged(context, payment: facts.payment, amount: feeMinor, from: .inTransit,
                                                         reference: railReference ?? facts.payment.rawValue))
        }
        try await transaction.createLedgerTransfers(transfers)
    }

    /// The rail declined: the pending transfer is voided and the buyer owes the amount again.
    func settlementFailed(_ facts: PaymentFacts, tenant: TenantID, in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: tenant, buyer: facts.buyer, currency: facts.currency, in: transaction)
        try await transaction.createLedgerTransfers(try await pendingAndResolution(facts, context, in: transaction) { pending throws(LedgerError) in
            try PostingRules.paymentFailed(context, pending: pending)
        })
    }

    private func pendingSettlement(_ facts: PaymentFacts, _ context: PostingContext) throws(LedgerError) -> LedgerTransfer {
        try PostingRules.paymentInitiated(context, payment: facts.payment, invoice: facts.invoice, buyer: facts.buyer, amount: facts.amount,
                                          timeoutMilliseconds: nil)
    }

    /// The resolution of the settlement's pending transfer, read by its client id; when the
    /// pending transfer is missing (booked by no earlier step), it is written first in the
    /// same batch, so the books never post what was not pending.
    private func pendingAndResolution(_ facts: PaymentFacts, _ context: PostingContext, in transaction: StoreTransaction,
                                      _ resolve: (LedgerTransfer) throws(LedgerError) -> LedgerTransfer) async throws -> [LedgerTransfer] {
        let pending = try pendingSettlement(facts, context)
        if let stored = try await transaction.ledgerTransfer(clientID: pending.clientID, tenant: context.tenant)?.transfer {
            return [try resolve(stored)]
        }
        return [pending, try resolve(pending)]
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

    /// The payment came back (an ACH return): the settlement is reversed from cash in transit,
    /// or from settled cash once the bank had confirmed it.
    func paymentReturned(_ facts: PaymentFacts, bankConfirmed: Bool, reference: String, tenant: TenantID,
                         in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: tenant, buyer: facts.buyer, currency: facts.currency, in: transaction)
        try await transaction.createLedgerTransfer(try PostingRules.paymentReturned(
            context, payment: facts.payment, invoice: facts.invoice, buyer: facts.buyer, amount: facts.amount,
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
