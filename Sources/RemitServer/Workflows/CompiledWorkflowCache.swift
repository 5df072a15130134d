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
