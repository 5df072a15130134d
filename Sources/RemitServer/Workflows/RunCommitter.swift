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
            return try await commitTogether(items, deferringWrites: true)
        } catch {
            // On PostgreSQL, for example, a deadlock with another node's batch. One by one,
            // each write is sent as it is made, so a failure names its own statement.
            logger.warning("a batch of run results failed; committing them one by one",
                           metadata: ["error": "\(error)", "batch.count": "\(items.count)"])
            var outcomes: [RunCommitOutcome] = []
            for item in items {
                do {
                    outcomes += try await commitTogether([item], deferringWrites: false)
                } catch {
                    logger.error("committing a run's result failed", metadata: ["error": "\(error)", "run.id": "\(item.runID)"])
                    outcomes.append(.failed("\(error)"))
                }
            }
            return outcomes
        }
    }

    /// One transaction for `items`. With `deferringWrites`, the writes of runs that appear
    /// once are sent together (one round trip on PostgreSQL); a run that appears again (its
    /// lease expired and this node claimed it anew) starts a new group, so that it reads what
    /// its first result wrote.
    private func commitTogether(_ items: [RunCommitItem], deferringWrites: Bool) async throws -> [RunCommitOutcome] {
        let books = LedgerBooks(environment: environment, chart: engine.ledgerChart)
        let (outcomes, accounts) = try await store.write { transaction in
            var outcomes: [RunCommitOutcome] = []
            var paid: [RunEngine.InvoicePayment] = []
            var bookings: [SettlementBooking] = []
            outcomes.reserveCapacity(items.count)
            let memo = TransactionMemo()
            var start = items.startIndex
            while start < items.endIndex {
                var runs: Set<String> = []
                var end = start
                while end < items.endIndex, deferringWrites || end == start, runs.insert(items[end].runID).inserted { end += 1 }
                let group = items[start..<end]
                // One locked read for the group's runs instead of one per run.
                if deferringWrites, group.count > 1 {
                    memo.keep(try await transaction.runs(group.map(\.runID), locking: true))
                }
                let results = try await transaction.deferringWrites { deferring in
                    var results: [(RunCommitOutcome, RunEngine.Applied?)] = []
                    for item in group { results.append(try await apply(item, in: deferringWrites ? deferring : transaction, memo: memo)) }
                    return results
                }
                for (outcome, applied) in results {
                    outcomes.append(outcome)
                    if let payment = applied?.deferredInvoicePayment { paid.append(payment) }
                    bookings += applied?.deferredBookings ?? []
                }
                start = end
            }
            // The hot rows last, for the whole batch at once: the ledger's shared accounts, then
            // the invoices.
            let accounts = try await books.book(bookings, in: transaction)
            try await recordInvoicePayments(paid, in: transaction)
            return (outcomes, accounts)
        }
        engine.ledgerChart.remember(accounts)
        return outcomes
    }

    /// Invoices' paid amounts, summed per invoice and written last, in invoice order: on
    /// PostgreSQL an invoice row is then locked only for the end of the transaction (many
    /// runs may pay one invoice), and two nodes' batches lock invoices in the same order.
    private func recordInvoicePayments(_ payments: [RunEngine.InvoicePayment], in transaction: StoreTransaction) async throws {
        var totals: [InvoiceID: RunEngine.InvoicePayment] = [:]
        for payment in payments {
            totals[payment.invoice, default: RunEngine.InvoicePayment(invoice: payment.invoice, tenant: payment.tenant, amount: 0)].amount += payment.amount
        }
        let now = environment.clock.nowMilliseconds
        for total in totals.values.sorted(by: { $0.invoice.rawValue < $1.invoice.rawValue }) {
            try await transaction.recordInvoicePayment(total.invoice, tenant: total.tenant, amount: total.amount, now: now)
        }
    }

    /// Applies one result; throws only for failures that may have written something.
    private func apply(_ item: RunCommitItem, in transaction: StoreTransaction, memo: TransactionMemo) async throws -> (RunCommitOutcome, RunEngine.Applied?) {
        guard case let .event(event) = item.result else {
            guard case let .nothingDue(runnableAt) = item.result else { preconditionFailure("a result is an event or nothing due") }
            let released = try await transaction.releaseLease(runID: item.runID, owner: owner, runnableAt: runnableAt)
            return (released ? .released : .leaseLost, nil)
        }
        do {
            let applied = try await engine.apply(event, runID: item.runID, tenant: item.tenantID, in: transaction,
                                                 leaseOwner: owner, deferringHotRows: true, memo: memo)
            return (.committed, applied)
        } catch is RunLeaseLost {
            return (.leaseLost, nil)
        } catch let error as WorkflowError {
            _ = try await transaction.releaseLease(runID: item.runID, owner: owner)
            return (.rejected(error.message), nil)
        }
    }
}
