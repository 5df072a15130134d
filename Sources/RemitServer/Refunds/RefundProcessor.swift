import Logging
import RemitCore
import RemitRails
import RemitStore
import ServiceLifecycle

/// Asks the rails for pending refunds and records their answers: the effect half of a refund
/// (``RefundService`` commits the intent). It runs on every node in the ServiceGroup; a refund
/// left `pending` by a crash, a lost answer or a restart is simply due again and is asked
/// again under the SAME idempotency key, so the rail refunds it once.
struct RefundProcessor: Service {
    let store: Store
    let rails: RefundRails
    let configuration: RefundProcessorConfiguration
    let environment: Environment
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            var claimed = 0
            do {
                claimed = try await processDue()
            } catch {
                logger.warning("refund round failed", metadata: ["error": "\(error)"])
            }
            guard claimed == 0 else { continue }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(configuration.idlePollMilliseconds)) }
            } catch {
                return
            }
        }
    }

    /// Claims the due refunds, asks their rails and records the answers; returns how many it claimed.
    @discardableResult
    func processDue() async throws -> Int {
        let now = environment.clock.nowMilliseconds
        let lease = now + configuration.leaseMilliseconds
        let limit = configuration.refundsPerRoundMax
        guard try await store.read({ try await $0.hasDueRefunds(now: now) }) else { return 0 }
        let due = try await store.write { try await $0.claimDueRefunds(now: now, leaseUntil: lease, limit: limit) }
        for refund in due {
            try await process(refund)
        }
        return due.count
    }

    private func process(_ refund: Refund) async throws {
        let instruction = try await store.read { transaction -> RefundInstruction in
            guard let payment = try await transaction.payment(refund.paymentID, tenant: refund.tenantID) else {
                throw StoreError.corrupt("refund \(refund.id) names a missing payment")
            }
            // The Stripe rail adds `remit_refund_id` itself: it finds the refund again by it.
            var metadata = ["remit_payment_id": payment.id.rawValue]
            if let invoice = try await transaction.invoice(payment.invoiceID, tenant: refund.tenantID) { metadata["invoice_number"] = invoice.number }
            if let reason = refund.reason { metadata["remit_reason"] = reason }
            return RefundInstruction(refundID: refund.id, paymentID: payment.id, amount: Money(minorUnits: refund.amount, currency: refund.currency),
                                     paymentRailReference: payment.railReference, reason: refund.reason,
                                     metadata: metadata)
        }
        let outcome = await rails.rail(named: refund.rail).refund(instruction, idempotencyKey: refund.railIdempotencyKey)
        logger.info("refund rail answered", metadata: [
            "refund.id": "\(refund.id)", "refund.rail": "\(refund.rail ?? "none")", "refund.attempt": "\(refund.attempts)",
            "rail.outcome": "\(outcome)",
        ])
        let recorder = RefundOutcomeRecorder(environment: environment)
        let delay = configuration.retryDelay(afterAttempts: refund.attempts)
        do {
            try await store.write { try await recorder.record(outcome, for: refund.id, tenant: refund.tenantID, retryDelayMilliseconds: delay, in: $0) }
        } catch let contradiction as RefundLifecycle.Contradiction {
            logger.error("refund rail contradicted a final refund", metadata: [
                "refund.id": "\(refund.id)", "refund.status": "\(contradiction.state.rawValue)", "rail.outcome": "\(outcome)",
            ])
        }
    }
}
