import RemitCore

/// Decides whether a workflow definition may be saved, and says precisely what is wrong.
///
/// Every problem is reported at once, each as a `FieldError` whose `field` points at the node
/// or edge (`nodes[3]`, `edges[5].on`), whose message starts with the node's id
/// (`node 'approve': …`), and whose `rule` is stable (see `docs/workflows.md` for the list).
public struct WorkflowValidator: Sendable {
    /// Bounds on size.
    public var limits: WorkflowLimits
    /// Where approvers are looked up.
    public var directory: any ApproverDirectory

    /// Creates a validator.
    public init(directory: any ApproverDirectory = OfflineApproverDirectory(), limits: WorkflowLimits = .default) {
        self.directory = directory
        self.limits = limits
    }

    /// Reads and validates a definition from JSON.
    ///
    /// - Throws: ``RemitError/validation(_:)`` with every problem: first those of reading
    ///   (types, unknown members, limits); when it reads, those of the rules.
    public func definition(from json: JSONValue) throws(RemitError) -> WorkflowDefinition {
        try definition(from: json, path: "")
    }

    /// Reads and validates a definition found at `path` in a larger request (`definition`).
    func definition(from json: JSONValue, path: String) throws(RemitError) -> WorkflowDefinition {
        var errors: [FieldError] = []
        guard let definition = WorkflowDefinition.read(json, path: path, limits: limits, errors: &errors), errors.isEmpty else {
            throw .validation(errors)
        }
        let problems = validate(definition).map { error in
            FieldError(field: path.isEmpty ? error.field : "\(path).\(error.field)", rule: error.rule, message: error.message)
        }
        guard problems.isEmpty else { throw .validation(problems) }
        return definition
    }

    /// Every rule a definition breaks; empty when it may be saved.
    public func validate(_ definition: WorkflowDefinition) -> [FieldError] {
        var check = Check(definition: definition)
        checkSize(&check)
        checkIDs(&check)
        checkStart(&check)
        checkEdges(&check)
        checkOutcomes(&check)
        checkReachability(&check)
        checkCycles(&check)
        for (index, node) in definition.nodes.enumerated() {
            checkNode(node, at: index, &check)
        }
        return check.errors
    }

    private func checkSize(_ check: inout Check) {
        if check.definition.nodes.count > limits.nodesMax {
            check.fail("nodes", "max_items", "a workflow has at most \(limits.nodesMax) nodes, not \(check.definition.nodes.count)")
        }
        if check.definition.edges.count > limits.edgesMax {
            check.fail("edges", "max_items", "a workflow has at most \(limits.edgesMax) edges, not \(check.definition.edges.count)")
        }
    }

    private func checkIDs(_ check: inout Check) {
        var seen = Set<String>()
        for (index, node) in check.definition.nodes.enumerated() {
            if !Self.isNodeID(node.id, lengthMax: limits.nodeIDLengthMax) {
                check.fail("nodes[\(index)].id", "id_format",
                           "node '\(node.id.prefix(80))': an id starts with a letter and has only letters, digits, '_' and '-' (at most \(limits.nodeIDLengthMax))")
            }
            if !seen.insert(node.id).inserted {
                check.fail("nodes[\(index)].id", "id_duplicate", "node '\(node.id)': another node already has this id")
            }
        }
    }

    private func checkStart(_ check: inout Check) {
        let starts = check.definition.nodes.indices.filter { check.definition.nodes[$0].kind == .start }
        if starts.isEmpty {
            check.fail("nodes", "start_count", "a workflow needs exactly one node of type start; it has none")
        }
        for index in starts.dropFirst() {
            check.fail("nodes[\(index)]", "start_count",
                       "node '\(check.definition.nodes[index].id)': a workflow has exactly one start node; '\(check.definition.nodes[starts[0]].id)' is the first")
        }
        if !check.definition.nodes.contains(where: { if case .end = $0.kind { true } else { false } }) {
            check.fail("nodes", "end_missing", "a workflow needs at least one node of type end, where its runs finish")
        }
    }

    private func checkEdges(_ check: inout Check) {
        for (index, edge) in check.definition.edges.enumerated() {
            if check.indexByID[edge.from] == nil {
                check.fail("edges[\(index)].from", "edge_unknown_node", "edge from '\(edge.from.prefix(80))': there is no node with this id")
            }
            guard let target = check.indexByID[edge.to] else {
                check.fail("edges[\(index)].to", "edge_unknown_node", "edge to '\(edge.to.prefix(80))': there is no node with this id")
                continue
            }
            if check.definition.nodes[target].kind == .start {
                check.fail("edges[\(index)].to", "start_incoming", "node '\(edge.to)': no edge may lead into the start node")
            }
        }
    }

    static func isNodeID(_ id: String, lengthMax: Int) -> Bool {
        guard let first = id.unicodeScalars.first, id.unicodeScalars.count <= lengthMax,
              first.isASCII, first.properties.isAlphabetic else { return false }
        return id.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
        }
    }
}

/// The work-in-progress of one validation: the definition, an index of its nodes, the errors.
struct Check {
    let definition: WorkflowDefinition
    /// The first node with each id.
    let indexByID: [String: Int]
    var errors: [FieldError] = []

    init(definition: WorkflowDefinition) {
        self.definition = definition
        var index: [String: Int] = [:]
        for (offset, node) in definition.nodes.enumerated() where index[node.id] == nil { index[node.id] = offset }
        indexByID = index
    }

    mutating func fail(_ field: String, _ rule: String, _ message: String) {
        errors.append(FieldError(field: field, rule: rule, message: message))
    }

    /// The outcome an edge stands for at its source node: `next` means `settled` at a settle node.
    func normalizedOutcome(_ edge: WorkflowEdge) -> Outcome {
        guard edge.outcome == .next, let source = indexByID[edge.from], definition.nodes[source].kind == .settle else { return edge.outcome }
        return .settled
    }
}
