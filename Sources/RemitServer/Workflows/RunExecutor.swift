import Logging
import RemitCore
import RemitRails
import RemitStore
import RemitWorkflow
import ServiceLifecycle

/// How the run executor claims and paces work. Every bound has a name and a default.
public struct ExecutorConfiguration: Sendable {
    /// How long a claimed run is this node's before another node may take it over.
    public var leaseMilliseconds: Int64
    /// The most runs claimed at once.
    public var claimBatchMax: Int
    /// How long the executor sleeps when nothing is due: the latency of a vote or a timer
    /// written by another node.
    public var idlePollMilliseconds: Int64
    /// Retries and backoff of failing steps.
    public var runPolicy: RunPolicy

    /// Creates a configuration.
    public init(leaseMilliseconds: Int64 = 30_000, claimBatchMax: Int = 32, idlePollMilliseconds: Int64 = 200,
                runPolicy: RunPolicy = .default) {
        self.leaseMilliseconds = leaseMilliseconds
        self.claimBatchMax = claimBatchMax
        self.idlePollMilliseconds = idlePollMilliseconds
        self.runPolicy = runPolicy
    }
}

/// The background service that moves runs forward, on every node: it leases due runs,
/// executes their steps (a settlement on the rail, a tax computation), and commits each
/// result with its consequences through the `RunEngine`. A run whose node died is taken
/// over when its lease expires, and its step is executed again under the same idempotency
/// key, so the rail moves the money once.
struct RunExecutor: Service {
    let store: Store
    let engine: RunEngine
    let rail: any PaymentRail
    let configuration: ExecutorConfiguration
    let environment: Environment
    let logger: Logger
    /// This node's name in leases.
    let owner: String

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let worked: Int
            do {
                worked = try await runOnce()
            } catch {
                logger.error("run executor pass failed", metadata: ["error": "\(error)"])
                worked = 0
            }
            if worked == 0 {
                do {
                    try await cancelWhenGracefulShutdown {
                        try await Task.sleep(for: .milliseconds(configuration.idlePollMilliseconds))
                    }
                } catch {
                    return
                }
            }
        }
    }

    /// Claims the due runs and advances each by one event; returns how many it claimed.
    func runOnce() async throws -> Int {
        let now = environment.clock.nowMilliseconds
        let claimed = try await store.write { [owner, configuration] in
            try await $0.claimRunnableRuns(owner: owner, now: now, leaseUntil: now + configuration.leaseMilliseconds,
                                           limit: configuration.claimBatchMax)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for runID in claimed {
                group.addTask { await advance(runID) }
            }
            try await group.waitForAll()
        }
        return claimed.count
    }

    /// Advances one leased run by the event that is due.
    func advance(_ runID: String) async {
        var metadata: Logger.Metadata = ["run.id": "\(runID)"]
        do {
            guard let run = try await store.read({ try await $0.run(runID, tenant: nil) }) else { return }
            let now = environment.clock.nowMilliseconds
            guard let event = try await dueEvent(run, now: now) else {
                try await store.write { [owner] in try await $0.releaseLease(runID: runID, owner: owner) }
                return
            }
            metadata["run.event"] = "\(event.name)"
            try await store.write { [owner] transaction in
                // Another node may have taken the run over while a slow step ran; its result
                // then belongs to that node's attempt, which has the same idempotency key.
                guard try await transaction.holdsLease(runID: runID, owner: owner, now: environment.clock.nowMilliseconds) else {
                    throw LeaseLost()
                }
                _ = try await engine.apply(event, runID: runID, tenant: run.tenantID, in: transaction)
            }
        } catch is LeaseLost {
            logger.warning("lease lost before the step's result was committed", metadata: metadata)
        } catch let error as WorkflowError {
            // The run could not take the event (a vote or a cancellation got there first).
            logger.info("run did not take the due event", metadata: metadata.merging(["reason": "\(error.message)"]) { $1 })
            try? await store.write { [owner] in try await $0.releaseLease(runID: runID, owner: owner) }
        } catch {
            logger.error("advancing a run failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// The event due for `run` at `now`: its start, its step's result, or a timer.
    private func dueEvent(_ run: StoredRun, now: Int64) async throws -> RunEvent? {
        let state = run.state
        if state.status == .created { return .started }
        if state.stepInFlight, let node = state.currentNode {
            return try await whileHoldingLease(run.id) { try await execute(node: node, run: run) }
        }
        if let wake = state.wakeAt, wake <= now { return .timerFired(at: now) }
        return nil
    }

    /// Runs `body` (a step's effect, which may be slow) while renewing this node's lease of
    /// the run every third of the lease, so a slow rail never lets another node take the run
    /// over and execute the same step again in parallel.
    private func whileHoldingLease<T: Sendable>(_ runID: String, _ body: @Sendable @escaping () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask { [owner, configuration] in
                // Ends by cancellation once the step is done; a failed renewal only stops the
                // heartbeat (the commit then finds the lease lost and drops its result).
                do {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(max(configuration.leaseMilliseconds / 3, 10)))
                        let until = environment.clock.nowMilliseconds + configuration.leaseMilliseconds
                        guard try await store.write({ try await $0.renewLease(runID: runID, owner: owner, until: until) }) else { break }
                    }
                } catch {}
                return nil
            }
            var result: T?
            while let next = try await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            guard let result else { throw CancellationError() }
            return result
        }
    }

    private struct LeaseLost: Error {}
}
