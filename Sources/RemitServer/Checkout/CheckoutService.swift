import RemitCore
import RemitPolicy
import RemitStore
import RemitWorkflow
import Synchronization

/// Checkout policies and sessions: saves and validates policy versions, decides how a buyer
/// may pay an invoice from its live context, and re-decides open sessions when the context
/// or the policy changed.
struct CheckoutService: Sendable {
    /// How long a checkout session stays open.
    static let sessionLifetimeMilliseconds: Int64 = 24 * 3_600_000
    /// The most policy versions `GET /v1/policies/checkout` lists.
    static let versionsListedMax = 50
    /// The most open sessions of a buyer one signal re-decides.
    static let sessionsRedecidedMax = 100
    /// Approver roles a policy may name besides those on the tenant's buyers.
    static let standardRoles: Set<String> = ["cfo", "controller", "treasurer", "department_head", "ap_manager", "ceo"]

    let environment: Environment
    let policies: PolicyCache
    let links: CheckoutLinks
    /// Runs the modules of `call_module` actions.
    let modules: ModuleRuntime

    /// `PUT /v1/policies/checkout`: validates and saves a new version.
    func savePolicy(_ body: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONValue {
        let schema = try await transaction.defaultCustomFieldSchema(tenant)
        let fields = Set(schema.fields.map(\.key))
        let policy = try CheckoutPolicy.parse(body, knownRoles: Self.standardRoles, knownFields: fields)
        _ = try CompiledPolicy(policy)
        try await checkModules(policy, tenant: tenant, in: transaction)
        let stored = try await transaction.insertPolicyVersion(tenant: tenant, document: policy.jsonValue, now: environment.clock.nowMilliseconds)
        return Self.json(stored)
    }

    /// `GET /v1/policies/checkout`: the current version and the past ones, newest first.
    func policiesJSON(tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONValue {
        let versions = try await transaction.policyVersions(tenant: tenant, limit: Self.versionsListedMax)
        let current = versions.first.map(Self.json)
            ?? Self.json(StoredPolicyVersion(version: 0, document: CheckoutPolicy.builtInDefault.jsonValue, createdAt: 0), builtIn: true)
        return .object([("object", .string("checkout_policies")), ("current", current), ("versions", .array(versions.map { Self.json($0) }))])
    }

    static func json(_ version: StoredPolicyVersion) -> JSONValue { json(version, builtIn: false) }

    static func json(_ version: StoredPolicyVersion, builtIn: Bool) -> JSONValue {
        .object([("object", .string("checkout_policy")), ("version", .int(version.version)), ("built_in", .bool(builtIn)),
                 ("rules", version.document["rules"] ?? .array([])),
                 ("created_at", builtIn ? .null : .string(Timestamp.rfc3339(milliseconds: version.createdAt)))])
    }

    /// The tenant's current policy, compiled once per version.
    func currentPolicy(tenant: TenantID, in transaction: StoreTransaction) async throws -> (version: Int, policy: CompiledPolicy) {
        guard let latest = try await transaction.policyVersions(tenant: tenant, limit: 1).first else { return (0, policies.builtIn) }
        return (latest.version, try policies.compiled(tenant: tenant, version: latest))
    }

    /// `POST /v1/checkout_sessions` (`invoice_id`, optional `amount`): decides and stores a session.
    func createSession(_ body: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> StoredCheckoutSession {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw RemitError.validation(errors) }
        let invoiceText = reader.string("invoice_id", required: true, maxLength: 64)
        let amount = reader.integer("amount", in: 1...Int64.max)
        reader.finish()
        errors += reader.errors
        guard errors.isEmpty, let invoiceText else { throw RemitError.validation(errors) }
        guard let invoiceID = InvoiceID(validating: invoiceText), let invoice = try await transaction.invoice(invoiceID, tenant: tenant) else {
            throw RemitError.validation([FieldError(field: "invoice_id", rule: "reference", message: "is not one of your invoices")])
        }
        guard invoice.status == .open, invoice.amountRemaining > 0 else {
            throw RemitError(.conflict, "Invoice \(invoice.number) is \(invoice.status.rawValue) with \(invoice.amountRemaining) remaining; nothing to check out.")
        }
        if let amount, amount > invoice.amountRemaining {
            throw RemitError.validation([FieldError(field: "amount", rule: "range", message: "is more than the \(invoice.amountRemaining) remaining")])
        }
        let now = environment.clock.nowMilliseconds
        var session = StoredCheckoutSession(id: environment.ids.secret(prefix: "cs_", byteCount: 12), tenantID: tenant, invoiceID: invoice.id,
                                            buyerID: invoice.buyerID, policyVersion: 0, amount: amount ?? invoice.amountRemaining, status: .open,
                                            decision: .null, context: .null, expiresAt: now + Self.sessionLifetimeMilliseconds,
                                            createdAt: now, updatedAt: now)
        _ = try await decide(&session, invoice: invoice, in: transaction)
        try await transaction.insertCheckoutSession(session)
        return session
    }

    /// The session, re-decided first when it is open and its buyer's context or the tenant's
    /// policy changed since its last decision.
    func session(_ id: String, tenant: TenantID?, locking: Bool = false, in transaction: StoreTransaction) async throws -> StoredCheckoutSession {
        guard var session = try await transaction.checkoutSession(id, tenant: tenant, locking: locking) else {
            throw RemitError.notFound("checkout session", id)
        }
        if session.status == .open, session.expiresAt <= environment.clock.nowMilliseconds {
            session.status = .expired
            session.updatedAt = environment.clock.nowMilliseconds
            try await transaction.updateCheckoutSession(session)
        }
        guard session.status == .open, let invoice = try await transaction.invoice(session.invoiceID, tenant: session.tenantID) else { return session }
        if try await decide(&session, invoice: invoice, in: transaction) { try await transaction.updateCheckoutSession(session) }
        return session
    }

    /// Re-decides the buyer's open sessions (after a signal about the buyer); returns their ids
    /// whose decision changed.
    func redecideOpenSessions(buyer: BuyerID, tenant: TenantID, in transaction: StoreTransaction) async throws -> [String] {
        var changed: [String] = []
        for id in try await transaction.openCheckoutSessionIDs(buyer: buyer, tenant: tenant, limit: Self.sessionsRedecidedMax) {
            guard var session = try await transaction.checkoutSession(id, tenant: tenant),
                  let invoice = try await transaction.invoice(session.invoiceID, tenant: tenant) else { continue }
            let before = session.decision
            if try await decide(&session, invoice: invoice, in: transaction) {
                try await transaction.updateCheckoutSession(session)
                if session.decision != before { changed.append(id) }
            }
        }
        return changed
    }

    /// Decides `session` from the live context; true when the context or the policy version
    /// differs from what it was decided on (and so the decision was renewed).
    private func decide(_ session: inout StoredCheckoutSession, invoice: Invoice, in transaction: StoreTransaction) async throws -> Bool {
        let previous = session
        _ = try await liveDecision(&session, invoice: invoice, in: transaction)
        return session.context != previous.context || session.policyVersion != previous.policyVersion || previous.decision == .null
    }

    /// The decision for `session` now, recorded on it.
    private func liveDecision(_ session: inout StoredCheckoutSession, invoice: Invoice,
                              in transaction: StoreTransaction) async throws -> CheckoutDecision {
        guard let buyer = try await transaction.buyer(invoice.buyerID, tenant: session.tenantID) else {
            throw StoreError.corrupt("invoice \(invoice.id) has no buyer")
        }
        let context = try await BuyerContextService(environment: environment).context(invoice: invoice, buyer: buyer, tenant: session.tenantID,
                                                                                     in: transaction)
        let (version, policy) = try await currentPolicy(tenant: session.tenantID, in: transaction)
        // Policies see the invoice's department (its custom field) as `invoice.department`.
        var invoiceJSON = invoice.jsonValue
        if case let .object(members) = invoiceJSON {
            invoiceJSON = .object(members + [("department", .string(BuyerContext.department(of: invoice) ?? ""))])
        }
        // Net terms are only a method for a buyer that has terms.
        let offered = PaymentMethod.allCases.filter { $0 != .netTerms || buyer.creditTerms.netDays > 0 }
        var input = DecisionInput(buyer: buyer.jsonValue, invoice: invoiceJSON, context: context,
                                  now: environment.clock.nowMilliseconds, amount: session.amount, offeredMethods: offered)
        input.moduleResults = try await runModules(policy.moduleCalls(input), input: input, tenant: session.tenantID, in: transaction)
        let decision = policy.decide(input)
        session.context = context
        session.policyVersion = version
        session.decision = decision.jsonValue(forBuyer: false)
        session.updatedAt = environment.clock.nowMilliseconds
        return decision
    }

    /// `POST /v1/checkout_sessions/{id}/confirm` (`method`, `custom_fields`, `scheduled_for`,
    /// `stripe_payment_method`, and for `net_terms` the `settle_method` among the offered ones):
    /// decides once more from the live context, checks the method is offered and the required
    /// fields are there, and creates the payment and its run with the injected approvals ahead
    /// of settlement. A session is confirmed once; the Idempotency-Key makes a retry answer the
    /// same payment.
    func confirm(_ id: String, body: JSONValue, tenant: TenantID?, payments: PaymentService,
                 in transaction: StoreTransaction) async throws -> (StoredCheckoutSession, Payment) {
        var session = try await session(id, tenant: tenant, locking: true, in: transaction)
        guard session.status == .open else {
            throw RemitError(.conflict, "The checkout session is \(session.status.rawValue); it cannot be confirmed.")
        }
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw RemitError.validation(errors) }
        let method = reader.choice("method", required: true, allowed: PaymentMethod.allCases.map(\.rawValue))
        let fields = reader.value("custom_fields") ?? .object([])
        let scheduled = reader.value("scheduled_for")
        let bankAccount = reader.value("bank_account")
        let stripePaymentMethod = reader.value("stripe_payment_method")
        let settleMethod = reader.value("settle_method")
        reader.finish()
        errors += reader.errors
        guard errors.isEmpty, let method, let invoice = try await transaction.invoice(session.invoiceID, tenant: session.tenantID) else {
            throw RemitError.validation(errors)
        }
        let decision = try await liveDecision(&session, invoice: invoice, in: transaction)
        if let blocked = decision.blocked { throw RemitError(.conflict, "Checkout is blocked: \(blocked)") }
        guard decision.offeredMethods.contains(where: { $0.method.rawValue == method }) else {
            throw RemitError.validation([FieldError(field: "method", rule: "offered", message: "is not offered to this buyer for this invoice")])
        }
        let missing = decision.requiredFields.map(\.name).filter { fields[$0] == nil || fields[$0] == .null }
        guard missing.isEmpty else {
            throw RemitError.validation(missing.map { FieldError(field: "custom_fields.\($0)", rule: "required", message: "is required by the checkout policy") })
        }
        var members: [(key: String, value: JSONValue)] = [("invoice_id", .string(invoice.id.rawValue)), ("method", .string(method)),
                                                          ("amount", .int(session.amount)), ("custom_fields", fields)]
        if let scheduled { members.append(("scheduled_for", scheduled)) }
        if let bankAccount { members.append(("bank_account", bankAccount)) }
        if let stripePaymentMethod { members.append(("stripe_payment_method", stripePaymentMethod)) }
        if let settleMethod { members.append(("settle_method", settleMethod)) }
        let (paymentBody, checkedTerms) = try SettlementTerms.take(from: .object(members), allowedSettleMethods: decision.offeredMethods.map(\.method))
        let buyer = try await transaction.buyer(invoice.buyerID, tenant: session.tenantID)
        // The method was checked against the offered ones above.
        let price = CheckoutPrice.price(amount: session.amount, decision: decision, terms: buyer?.creditTerms.earlyPaymentDiscount,
                                        issueDate: invoice.issueDate, payDate: payDate(scheduledFor: scheduled),
                                        method: PaymentMethod(rawValue: method) ?? .netTerms)
        var terms = checkedTerms
        terms.hiddenMethods = decision.methods.filter { $0.visibility == .hidden }.map(\.method.rawValue)
        if method == PaymentMethod.netTerms.rawValue {
            // The due date the session showed: today plus the buyer's net days.
            let netDays = buyer?.creditTerms.netDays ?? 0
            terms.settleOn = CalendarDate(utc: environment.clock.now()).adding(days: netDays)
        }
        let steps = decision.injectedApprovals.map { approval in
            InjectedApprovalStep(ruleID: approval.ruleID, spec: ApprovalSpec(
                approvers: approval.approvers.map { approver -> ApproverSpec in
                    switch approver {
                    case let .id(id): .id(id)
                    case let .role(role): .role(role)
                    case .department: .department
                    }
                },
                quorum: approval.quorum, mode: approval.order == .sequential ? .sequential : .parallel))
        }
        let payment = try await payments.create(paymentBody, tenant: session.tenantID, injecting: steps, terms: terms, price: price, in: transaction)
        try await notify(decision.notifications, session: session, invoice: invoice, payment: payment, in: transaction)
        session.status = .confirmed
        session.paymentID = payment.id
        session.updatedAt = environment.clock.nowMilliseconds
        try await transaction.updateCheckoutSession(session)
        return (session, payment)
    }

    /// Queues the policy's `notify` messages of a confirmed session in the outbox, in the
    /// confirmation's transaction: Slack to the tenant's Slack webhook, webhook to its endpoint
    /// (as a `notification`), email to the buyer's approvers. Templates see `invoice`, `buyer`,
    /// `payment` and `session`; each message's key is the session's and its position, so a
    /// replayed confirmation queues nothing twice.
    private func notify(_ notifications: [InjectedNotification], session: StoredCheckoutSession, invoice: Invoice, payment: Payment,
                        in transaction: StoreTransaction) async throws {
        guard !notifications.isEmpty else { return }
        let settings = try await transaction.tenantSettings(session.tenantID)
        let buyer = try await transaction.buyer(session.buyerID, tenant: session.tenantID)
        let variables = JSONValue.object([("invoice", invoice.jsonValue), ("buyer", buyer?.jsonValue ?? .null), ("payment", payment.jsonValue),
                                          ("session", .object([("id", .string(session.id))]))])
        let now = environment.clock.nowMilliseconds
        for (index, note) in notifications.enumerated() {
            let text = (try? MessageTemplate(parsing: note.template))?.render(variables).text ?? note.template
            let channel: String
            let destination: String?
            let payload: JSONValue
            switch note.channel {
            case .slack:
                (channel, destination, payload) = ("slack", settings.slackWebhookURL, .object([("text", .string(text))]))
            case .webhook:
                (channel, destination) = ("webhook", settings.webhookURL)
                payload = .object([("type", .string("notification")), ("data", .object([
                    ("text", .string(text)), ("checkout_session_id", .string(session.id)), ("payment_id", .string(payment.id.rawValue)),
                    ("rule_ids", .strings(note.reasons.map(\.ruleID))),
                ]))])
            case .email:
                let recipients = buyer?.approvers.map(\.email) ?? []
                (channel, destination) = ("email", recipients.joined(separator: ", "))
                payload = .object([("to", .strings(recipients)), ("subject", .string("Checkout of invoice \(invoice.number)")), ("text", .string(text))])
            }
            try await transaction.enqueue(OutboxMessage(id: environment.ids.secret(prefix: "msg_", byteCount: 12), tenantID: session.tenantID,
                                                        channel: channel, destination: destination, idempotencyKey: "checkout:\(session.id):notify:\(index)",
                                                        payload: payload, nextAttemptAt: now, createdAt: now))
        }
    }

    /// The session as the tenant sees it.
    func json(_ session: StoredCheckoutSession, invoice: Invoice?, netDays: Int?, terms: EarlyPaymentDiscount?, buyerURL: String) -> JSONValue {
        var dueDate: JSONValue = .null
        if let netDays, netDays > 0 {
            dueDate = .string(CalendarDate(utc: environment.clock.now()).adding(days: netDays).description)
        }
        return .object([
            ("id", .string(session.id)), ("object", .string("checkout_session")), ("invoice_id", .string(session.invoiceID.rawValue)),
            ("buyer_id", .string(session.buyerID.rawValue)), ("amount", .int(session.amount)),
            ("price", priceJSON(session, invoice: invoice, terms: terms)),
            ("currency", .optional(invoice?.currency.code)), ("status", .string(session.status.rawValue)),
            ("policy_version", .int(session.policyVersion)), ("decision", session.decision), ("context", session.context),
            ("net_terms_due_date", dueDate), ("payment_id", .optional(session.paymentID?.rawValue)), ("buyer_url", .string(buyerURL)),
            ("expires_at", .string(Timestamp.rfc3339(milliseconds: session.expiresAt))),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: session.createdAt))),
            ("updated_at", .string(Timestamp.rfc3339(milliseconds: session.updatedAt))),
        ])
    }
}

/// Compiled checkout policies by tenant and version (versions never change), and the
/// built-in default compiled once.
final class PolicyCache: Sendable {
    /// The most compiled versions kept; the cache is cleared when full.
    static let entriesMax = 1_024

    let builtIn: CompiledPolicy
    private let entries = Mutex<[String: CompiledPolicy]>([:])

    init() {
        // The built-in policy is part of the product and tested; failing to compile is a bug.
        guard let builtIn = try? CompiledPolicy(CheckoutPolicy.builtInDefault) else { preconditionFailure("the built-in policy compiles") }
        self.builtIn = builtIn
    }

    func compiled(tenant: TenantID, version: StoredPolicyVersion) throws -> CompiledPolicy {
        let key = "\(tenant.rawValue)@\(version.version)"
        if let known = entries.withLock({ $0[key] }) { return known }
        // Saved versions were checked against the tenant's roles and fields when saved; a field
        // removed from the schema since then must not make the saved policy unreadable.
        let (roles, fields) = Self.references(in: version.document)
        let policy = try CheckoutPolicy.parse(version.document, knownRoles: roles, knownFields: fields)
        let compiled = try CompiledPolicy(policy)
        entries.withLock { entries in
            if entries.count >= Self.entriesMax { entries.removeAll() }
            entries[key] = compiled
        }
        return compiled
    }

    /// The roles and fields a policy document names.
    static func references(in document: JSONValue) -> (roles: Set<String>, fields: Set<String>) {
        var roles: Set<String> = []
        var fields: Set<String> = []
        guard case let .array(rules)? = document["rules"] else { return (roles, fields) }
        for rule in rules {
            guard case let .array(actions)? = rule["then"] else { continue }
            for action in actions {
                if case let .array(approvers)? = action["approvers"] {
                    roles.formUnion(approvers.compactMap { $0["role"]?.stringValue })
                }
                if case let .array(names)? = action["fields"] {
                    fields.formUnion(names.compactMap(\.stringValue))
                }
            }
        }
        return (roles, fields)
    }
}

extension CheckoutService {
    /// Every `call_module` action names a module (and version) the tenant has.
    func checkModules(_ policy: CheckoutPolicy, tenant: TenantID, in transaction: StoreTransaction) async throws {
        var errors: [FieldError] = []
        for (index, rule) in policy.rules.enumerated() {
            for (offset, action) in rule.then.enumerated() {
                guard case let .callModule(spec) = action,
                      let error = try await ModuleReference.error(module: spec.module, version: spec.version, tenant: tenant,
                                                                  field: "rules[\(index)].then[\(offset)].module", owner: "rule '\(rule.id)'",
                                                                  in: transaction) else { continue }
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw RemitError.validation(errors) }
    }

    /// Runs the modules a decision needs, one after another, on the decision's input.
    func runModules(_ calls: [PolicyModuleCall], input: DecisionInput, tenant: TenantID,
                    in transaction: StoreTransaction) async throws -> [PolicyModuleCall: PolicyModuleResult] {
        guard !calls.isEmpty else { return [:] }
        let moduleInput = CompiledPolicy.moduleInput(input)
        var results: [PolicyModuleCall: PolicyModuleResult] = [:]
        for call in calls where results[call] == nil {
            guard let version = try await transaction.moduleVersion(call.spec.module, version: call.spec.version, tenant: tenant) else {
                results[call] = .failed("it is not one of the tenant's modules")
                continue
            }
            do {
                results[call] = .output(try await modules.invoke(version, input: moduleInput).output)
            } catch {
                results[call] = .failed(error.description)
            }
        }
        return results
    }
}
