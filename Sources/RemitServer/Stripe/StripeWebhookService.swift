import RemitCore
import RemitRails
import RemitStore
import RemitWorkflow

/// Inbound Stripe events: verifies the `Stripe-Signature`, de-duplicates by event id, finds the
/// payment by `metadata.payment_id`, and hands a PaymentIntent's outcome to the payment's run
/// as the settle step's result, all in one transaction with the event's record.
struct StripeWebhookService: Sendable {
    let verifier: StripeWebhookVerifier
    let engine: RunEngine
    let environment: Environment

    /// What receiving an event did.
    struct Received: Sendable {
        var event: StoredStripeEvent
        /// The event id had arrived before; nothing was applied again.
        var duplicate: Bool
    }

    /// Verifies `payload` against `signatureHeader`; a bad signature or a stale timestamp is
    /// `unauthorized`, and a verified payload that is not an event is a bad request. Nothing
    /// is stored in either case.
    func verify(payload: [UInt8], signatureHeader: String?) throws -> StripeWebhookEvent {
        do {
            return try verifier.event(payload: payload, signatureHeader: signatureHeader)
        } catch {
            if error.code == .eventMalformed { throw RemitError(.invalidRequest, "The webhook is not a Stripe event: \(error.message)") }
            throw RemitError(.unauthorized, "The Stripe-Signature does not verify (\(error.code.rawValue)): \(error.message)")
        }
    }

    /// Records `event` once and applies it.
    func receive(_ event: StripeWebhookEvent, in transaction: StoreTransaction) async throws -> Received {
        if let earlier = try await transaction.stripeEvent(event.id) { return Received(event: earlier, duplicate: true) }
        let now = environment.clock.nowMilliseconds
        var stored: StoredStripeEvent
        switch event {
        case let .unhandled(id, type):
            stored = StoredStripeEvent(id: id, type: type, tenantID: nil, paymentID: nil, paymentIntent: nil, status: .ignored,
                                       detail: "Remit does not act on \(type) events.", receivedAt: now)
        case let .paymentIntent(intentEvent):
            stored = try await apply(intentEvent, in: transaction, now: now)
        }
        try await transaction.insertStripeEvent(stored)
        return Received(event: stored, duplicate: false)
    }

    private func apply(_ event: StripePaymentIntentEvent, in transaction: StoreTransaction, now: Int64) async throws -> StoredStripeEvent {
        let intent = event.paymentIntent
        let named = intent.metadata["payment_id"]
        var stored = StoredStripeEvent(id: event.id, type: event.kind.rawValue, tenantID: nil, paymentID: named, paymentIntent: intent.id,
                                       status: .unmatched, detail: "", receivedAt: now)
        guard let named, let paymentID = PaymentID(validating: named), let tenant = try await transaction.paymentTenant(paymentID),
              let payment = try await transaction.payment(paymentID, tenant: tenant) else {
            stored.detail = "The PaymentIntent's metadata names no Remit payment."
            return stored
        }
        stored.tenantID = tenant
        stored.status = .noEffect
        guard intent.amount == payment.amount, intent.currency == payment.currency.code.lowercased() else {
            stored.detail = "The PaymentIntent's amount (\(intent.amount) \(intent.currency)) is not the payment's (\(payment.amount) \(payment.currency.code))."
            return stored
        }
        guard let run = try await transaction.run(payment.runID, tenant: tenant, locking: true),
              let workflow = try await engine.workflows.compiled(for: run, in: transaction),
              run.state.status == .running, let node = run.state.currentNode,
              case .settle? = workflow.definition.node(node)?.kind, run.state.stepInFlight || run.state.retryAt != nil else {
            stored.detail = "The payment is \(payment.status.rawValue); its run is not waiting for a settlement."
            return stored
        }
        let result: RunEvent
        switch event.settlementOutcome {
        case let .settled(reference):
            let method = SettlementTerms.settlingMethod(of: payment, details: try await transaction.paymentRailDetails(payment.id, tenant: tenant))
            result = .stepSucceeded(node: node, outcome: .settled, output: .object([
                ("rail_reference", .string(reference)), ("method", .string(method.rawValue)), ("stripe_event", .string(event.id)),
            ]))
        case let .declined(code, message):
            result = .stepSucceeded(node: node, outcome: .failed, output: .object([
                ("decline_code", .string(code)), ("message", .string(message)), ("stripe_event", .string(event.id)),
            ]))
        case let .unknown(reason):
            stored.detail = "The event decides nothing: \(reason)"
            return stored
        }
        do {
            // The run read and locked above is handed over, not read again.
            let memo = TransactionMemo()
            memo.keep([run])
            _ = try await engine.apply(result, runID: run.id, tenant: tenant, in: transaction, memo: memo)
        } catch let error as WorkflowError {
            stored.detail = "The run did not take the result: \(error.message)"
            return stored
        }
        stored.status = .applied
        stored.detail = "Delivered to run \(run.id) as the result of step '\(node)'."
        return stored
    }

    static func json(_ received: Received) -> JSONValue {
        let event = received.event
        return .object([
            ("id", .string(event.id)), ("object", .string("stripe_event")), ("type", .string(event.type)),
            ("status", .string(event.status.rawValue)), ("payment_id", .optional(event.paymentID)),
            ("payment_intent", .optional(event.paymentIntent)), ("detail", .string(event.detail)),
            ("duplicate", .bool(received.duplicate)), ("received_at", .string(Timestamp.rfc3339(milliseconds: event.receivedAt))),
        ])
    }
}
