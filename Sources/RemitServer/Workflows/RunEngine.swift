import Logging
import RemitCore
import RemitPolicy
import RemitStore
import RemitWorkflow
import Synchronization

/// Applies events to runs: reads the run inside the caller's transaction (locked on
/// PostgreSQL), asks the pure `RunStateMachine`, and writes the new state with every
/// consequence — journal, approvals, outbox messages, events, the payment's status and the
/// invoice's paid amount — in that same transaction.
struct RunEngine: Sendable {
    let workflows: CompiledWorkflowCache
    let environment: Environment
    let policy: RunPolicy
    let links: ApprovalLinks
    /// The ledger accounts known to be committed, shared by every copy of this engine.
    let ledgerChart = LedgerChartCache()

    /// What applying an event did.
    struct Applied: Sendable {
        var run: StoredRun
        var actions: [RunAction]
        /// The amount the run's settlement adds to its invoice, when the caller asked to write
        /// it itself.
        var deferredInvoicePayment: InvoicePayment?
        /// The settlement's ledger postings, when the caller asked to book them itself.
        var deferredBookings: [SettlementBooking] = []
    }

    /// An amount paid on an invoice by a settled payment.
    struct InvoicePayment: Sendable {
        var invoice: InvoiceID
        var tenant: TenantID
        var amount: Int64
    }

    /// Applies `event` to run `runID`. Throws `WorkflowError` (code `eventRejected`) when the
    /// run cannot take the event, and `RunLeaseLost` when `leaseOwner` is given and no longer
    /// holds the run's lease; nothing is written in either case, and every other error comes
    /// from writing. With `deferringHotRows`, the invoice's paid amount and the settlement's
    /// ledger postings are not written but returned, for the caller to write later in the same
    /// transaction (group commit writes those hot rows last, for a whole batch at once, so
    /// they stay locked briefly). `memo` keeps what several applications in one transaction
    /// read alike, such as the tenant's settings.
    func apply(_ event: RunEvent, runID: String, tenant: TenantID?, in transaction: StoreTransaction,
               leaseOwner: String? = nil, deferringHotRows: Bool = false, memo: TransactionMemo? = nil) async throws -> Applied {
        var found = memo?.takeRun(runID)
        if let kept = found, let tenant, kept.tenantID != tenant { found = nil }
        if found == nil { found = try await transaction.run(runID, tenant: tenant, locking: true) }
        guard var run = found else { throw RemitError.notFound("run", runID) }
        if let leaseOwner {
            // Another node may have taken the run over while a slow step ran; its result then
            // belongs to that node's attempt, which has the same idempotency key.
            guard let lease = run.lease, lease.owner == leaseOwner, lease.expiresAt > environment.clock.nowMilliseconds else {
                throw RunLeaseLost()
            }
        }
        guard let workflow = try await workflows.compiled(for: run, in: transaction) else {
            throw StoreError.corrupt("run \(runID) names a missing workflow version")
        }
        let machine = RunStateMachine(workflow: workflow, context: RunContextSnapshot.context(run.context), policy: policy)
        let now = environment.clock.nowMilliseconds
        let before = run.state
        let transition = try machine.handle(event, in: run.state, now: now, random: environment.randomUnit())
        run.state = transition.state
        run.runnableAt = Self.runnableAt(transition.state, now: now)
        let paid: InvoicePayment?
        let bookings: [SettlementBooking]
        do {
            (paid, bookings) = try await write(transition.actions, run: &run, before: before, in: transaction, memo: memo ?? TransactionMemo(), now: now)
            try await transaction.saveRun(run, now: now)
            // A tax step's computation is recorded on the payment (a tenant without a tax
            // table gets none; the journal says so).
            if case let .stepSucceeded(node, _, output) = event, case .tax = workflow.definition.node(node)?.kind, output["jurisdiction"] != nil {
                try await transaction.setPaymentTax(run.paymentID, tenant: run.tenantID, tax: output, now: now)
            }
        } catch let error as WorkflowError {
            // Callers take a `WorkflowError` to mean that nothing was written; past this point
            // something may have been, so it must not look like one.
            throw StoreError.corrupt("writing run \(runID)'s transition failed: \(error.message)")
        }
        if deferringHotRows {
            return Applied(run: run, actions: transition.actions, deferredInvoicePayment: paid, deferredBookings: bookings)
        }
        try await LedgerBooks(environment: environment, chart: ledgerChart).book(bookings, in: transaction)
        if let paid {
            try await transaction.recordInvoicePayment(paid.invoice, tenant: paid.tenant, amount: paid.amount, now: now)
        }
        return Applied(run: run, actions: transition.actions)
    }

    /// When the executor should next look at a run in `state`.
    static func runnableAt(_ state: RunState, now: Int64) -> Int64? {
        if state.status.isFinal { return nil }
        if state.status == .created || state.stepInFlight { return now }
        return state.wakeAt
    }

    /// Writes the consequences of `actions`; returns what the run's settlement pays on its
    /// invoice and what it books in the ledger, for the caller to write.
    private func write(_ actions: [RunAction], run: inout StoredRun, before: RunState, in transaction: StoreTransaction,
                       memo: TransactionMemo, now: Int64) async throws -> (InvoicePayment?, [SettlementBooking]) {
        var journal: [JSONValue] = []
        var bookings: [SettlementBooking] = []
        // Read once per transaction and only when an event or a message needs it.
        let tenant = run.tenantID
        let settings = { try await memo.settings(tenant) { try await transaction.tenantSettings(tenant) } }
        for action in actions {
            switch action {
            case let .journal(entry):
                journal.append(entry.jsonValue)
            case let .emitEvent(name, payload):
                try await emit(name, payload: payload, run: run, settings: try await settings(), in: transaction, now: now)
                bookings += Self.booking(name, payload: payload, run: run)
            case let .notify(message):
                try await transaction.enqueue(OutboxRouting.message(message, tenant: run.tenantID, settings: try await settings(),
                                                                    id: environment.ids.secret(prefix: "msg_", byteCount: 12), now: now))
            case let .requestApprovals(request):
                for approver in request.approvers {
                    let approval = StoredApproval(
                        id: environment.ids.secret(prefix: "apv_", byteCount: 12), tenantID: run.tenantID, runID: run.id,
                        paymentID: run.paymentID, node: request.node, visit: request.visit, approverID: approver.id,
                        approverEmail: approver.email, status: .pending, deadline: request.deadline, createdAt: now)
                    try await transaction.insertApproval(approval)
                    let link = try await links.link(for: approval, in: transaction)
                    try await transaction.enqueue(links.email(for: approval, link: link, context: run.context, now: now))
                }
            case let .executeStep(request) where request.type == "settle":
                // The intent is booked before the rail is asked, in the same transaction.
                if let facts = LedgerBooks.PaymentFacts(run.context["payment"]) {
                    bookings.append(SettlementBooking(tenant: tenant, facts: facts, event: .started))
                }
            case .executeStep, .scheduleWake, .complete, .fail:
                // The schedule follows from the state (`runnableAt`); the end is written below.
                break
            }
        }
        if before.approval != nil, run.state.approval == nil, let node = before.approval?.node {
            try await transaction.closePendingApprovals(runID: run.id, node: node, now: now)
        }
        if run.state.status.isFinal, before.approval != nil || run.state.approval != nil {
            try await transaction.closePendingApprovals(runID: run.id, node: nil, now: now)
        }
        try await transaction.appendJournal(runID: run.id, from: run.journalLength, entries: journal)
        run.journalLength += journal.count
        return (try await updatePayment(run: run, before: before, actions: actions, in: transaction, now: now), bookings)
    }

    /// The ledger follows the settlement: the pending transfer is posted (with the method's fee)
    /// when the rail settled, voided when it declined.
    private static func booking(_ name: String, payload: JSONValue, run: StoredRun) -> [SettlementBooking] {
        guard name == "payment.settled" || name == "payment.settlement_failed",
              let facts = LedgerBooks.PaymentFacts(run.context["payment"]) else { return [] }
        if name == "payment.settlement_failed" { return [SettlementBooking(tenant: run.tenantID, facts: facts, event: .failed)] }
        // The fee of the method the money moved by: for a net-terms payment, the one it settled with.
        let method = payload["output"]?["method"]?.stringValue.flatMap(PaymentMethod.init(rawValue:)) ?? facts.method
        let fee = method.map { LedgerBooks.settlementFee(method: $0, amount: facts.amount) } ?? 0
        return [SettlementBooking(tenant: run.tenantID, facts: facts,
                                  event: .settled(feeMinor: fee, railReference: payload["output"]?["rail_reference"]?.stringValue))]
    }

    private func emit(_ name: String, payload: JSONValue, run: StoredRun, settings: TenantSettings,
                      in transaction: StoreTransaction, now: Int64) async throws {
        let event = StoredEvent(id: environment.ids.secret(prefix: "evt_", byteCount: 12), tenantID: run.tenantID, type: name,
                                payload: Self.eventPayload(payload, run: run), createdAt: now)
        try await transaction.insertEvent(event)
        if let message = OutboxRouting.webhook(for: event, settings: settings, now: now) {
            try await transaction.enqueue(message)
        }
    }

    static func eventPayload(_ payload: JSONValue, run: StoredRun) -> JSONValue {
        guard case let .object(members) = payload else { return payload }
        let ids: [(key: String, value: JSONValue)] = [("payment_id", .string(run.paymentID.rawValue)), ("run_id", .string(run.id))]
        return .object(ids.filter { id in !members.contains { $0.key == id.key } } + members)
    }

    /// The payment follows its run: status, and on the transition to settled, the rail's
    /// reference; returns the amount the invoice is paid, exactly once (on that transition).
    private func updatePayment(run: StoredRun, before: RunState, actions: [RunAction], in transaction: StoreTransaction,
                               now: Int64) async throws -> InvoicePayment? {
        // Only the engine changes a payment's status, always to `paymentStatus` of its run's
        // state, so the state before says what the payment shows without reading it.
        let newlySettled = run.state.settled && !before.settled
        let status = Self.paymentStatus(run.state)
        var failure: String?
        if case let .failed(reason) = run.state.status { failure = reason }
        if case .completed = run.state.status, !run.state.settled { failure = "the workflow completed without a settle step" }
        guard status != Self.paymentStatus(before) || newlySettled || failure != nil else { return nil }
        let reference = newlySettled ? Self.railReference(in: actions) : nil
        try await transaction.updatePayment(run.paymentID, tenant: run.tenantID, status: status, railReference: reference,
                                            failureReason: failure, settledAt: newlySettled ? now : nil, now: now)
        guard newlySettled else { return nil }
        // The payment's invoice and amounts never change; the run's context has them. The invoice
        // is paid the applied amount (a discount counts as paid, a surcharge does not); runs
        // captured before payments had adjustments carry only `amount`, which is then that.
        let captured = run.context["payment"]
        if let invoice = captured?["invoice_id"]?.stringValue, let amount = (captured?["applied_amount"] ?? captured?["amount"])?.int64Value {
            return InvoicePayment(invoice: InvoiceID(rawValue: invoice), tenant: run.tenantID, amount: amount)
        }
        guard let payment = try await transaction.payment(run.paymentID, tenant: run.tenantID) else {
            throw StoreError.corrupt("run \(run.id) has no payment")
        }
        return InvoicePayment(invoice: payment.invoiceID, tenant: run.tenantID, amount: payment.appliedAmount)
    }

    static func paymentStatus(_ state: RunState) -> Payment.Status {
        if state.settled { return .settled }
        switch state.status {
        case .created, .running: return .processing
        case .awaitingApproval: return .awaitingApproval
        case .waiting: return .waiting
        case .completed, .failed: return .failed
        case .rejected: return .rejected
        case .cancelled: return .cancelled
        }
    }

    private static func railReference(in actions: [RunAction]) -> String? {
        for case let .emitEvent("payment.settled", payload) in actions {
            if let reference = payload["output"]?["rail_reference"]?.stringValue { return reference }
        }
        return nil
    }
}

/// What the applications of events in one transaction read alike, read once.
final class TransactionMemo: Sendable {
    private let tenantSettings = Mutex<[TenantID: TenantSettings]>([:])
    private let runs = Mutex<[String: StoredRun]>([:])

    /// Keeps runs read (and locked) in this transaction for one `apply` each.
    func keep(_ runs: [StoredRun]) {
        self.runs.withLock { kept in for run in runs { kept[run.id] = run } }
    }

    /// A run kept by `keep`, once.
    func takeRun(_ id: String) -> StoredRun? {
        runs.withLock { $0.removeValue(forKey: id) }
    }

    /// The tenant's settings, from `read` the first time.
    func settings(_ tenant: TenantID, read: () async throws -> TenantSettings) async throws -> TenantSettings {
        if let known = tenantSettings.withLock({ $0[tenant] }) { return known }
        let settings = try await read()
        tenantSettings.withLock { $0[tenant] = settings }
        return settings
    }
}

/// The node applying an event no longer holds the run's lease.
struct RunLeaseLost: Error {}

extension Environment {
    /// A random value in 0..<1 from the environment's generator, for backoff jitter.
    func randomUnit() -> Double {
        let bytes = ids.randomBytes(8)
        let value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(value >> 11) / Double(1 << 53)
    }
}
