import RemitCore
import RemitStore
import RemitWorkflow

/// Hands a signal (from an ERP, a procurement system) to the tenant's runs that wait for one.
/// Each waiting run's filter decides, in the same transaction as the caller's write of the
/// signal, whether the signal ends its wait; a run whose filter rejects the signal keeps
/// waiting, and a run waiting for something else is left alone.
struct SignalDelivery: Sendable {
    /// The most waiting runs one signal is offered to.
    static let waitingRunsMax = 1_000

    let engine: RunEngine

    /// What delivering a signal did.
    struct Delivered: Sendable, Equatable {
        /// Runs whose wait the signal ended.
        var woken: [String]
        /// Runs waiting for a signal that kept waiting.
        var stillWaiting: Int
    }

    /// Offers `signal` (`{"type": …, "payload": …}`, as the filter sees it in `signal`) to
    /// `tenant`'s runs waiting for a signal.
    func deliver(_ signal: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> Delivered {
        var delivered = Delivered(woken: [], stillWaiting: 0)
        for runID in try await transaction.runIDs(tenant: tenant, status: "waiting", limit: Self.waitingRunsMax) {
            guard let run = try await transaction.run(runID, tenant: tenant, locking: true),
                  case let .waiting(condition) = run.state.status, condition.signalFilter != nil else { continue }
            let applied = try await engine.apply(.signalArrived(signal), runID: runID, tenant: tenant, in: transaction)
            if case .waiting = applied.run.state.status, applied.run.state.currentNode == run.state.currentNode {
                delivered.stillWaiting += 1
            } else {
                delivered.woken.append(runID)
            }
        }
        return delivered
    }
}
