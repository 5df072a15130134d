import RemitCore
import RemitRails
import RemitStore

/// Records a rail's answer to a refund in ONE transaction: the refund's status, the ledger
/// hold posted or voided, and the `refund.succeeded` / `refund.failed` events (and
/// `payment.refunded` once the payment is refunded in full).
struct RefundOutcomeRecorder: Sendable {
    let environment: Environment

    func record(_ outcome: RefundOutcome, for id: RefundID, tenant: TenantID, retryDelayMilliseconds: Int64,
                in transaction: StoreTransaction) async throws {
        guard let refund = try await transaction.refund(id, tenant: tenant, locking: true),
              let payment = try await transaction.payment(refund.paymentID, tenant: tenant) else {
            throw StoreError.corrupt("refund \(id) or its payment vanished")
        }
        let now = environment.clock.nowMilliseconds
        let books = LedgerBooks(environment: environment)
        switch try RefundLifecycle.transition(from: refund.status, on: Self.event(outcome)) {
        case let .succeed(reference):
            guard try await transaction.finishRefund(id, tenant: tenant, status: .succeeded, railReference: reference, failureReason: nil, now: now)
            else { return }
            try await books.refundFinished(refund, LedgerBooks.PaymentFacts(payment), succeeded: true, in: transaction)
            try await emit("refund.succeeded", id, tenant: tenant, payment: payment, in: transaction)
            if try await transaction.refundTotals(payment: payment.id, tenant: tenant).succeeded >= payment.amount {
                try await emit("payment.refunded", id, tenant: tenant, payment: payment, in: transaction)
            }
        case let .fail(reason):
            guard try await transaction.finishRefund(id, tenant: tenant, status: .failed, railReference: nil, failureReason: reason, now: now)
            else { return }
            try await books.refundFinished(refund, LedgerBooks.PaymentFacts(payment), succeeded: false, in: transaction)
            try await emit("refund.failed", id, tenant: tenant, payment: payment, in: transaction)
        case .retryLater:
            try await transaction.deferRefund(id, until: now + retryDelayMilliseconds, now: now)
        case .none, .markReturned:
            // A rail's answer never returns a refund; only a bank's return file does (ACHReturnService).
            break
        }
    }

    static func event(_ outcome: RefundOutcome) -> RefundLifecycle.Event {
        switch outcome {
        case let .succeeded(reference): .railSucceeded(reference: reference)
        case let .declined(code, message): .railDeclined(code: code, message: message)
        case let .unknown(reason): .railUnknown(reason: reason)
        }
    }

    /// Writes an event about the refund (with the refund as it is now) and its webhook.
    func emit(_ type: String, _ id: RefundID, tenant: TenantID, payment: Payment, in transaction: StoreTransaction) async throws {
        guard let refund = try await transaction.refund(id, tenant: tenant) else { return }
        let now = environment.clock.nowMilliseconds
        let payload = JSONValue.object([
            ("payment_id", .string(payment.id.rawValue)),
            ("invoice_id", .string(payment.invoiceID.rawValue)),
            ("refund", refund.jsonValue),
        ])
        let event = StoredEvent(id: environment.ids.secret(prefix: "evt_", byteCount: 12), tenantID: refund.tenantID, type: type,
                                payload: payload, createdAt: now)
        try await transaction.insertEvent(event)
        if let message = OutboxRouting.webhook(for: event, settings: try await transaction.tenantSettings(refund.tenantID), now: now) {
            try await transaction.enqueue(message)
        }
    }
}
