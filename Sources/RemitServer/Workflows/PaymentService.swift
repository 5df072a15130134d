import RemitCore
import RemitPolicy
import RemitStore
import RemitWorkflow

/// Creates payments with their runs, and cancels them.
struct PaymentService: Sendable {
    let environment: Environment
    let engine: RunEngine

    /// Creates the payment and its run in the caller's transaction and starts the run, unless
    /// it is scheduled for a later day (the executor starts it then).
    /// `injecting` approvals (from a checkout policy) run ahead of settlement, in a plan kept
    /// with the run; the workflow's versions stay as the tenant wrote them.
    /// A `net_terms` payment moves no money now: its run waits until the terms' due date, then
    /// settles with `settle_method` (see `SettlementTerms`). Checkout passes the terms it
    /// checked against its decision as `terms`, and the `price` it decided: the body's `amount`
    /// is then what the payment applies to the invoice, and the payment charges `price.charged`.
    func create(_ body: JSONValue, tenant: TenantID, injecting steps: [InjectedApprovalStep] = [],
                terms given: SettlementTerms? = nil, price: CheckoutPrice? = nil, in transaction: StoreTransaction) async throws -> Payment {
        var (body, terms) = (body, given ?? SettlementTerms())
        if given == nil { (body, terms) = try SettlementTerms.take(from: body) }
        let input = try PaymentInput.parse(body)
        guard let invoiceID = InvoiceID(validating: input.invoiceID), let invoice = try await transaction.invoice(invoiceID, tenant: tenant) else {
            throw RemitError.validation([FieldError(field: "invoice_id", rule: "reference", message: "is not one of your invoices")])
        }
        guard let buyer = try await transaction.buyer(invoice.buyerID, tenant: tenant) else {
            throw StoreError.corrupt("invoice \(invoice.id) has no buyer")
        }
        let now = environment.clock.nowMilliseconds
        let today = CalendarDate(utc: environment.clock.now())
        let amount = try input.check(against: invoice, inFlight: try await transaction.amountInFlight(invoice: invoice.id, tenant: tenant), today: today)
        let schema = buyer.customFieldSchema.merged(over: try await transaction.defaultCustomFieldSchema(tenant))
        var errors: [FieldError] = []
        guard let fields = CustomFieldValidator(schema: schema).validate(input.customFields, scope: .payment, path: "custom_fields", errors: &errors) else {
            throw RemitError.validation(errors)
        }
        let bankAccount = try await Self.bankAccount(input, currency: invoice.currency, tenant: tenant, in: transaction)
        let buyerContext = try await BuyerContextService(environment: environment).context(invoice: invoice, buyer: buyer, tenant: tenant,
                                                                                         in: transaction)
        let runID = environment.ids.secret(prefix: "run_", byteCount: 12)
        if let price {
            precondition(price.amount == amount, "checkout priced another amount than the payment applies")
            guard price.charged > 0 else {
                throw RemitError(.conflict, "The discount covers the whole amount; there is nothing to charge.")
            }
        }
        var payment = Payment(id: environment.ids.make(), invoiceID: invoice.id, buyerID: buyer.id, method: input.method,
                              amount: price?.charged ?? amount, currency: invoice.currency, status: .processing,
                              scheduledFor: input.scheduledFor, customFields: fields, runID: runID, workflowID: "", workflowVersion: 0,
                              createdAt: now, updatedAt: now, discountAmount: price?.discount ?? 0, surchargeAmount: price?.surcharge ?? 0)
        let workflow = try await WorkflowService(environment: environment)
            .select(for: RunContext(invoice: invoice, buyer: buyer, payment: payment.jsonValue, context: buyerContext), tenant: tenant,
                    cache: engine.workflows, in: transaction)
        payment.workflowID = workflow.workflowID
        payment.workflowVersion = workflow.version
        try await transaction.insertPayment(payment, tenant: tenant)
        if let bankAccount {
            try await transaction.insertPaymentBankAccount(StoredBankAccount(paymentID: payment.id, tenantID: tenant, kind: bankAccount.kind,
                                                                             document: bankAccount.document), now: now)
        }
        if input.method == .netTerms, terms.settleOn == nil { terms.settleOn = invoice.dueDate }
        if let details = terms.details(payment: payment.id, tenant: tenant, now: now) {
            try await transaction.insertPaymentRailDetails(details)
        }
        let deferredUntil = input.method == .netTerms ? terms.settleOn.map { Int64($0.dayNumber) * 86_400_000 } : nil
        var plan: String?
        if !steps.isEmpty || deferredUntil != nil {
            guard let version = try await transaction.workflowVersion(workflow.workflowID, version: workflow.version, tenant: tenant) else {
                throw StoreError.corrupt("workflow \(workflow.workflowID) has no version \(workflow.version)")
            }
            var definition = try WorkflowDefinition.parse(try JSONParser.parse(version.definition, limits: JSONLimits(depthMax: 64, bytesMax: 8 << 20)))
                .injecting(steps)
            // Net terms: approvals are decided now, the money moves on the due date.
            if let deferredUntil { definition = definition.deferringSettlement(untilMilliseconds: deferredUntil) }
            _ = try CompiledWorkflow(definition)
            plan = JSONWriter.string(definition.jsonValue)
        }
        let startAt = input.scheduledFor.map { Int64($0.dayNumber) * 86_400_000 } ?? now
        try await transaction.insertRun(StoredRun(id: runID, tenantID: tenant, paymentID: payment.id, workflowID: workflow.workflowID,
                                                  workflowVersion: workflow.version, state: RunState(runID: runID),
                                                  context: RunContextSnapshot.make(invoice: invoice, buyer: buyer, payment: payment,
                                                                                   context: buyerContext),
                                                  runnableAt: startAt, createdAt: now, updatedAt: now, plan: plan))
        try await transaction.insertEvent(StoredEvent(id: environment.ids.secret(prefix: "evt_", byteCount: 12), tenantID: tenant,
                                                      type: "payment.created", payload: payment.jsonValue, createdAt: now))
        if startAt <= now {
            _ = try await engine.apply(.started, runID: runID, tenant: tenant, in: transaction)
        }
        guard let stored = try await transaction.payment(payment.id, tenant: tenant) else { throw StoreError.corrupt("payment vanished") }
        return stored
    }

    /// The payer's bank account, checked against the method. It is required when the method
    /// settles by file and the tenant has set up that rail (`settings.bank.ach` for
    /// `ach_debit`, `settings.bank.sepa` for `sepa_credit`); without that set-up the payment
    /// settles on the fallback rail and an account is refused, since no file could use it.
    static func bankAccount(_ input: PaymentInput, currency: Currency, tenant: TenantID,
                            in transaction: StoreTransaction) async throws -> PayerBankAccount? {
        let kind = PayerBankAccount.kind(for: input.method)
        let details = kind == nil ? nil : try TenantBankDetails.stored(try await transaction.tenantBankDetails(tenant))
        let railReady = (kind == "ach" && details?.ach != nil) || (kind == "sepa" && details?.sepa != nil)
        var errors: [FieldError] = []
        guard let value = input.bankAccount else {
            guard !railReady else {
                throw RemitError.validation([FieldError(field: "bank_account", rule: "required",
                                                        message: "is required for \(input.method.rawValue) payments: they settle by file")])
            }
            return nil
        }
        guard let account = PayerBankAccount.parse(value, method: input.method, errors: &errors) else { throw RemitError.validation(errors) }
        guard railReady else {
            throw RemitError.validation([FieldError(field: "bank_account", rule: "rail_not_configured",
                                                    message: "cannot be used yet: set settings.bank.\(account.kind) first")])
        }
        if account.kind == "ach", currency.code != "USD" {
            throw RemitError.validation([FieldError(field: "bank_account", rule: "currency",
                                                    message: "is an ACH account, which moves US dollars only; the invoice is in \(currency.code)")])
        }
        return account
    }

    /// Stops a payment's run before it settles.
    func cancel(_ id: PaymentID, reason: String?, tenant: TenantID, in transaction: StoreTransaction) async throws -> Payment {
        guard let payment = try await transaction.payment(id, tenant: tenant) else { throw RemitError.notFound("payment", id.rawValue) }
        do {
            _ = try await engine.apply(.cancelRequested(reason: reason ?? "cancelled through the API"), runID: payment.runID, tenant: tenant, in: transaction)
        } catch let error as WorkflowError {
            throw RemitError(.conflict, "The payment cannot be cancelled: \(error.message)")
        }
        guard let stored = try await transaction.payment(id, tenant: tenant) else { throw StoreError.corrupt("payment vanished") }
        return stored
    }
}
