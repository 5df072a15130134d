import RemitCore
import RemitStore
import RemitWorkflow
import Synchronization

/// Compiled workflow versions, by workflow id and version. Versions never change once
/// published, so an entry never goes stale; the cache is bounded and simply cleared when full.
final class CompiledWorkflowCache: Sendable {
    /// The most compiled versions kept.
    static let entriesMax = 1_024

    private let entries = Mutex<[String: CompiledWorkflow]>([:])
    private let candidates = Mutex<[String: WorkflowCandidate]>([:])

    /// A version as a selection candidate, its binding compiled once; nil when the binding
    /// does not compile (it was validated on save, so only a bug or a changed limit gets here).
    func candidate(_ version: StoredWorkflowVersion) -> WorkflowCandidate? {
        let key = "\(version.workflowID)@\(version.version)"
        if let cached = candidates.withLock({ $0[key] }) { return cached }
        guard let candidate = try? WorkflowCandidate(id: version.workflowID, priority: version.priority,
                                                     createdAt: version.createdAt, binding: version.binding) else { return nil }
        candidates.withLock { candidates in
            if candidates.count >= Self.entriesMax { candidates.removeAll() }
            candidates[key] = candidate
        }
        return candidate
    }

    /// What `run` follows: its own plan when a policy injected steps, else its pinned version.
    func compiled(for run: StoredRun, in transaction: StoreTransaction) async throws -> CompiledWorkflow? {
        guard let plan = run.plan else {
            return try await compiled(workflowID: run.workflowID, version: run.workflowVersion, tenant: run.tenantID, in: transaction)
        }
        return try compiledPlan(plan, runID: run.id)
    }

    /// What `run` follows, when it needs no read: a plan, or a cached version.
    func cached(for run: StoredRun) throws -> CompiledWorkflow? {
        guard let plan = run.plan else { return cached(workflowID: run.workflowID, version: run.workflowVersion) }
        return try compiledPlan(plan, runID: run.id)
    }

    /// A run's plan, compiled once per run (a plan never changes).
    func compiledPlan(_ plan: String, runID: String) throws -> CompiledWorkflow {
        let key = "run:\(runID)"
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let compiled = try CompiledWorkflow(try WorkflowDefinition.parse(try JSONParser.parse(plan, limits: JSONLimits(depthMax: 64, bytesMax: 8 << 20))))
        entries.withLock { entries in
            if entries.count >= Self.entriesMax { entries.removeAll() }
            entries[key] = compiled
        }
        return compiled
    }

    /// The compiled version when it is in the cache.
    func cached(workflowID: String, version: Int) -> CompiledWorkflow? {
        entries.withLock { $0["\(workflowID)@\(version)"] }
    }

    /// The compiled form of version `version` of workflow `workflowID`, read through
    /// `transaction` only the first time; nil when the tenant has no such version.
    func compiled(workflowID: String, version: Int, tenant: TenantID, in transaction: StoreTransaction) async throws -> CompiledWorkflow? {
        if let cached = cached(workflowID: workflowID, version: version) { return cached }
        guard let stored = try await transaction.workflowVersion(workflowID, version: version, tenant: tenant) else { return nil }
        return try compiled(stored)
    }

    /// The compiled form of a stored version.
    func compiled(_ version: StoredWorkflowVersion) throws -> CompiledWorkflow {
        let key = "\(version.workflowID)@\(version.version)"
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let definition = try WorkflowDefinition.parse(try JSONParser.parse(version.definition, limits: JSONLimits(depthMax: 64, bytesMax: 8 << 20)))
        let compiled = try CompiledWorkflow(definition)
        entries.withLock { entries in
            if entries.count >= Self.entriesMax { entries.removeAll() }
            entries[key] = compiled
        }
        return compiled
    }
}
