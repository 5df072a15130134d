import Logging
import RemitCore
import RemitStore
import RemitWorkflow

/// Writes a batch of run results in one transaction. A run whose lease was lost, or that
/// cannot take its event, writes nothing (the engine guarantees it) and the others commit; any
/// other failure rolls the whole batch back, and each of its runs is then tried alone.
struct RunCommitter: Sendable {
    let store: Store
    let engine: RunEngine
    let environment: Environment
    let logger: Logger
    /// The executor's node name in leases.
    let owner: String

    /// Commits `items`; one outcome per item, in order.
    func commit(_ items: [RunCommitItem]) async -> [RunCommitOutcome] {
        do {
            return try await commitTogether(items)
        } catch {
            guard items.count > 1 else {
                logger.error("committing a run's result failed", metadata: ["error": "\(error)", "run.id": "\(items[0].runID)"])
                return [.failed("\(error)")]
            }
            // On PostgreSQL, for example, a deadlock with another node's batch.
            logger.warning("a batch of run results failed; committing them one by one",
                           metadata: ["error": "\(error)", "batch.count": "\(items.count)"])
            var outcomes: [RunCommitOutcome] = []
            for item in items { outcomes += await commit([item]) }
            return outcomes
        }
    }

    private func commitTogether(_ items: [RunCommitItem]) async throws -> [RunCommitOutcome] {
        try await store.write { transaction in
            var outcomes: [RunCommitOutcome] = []
            var paid: [RunEngine.InvoicePayment] = []
            outcomes.reserveCapacity(items.count)
            let memo = TransactionMemo()
            for item in items {
                let (outcome, payment) = try await apply(item, in: transaction, memo: memo)
                outcomes.append(outcome)
                if let payment { paid.append(payment) }
            }
            try await recordInvoicePayments(paid, in: transaction)
            return outcomes
        }
    }

    /// Invoices' paid amounts, summed per invoice and written last, in invoice order: on
    /// PostgreSQL an invoice row is then locked only for the end of the transaction (many
    /// runs may pay one invoice), and two nodes' batches lock invoices in the same order.
    private func recordInvoicePayments(_ payments: [RunEngine.InvoicePayment], in transaction: StoreTransaction) async throws {
        var totals: [RunEngine.InvoicePayment: Int64] = [:]
        for payment in payments {
            totals[RunEngine.InvoicePayment(invoice: payment.invoice, tenant: payment.tenant, amount: 0), default: 0] += payment.amount
        }
        let now = environment.clock.nowMilliseconds
        for (key, amount) in totals.sorted(by: { $0.key.invoice.rawValue < $1.key.invoice.rawValue }) {
            try await transaction.recordInvoicePayment(key.invoice, tenant: key.tenant, amount: amount, now: now)
        }
    }

    /// Applies one result; throws only for failures that may have written something.
    private func apply(_ item: RunCommitItem, in transaction: StoreTransaction, memo: TransactionMemo) async throws -> (RunCommitOutcome, RunEngine.InvoicePayment?) {
        guard case let .event(event) = item.result else {
            guard case let .nothingDue(runnableAt) = item.result else { preconditionFailure("a result is an event or nothing due") }
            let released = try await transaction.releaseLease(runID: item.runID, owner: owner, runnableAt: runnableAt)
            return (released ? .released : .leaseLost, nil)
        }
        do {
            let applied = try await engine.apply(event, runID: item.runID, tenant: item.tenantID, in: transaction,
                                                 leaseOwner: owner, deferringInvoicePayment: true, memo: memo)
            return (.committed, applied.deferredInvoicePayment)
        } catch is RunLeaseLost {
            return (.leaseLost, nil)
        } catch let error as WorkflowError {
            _ = try await transaction.releaseLease(runID: item.runID, owner: owner)
            return (.rejected(error.message), nil)
        }
    }
}
