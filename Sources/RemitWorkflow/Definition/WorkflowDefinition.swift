/// A workflow's graph: the steps a payment goes through and the edges between them.
///
/// A definition is a plain value; ``WorkflowValidator`` decides whether it may be saved, and
/// ``CompiledWorkflow`` prepares a valid one for ``RunStateMachine``. Node order is kept as
/// written, so error paths such as `nodes[3]` point at what the tenant sent.
public struct WorkflowDefinition: Sendable, Equatable {
    /// The steps, in the order they were written.
    public var nodes: [WorkflowNode]
    /// The edges, in the order they were written.
    public var edges: [WorkflowEdge]

    /// Creates a definition.
    public init(nodes: [WorkflowNode], edges: [WorkflowEdge]) {
        self.nodes = nodes
        self.edges = edges
    }

    /// The node with `id`, when there is one.
    public func node(_ id: String) -> WorkflowNode? {
        nodes.first { $0.id == id }
    }

    /// The single `start` node of a valid definition.
    public var startNode: WorkflowNode? {
        nodes.first { $0.kind == .start }
    }

    /// Where outcome `outcome` of node `id` leads, when it is wired.
    ///
    /// `next` and `settled` are the same outcome of a `settle` node, so either label finds it.
    public func target(of id: String, on outcome: Outcome) -> String? {
        let labels: Set<Outcome> = outcome == .settled || outcome == .next ? [.settled, .next] : [outcome]
        return edges.first { $0.from == id && labels.contains($0.outcome) }?.to
    }
}

/// A directed edge: when node `from` ends with `outcome`, the run continues at node `to`.
public struct WorkflowEdge: Sendable, Equatable {
    /// The id of the node the edge leaves.
    public var from: String
    /// The id of the node the edge enters.
    public var to: String
    /// The outcome of `from` that takes this edge; `next` when the JSON has no `on`.
    public var outcome: Outcome

    /// Creates an edge.
    public init(from: String, to: String, on outcome: Outcome = .next) {
        self.from = from
        self.to = to
        self.outcome = outcome
    }
}

/// How a step ended, as written in an edge's `on`.
public enum Outcome: String, Sendable, Equatable, Hashable, CaseIterable, Comparable, Codable {
    /// The step is done; go on (`start`, `notify`, `wait`, `tax`, and `settle` as a synonym of `settled`).
    case next
    /// A condition held.
    case whenTrue = "true"
    /// A condition did not hold.
    case whenFalse = "false"
    /// An approval reached its quorum.
    case approved
    /// An approval can no longer reach its quorum.
    case rejected
    /// An approval or a signal wait ran out of time.
    case timeout
    /// A settlement moved the money.
    case settled
    /// A settlement was declined by the rail.
    case failed

    public static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
