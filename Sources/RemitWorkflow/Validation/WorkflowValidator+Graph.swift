extension WorkflowValidator {
    /// Each required outcome wired exactly once, and no outcome the node does not have.
    func checkOutcomes(_ check: inout Check) {
        var wired: [String: [Outcome: Int]] = [:]
        for (index, edge) in check.definition.edges.enumerated() {
            guard let source = check.indexByID[edge.from] else { continue }
            let node = check.definition.nodes[source]
            let outcome = check.normalizedOutcome(edge)
            let allowed = node.requiredOutcomes.union(node.optionalOutcomes)
            guard allowed.contains(outcome) else {
                let known = allowed.isEmpty ? "an end node has no outgoing edges"
                    : "its outcomes are \(allowed.sorted().map(\.rawValue).joined(separator: ", "))"
                let hint = edge.outcome == .next && !allowed.contains(.next) ? " (an edge without 'on' means 'next')" : ""
                check.fail("edges[\(index)].on", "outcome_unknown",
                           "node '\(node.id)' (\(node.kind.typeName)) has no outcome '\(edge.outcome.rawValue)'\(hint); \(known)")
                continue
            }
            if let first = wired[node.id]?[outcome] {
                check.fail("edges[\(index)]", "outcome_duplicate",
                           "node '\(node.id)': outcome '\(outcome.rawValue)' is already wired by edges[\(first)]; each outcome leads to one node")
            } else {
                wired[node.id, default: [:]][outcome] = index
            }
        }
        for (index, node) in check.definition.nodes.enumerated() where check.indexByID[node.id] == index {
            for outcome in node.requiredOutcomes.sorted() where wired[node.id]?[outcome] == nil {
                check.fail("nodes[\(index)]", "outcome_missing",
                           "node '\(node.id)': outcome '\(outcome.rawValue)' is not wired; add an edge {\"from\": \"\(node.id)\", \"to\": …, \"on\": \"\(outcome.rawValue)\"}")
            }
        }
    }

    /// Every node reachable from the start node.
    func checkReachability(_ check: inout Check) {
        guard let start = check.definition.startNode else { return }
        var reached: Set<String> = [start.id]
        var queue = [start.id]
        while let id = queue.popLast() {
            for edge in check.definition.edges where edge.from == id && check.indexByID[edge.to] != nil {
                if reached.insert(edge.to).inserted { queue.append(edge.to) }
            }
        }
        for (index, node) in check.definition.nodes.enumerated() where !reached.contains(node.id) {
            check.fail("nodes[\(index)]", "unreachable", "node '\(node.id)': no path from the start node leads here")
        }
    }

    /// No cycle unless it passes through a wait node: a loop without a wait would spin at once.
    func checkCycles(_ check: inout Check) {
        let nodes = check.definition.nodes
        let isWait = Set(nodes.filter { if case .wait = $0.kind { true } else { false } }.map(\.id))
        var successors: [String: [String]] = [:]
        for edge in check.definition.edges
        where check.indexByID[edge.from] != nil && check.indexByID[edge.to] != nil && !isWait.contains(edge.from) && !isWait.contains(edge.to) {
            successors[edge.from, default: []].append(edge.to)
        }
        var finder = CycleFinder(successors: successors)
        for node in nodes where !isWait.contains(node.id) { finder.visit(node.id) }
        for cycle in finder.cycles {
            let members = cycle.sorted { check.indexByID[$0, default: 0] < check.indexByID[$1, default: 0] }
            guard let first = members.first, let index = check.indexByID[first] else { continue }
            let names = members.map { "'\($0)'" }.joined(separator: ", ")
            let what = members.count == 1 ? "leads back to itself" : "is on a cycle through \(names)"
            check.fail("nodes[\(index)]", "cycle",
                       "node '\(first)' \(what) without a wait node; a loop must pass through a wait")
        }
    }
}

/// Finds one cycle per strongly connected component (Tarjan), in a graph of at most
/// `nodesMax` nodes, so the recursion is bounded by the node limit.
struct CycleFinder {
    let successors: [String: [String]]
    private var index: [String: Int] = [:]
    private var lowLink: [String: Int] = [:]
    private var stack: [String] = []
    private var onStack = Set<String>()
    private(set) var cycles: [[String]] = []

    init(successors: [String: [String]]) {
        self.successors = successors
    }

    mutating func visit(_ id: String) {
        guard index[id] == nil else { return }
        index[id] = index.count
        lowLink[id] = index[id]
        stack.append(id)
        onStack.insert(id)
        for next in successors[id] ?? [] {
            if index[next] == nil {
                visit(next)
                lowLink[id] = min(lowLink[id]!, lowLink[next]!)
            } else if onStack.contains(next) {
                lowLink[id] = min(lowLink[id]!, index[next]!)
            }
        }
        guard lowLink[id] == index[id] else { return }
        var component: [String] = []
        while let top = stack.popLast() {
            onStack.remove(top)
            component.append(top)
            if top == id { break }
        }
        let selfLoop = successors[id]?.contains(id) ?? false
        if component.count > 1 || selfLoop { cycles.append(component.reversed()) }
    }
}
