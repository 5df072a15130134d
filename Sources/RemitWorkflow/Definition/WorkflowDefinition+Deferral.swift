import RemitCore

extension WorkflowDefinition {
    /// This definition with a `wait` until `instant` (ms since 1970) ahead of every `settle` node: every edge
    /// into a settle node now enters the wait, which leads to the settle node on `next`. Net
    /// terms use it so that no money moves before the invoice's due date. Like
    /// ``injecting(_:)``, the result is kept with the run; apply approvals first, so that they
    /// are decided now and the money moves on the due date.
    public func deferringSettlement(untilMilliseconds instant: Int64) -> WorkflowDefinition {
        let expression = "timestamp(\"\(Timestamp.rfc3339(milliseconds: instant))\")"
        var nodes = self.nodes
        var edges = self.edges
        let taken = Set(nodes.map(\.id))
        for (settleIndex, settle) in self.nodes.enumerated() {
            guard case .settle = settle.kind else { continue }
            var id = "net_terms_wait_\(settleIndex)"
            var counter = 1
            while taken.contains(id) || nodes.contains(where: { $0.id == id }) {
                counter += 1
                id = "net_terms_wait_\(settleIndex)_\(counter)"
            }
            for index in edges.indices where edges[index].to == settle.id {
                edges[index].to = id
            }
            nodes.append(WorkflowNode(id: id, kind: .wait(.until(expression: expression))))
            edges.append(WorkflowEdge(from: id, to: settle.id, on: .next))
        }
        return WorkflowDefinition(nodes: nodes, edges: edges)
    }
}
