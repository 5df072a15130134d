import RemitCEL
import RemitCore

extension Transition {
    /// `started`: the run begins at its start node.
    mutating func start() throws(WorkflowError) {
        guard state.status == .created else { throw reject("it has already started") }
        state.status = .running
        emit("run.started")
        guard let start = definition.startNode else { return fail("the workflow has no start node") }
        enter(start.id)
    }

    /// Leaves `node` by `outcome` and enters the node its edge leads to.
    mutating func follow(_ node: WorkflowNode, _ outcome: Outcome) {
        guard let target = definition.target(of: node.id, on: outcome) else {
            return fail("node '\(node.id)' has no edge for outcome '\(outcome.rawValue)'")
        }
        enter(target)
    }

    /// Enters node `id` and runs through every node the machine decides by itself (start,
    /// condition, notify, a wait already due, end) until one needs something from outside.
    mutating func enter(_ id: String) {
        nodesThisEvent += 1
        guard nodesThisEvent <= machine.policy.nodesPerEventMax else {
            return fail("the run passed through \(machine.policy.nodesPerEventMax) nodes without stopping (nodesPerEventMax); check the workflow's loops")
        }
        guard let node = definition.node(id) else { return fail("the workflow has no node '\(id)'") }
        state.visits[id, default: 0] += 1
        state.nodesEntered += 1
        guard state.visit(of: id) <= machine.policy.visitsPerNodeMax else {
            return fail("node '\(id)' was entered more than \(machine.policy.visitsPerNodeMax) times (visitsPerNodeMax)")
        }
        state.currentNode = id
        state.attempt = 0
        state.stepInFlight = false
        state.retryAt = nil
        state.status = .running
        switch node.kind {
        case .start:
            journal("finished", node: node, outcome: .next, decision: "started", reason: "every run begins at the start node")
            follow(node, .next)
        case let .end(result): finish(node, result)
        case let .condition(expression): evaluateCondition(node, expression)
        case let .notify(spec): notify(node, spec)
        case let .wait(spec): beginWait(node, spec)
        case let .approval(spec): beginApproval(node, spec)
        case .tax, .settle, .custom: execute(node)
        case .erpSync: fail("node '\(id)' of type \(node.kind.typeName) cannot run yet")
        }
    }

    private mutating func finish(_ node: WorkflowNode, _ result: EndResult) {
        state.status = result == .completed ? .completed : .rejected
        journal("finished", node: node, decision: "the run \(result.rawValue)", reason: "reached end node '\(node.id)'")
        actions.append(.complete(result))
        emit("run.\(result.rawValue)")
    }

    /// Asks the executor to run a step, first attempt.
    mutating func execute(_ node: WorkflowNode) {
        state.attempt = 1
        state.stepInFlight = true
        journal("started", node: node, decision: "execute \(node.kind.typeName)", reason: "attempt 1 of \(machine.policy.attemptsMax)")
        actions.append(.executeStep(StepRequest(node: node.id, type: node.kind.typeName, attempt: 1, idempotencyKey: state.idempotencyKey(for: node.id))))
    }

    private mutating func evaluateCondition(_ node: WorkflowNode, _ expression: String) {
        guard let program = machine.workflow.programs[node.id] else { return fail("node '\(node.id)' has no compiled expression") }
        let result: Bool
        do {
            result = try program.evaluateCondition(bindings: celBindings())
        } catch {
            return fail("the condition of node '\(node.id)' could not be evaluated: \(error.description)")
        }
        let outcome: Outcome = result ? .whenTrue : .whenFalse
        let target = definition.target(of: node.id, on: outcome) ?? "?"
        journal("finished", node: node, outcome: outcome, decision: "took '\(outcome.rawValue)' to '\(target)'",
                reason: "`\(expression.prefix(200))` is \(result)")
        follow(node, outcome)
    }

    /// The condition bindings at this instant.
    func celBindings(adding extra: [String: CELValue] = [:]) -> [String: CELValue] {
        var bindings = machine.bindings
        bindings["now"] = CELValue.timestamp(milliseconds: now)
        bindings["steps"] = CELValue(state.stepOutputsJSON)
        for (name, value) in extra { bindings[name] = value }
        return bindings
    }
}
