import Logging
import RemitCore
import RemitRails
import RemitStore
import RemitWorkflow
import ServiceLifecycle

/// How the run executor claims and paces work. Every bound has a name and a default.
public struct ExecutorConfiguration: Sendable {
    /// Whether this node executes runs; false on a node that only serves the API (its runs
    /// are executed by other nodes on the same database).
    public var enabled: Bool
    /// How long a claimed run is this node's before another node may take it over.
    public var leaseMilliseconds: Int64
    /// The most runs claimed at once.
    public var claimBatchMax: Int
    /// How long the executor sleeps when nothing is due: the latency of a vote or a timer
    /// written by another node.
    public var idlePollMilliseconds: Int64
    /// The most run transitions committed in one transaction (group commit); 1 commits each
    /// transition on its own.
    public var commitBatchMax: Int
    /// The most group-commit transactions in progress at once on PostgreSQL (SQLite has one
    /// writer, so there it is always 1).
    public var concurrentCommitsMax: Int
    /// How much later a run is claimed again after a claim that ended without a result (its
    /// node died, say), doubled for each further such claim, up to
    /// `reclaimBackoffMaxMilliseconds`.
    public var reclaimBackoffBaseMilliseconds: Int64 = 1_000
    /// The longest delay before a run that keeps losing its lease is claimed again.
    public var reclaimBackoffMaxMilliseconds: Int64 = 300_000
    /// From this many claims without a result on, each claim of the run is logged as a warning.
    public var reclaimWarningClaims: Int = 3
    /// Retries and backoff of failing steps.
    public var runPolicy: RunPolicy

    /// Creates a configuration.
    public init(enabled: Bool = true, leaseMilliseconds: Int64 = 30_000, claimBatchMax: Int = 64, commitBatchMax: Int = 64,
                concurrentCommitsMax: Int = 4, idlePollMilliseconds: Int64 = 200,
                runPolicy: RunPolicy = .default) {
        self.enabled = enabled
        self.leaseMilliseconds = leaseMilliseconds
        self.claimBatchMax = claimBatchMax
        self.commitBatchMax = commitBatchMax
        self.concurrentCommitsMax = concurrentCommitsMax
        self.idlePollMilliseconds = idlePollMilliseconds
        self.runPolicy = runPolicy
    }
}

/// The background service that moves runs forward, on every node: it leases due runs,
/// executes their steps (a settlement on the rail, a tax computation), and commits each
/// result with its consequences through the `RunEngine`, many runs' results in one
/// transaction (`RunCommitQueue`). A run whose node died is taken over when its lease
/// expires, and its step is executed again under the same idempotency key, so the rail moves
/// the money once.
struct RunExecutor: Service {
    let store: Store
    let engine: RunEngine
    let rail: any PaymentRail
    /// Runs the tenant modules of `custom` steps.
    let modules: ModuleRuntime
    let configuration: ExecutorConfiguration
    let environment: Environment
    let logger: Logger
    /// This node's name in leases.
    let owner: String
    private let commits: RunCommitQueue

    init(store: Store, engine: RunEngine, rail: any PaymentRail, modules: ModuleRuntime, configuration: ExecutorConfiguration,
         environment: Environment, logger: Logger, owner: String) {
        self.store = store
        self.engine = engine
        self.rail = rail
        self.modules = modules
        self.configuration = configuration
        self.environment = environment
        self.logger = logger
        self.owner = owner
        let committer = RunCommitter(store: store, engine: engine, environment: environment, logger: logger, owner: owner)
        commits = RunCommitQueue(batchMax: configuration.commitBatchMax,
                                 leadersMax: store.isSingleNode ? 1 : configuration.concurrentCommitsMax, commit: committer.commit)
    }

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
                                           limit: configuration.claimBatchMax,
                                           backoff: (configuration.reclaimBackoffBaseMilliseconds, configuration.reclaimBackoffMaxMilliseconds))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for run in claimed {
                group.addTask { await advance(run) }
            }
            try await group.waitForAll()
        }
        return claimed.count
    }

    /// Advances one leased run by the event that is due.
    func advance(_ claimed: ClaimedRun) async {
        let runID = claimed.id
        var metadata: Logger.Metadata = ["run.id": "\(runID)"]
        if claimed.claims >= configuration.reclaimWarningClaims {
            // Earlier claims ended without a result: a node died executing the run, or a step
            // outlived its lease. Claims back off; this says which run to look at.
            logger.warning("run claimed again without a result since its last step", metadata: metadata.merging(["run.claims": "\(claimed.claims)"]) { $1 })
        }
        let item: RunCommitItem
        do {
            // The claim returned the run as it was when leased; a vote or a cancellation
            // committed since then makes its result be rejected at commit, never lost.
            let run = claimed.run
            let now = environment.clock.nowMilliseconds
            let event = try await dueEvent(run, now: now)
            metadata["run.event"] = "\(event?.name ?? "none")"
            item = RunCommitItem(runID: runID, tenantID: run.tenantID,
                                 result: event.map { .event($0) } ?? .nothingDue(runnableAt: RunEngine.runnableAt(run.state, now: now)))
        } catch {
            logger.error("advancing a run failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            return
        }
        switch await commits.submit(item) {
        case .committed, .released:
            break
        case .leaseLost:
            logger.warning("lease lost before the step's result was committed", metadata: metadata)
        case let .rejected(reason):
            logger.info("run did not take the due event", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        case let .failed(reason):
            logger.error("advancing a run failed", metadata: metadata.merging(["error": "\(reason)"]) { $1 })
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
}
