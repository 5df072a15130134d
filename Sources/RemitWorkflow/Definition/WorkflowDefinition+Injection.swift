import RemitCore

/// An approval a checkout policy requires before any money moves.
public struct InjectedApprovalStep: Sendable, Equatable {
    /// The policy rule that required it, for the journal.
    public var ruleID: String
    /// Who approves, how many, in which order.
    public var spec: ApprovalSpec

    /// Creates a step.
    public init(ruleID: String, spec: ApprovalSpec) {
        self.ruleID = ruleID
        self.spec = spec
    }
}

extension WorkflowDefinition {
    /// This definition with `steps` run ahead of every `settle` node: every edge into a settle
    /// node now enters the first injected approval, each approval leads to the next on
    /// `approved`, the last to the settle node, and a rejection ends the run as `rejected`.
    /// The result is a definition of its own, kept with the run, so the workflow's versions
    /// stay as the tenant wrote them.
    public func injecting(_ steps: [InjectedApprovalStep]) -> WorkflowDefinition {
        guard !steps.isEmpty else { return self }
        var nodes = self.nodes
        var edges = self.edges
        let taken = Set(nodes.map(\.id))
        func fresh(_ base: String) -> String {
            var id = base
            var counter = 1
            while taken.contains(id) || nodes.contains(where: { $0.id == id }) {
                counter += 1
                id = "\(base)_\(counter)"
            }
            return id
        }
        let rejected = fresh("policy_rejected")
        nodes.append(WorkflowNode(id: rejected, kind: .end(.rejected)))
        for (settleIndex, settle) in self.nodes.enumerated() {
            guard case .settle = settle.kind else { continue }
            let ids = steps.indices.map { fresh("policy_approval_\(settleIndex)_\($0 + 1)") }
            for (index, step) in steps.enumerated() {
                nodes.append(WorkflowNode(id: ids[index], kind: .approval(step.spec)))
                edges.append(WorkflowEdge(from: ids[index], to: index + 1 < ids.count ? ids[index + 1] : settle.id, on: .approved))
                edges.append(WorkflowEdge(from: ids[index], to: rejected, on: .rejected))
            }
            for index in edges.indices where edges[index].to == settle.id && !ids.contains(edges[index].from) {
                edges[index].to = ids[0]
            }
        }
        return WorkflowDefinition(nodes: nodes, edges: edges)
    }
}
