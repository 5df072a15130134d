import RemitCEL
import RemitCore

/// The pure heart of a durable run: takes the run's state and one event, returns the new state
/// and the actions the executor must carry out. It reads no clock, no database and no random
/// source: `now` and `random` come in as parameters, so every transition can be tested and
/// replayed.
///
/// ```swift
/// let machine = RunStateMachine(workflow: compiled, context: context)
/// let step = try machine.handle(.started, in: RunState(runID: "run_1"), now: now, random: .random(in: 0..<1))
/// // commit step.state with step.actions' journal, outbox and events; then execute its steps
/// ```
public struct RunStateMachine: Sendable {
    /// The workflow version the run is pinned to.
    public let workflow: CompiledWorkflow
    /// The payment's facts.
    public let context: RunContext
    /// Bounds and retries.
    public let policy: RunPolicy
    /// The context as CEL bindings, computed when an expression is first evaluated (most
    /// events evaluate none).
    var bindings: [String: CELValue] { context.celBindings }

    /// Creates a machine for one run.
    public init(workflow: CompiledWorkflow, context: RunContext, policy: RunPolicy = .default) {
        self.workflow = workflow
        self.context = context
        self.policy = policy
    }

    /// Applies `event` to `state`.
    ///
    /// - Parameters:
    ///   - now: The current instant, milliseconds since 1970.
    ///   - random: A random value in 0..<1 for the jitter of a retry's backoff.
    /// - Throws: ``WorkflowError`` with code `eventRejected` when the run cannot take the
    ///   event in its state (the message says why), or `voteRefused` for a vote from someone
    ///   who may not vote. A rejected event changes nothing.
    public func handle(_ event: RunEvent, in state: RunState, now: Int64, random: Double) throws(WorkflowError) -> RunTransition {
        var step = Transition(machine: self, state: state, now: now, random: random)
        switch event {
        case .started: try step.start()
        case let .stepSucceeded(node, outcome, output): try step.stepSucceeded(node: node, outcome: outcome, output: output)
        case let .stepFailed(node, reason, retryable): try step.stepFailed(node: node, reason: reason, retryable: retryable)
        case .timerFired: try step.timerFired()
        case let .signalArrived(signal): try step.signalArrived(signal)
        case let .voteCast(vote): try step.vote(vote)
        case .approvalTimedOut: try step.approvalTimedOut()
        case let .cancelRequested(reason): try step.cancel(reason: reason)
        }
        return RunTransition(state: step.state, actions: step.actions)
    }
}

/// The result of one event: the state to store and what to do.
public struct RunTransition: Sendable, Equatable {
    /// The run's new state.
    public var state: RunState
    /// The actions, in order.
    public var actions: [RunAction]
}

/// One transition being built: the state, the actions so far, and the event's bounds.
struct Transition {
    let machine: RunStateMachine
    var state: RunState
    let now: Int64
    let random: Double
    var actions: [RunAction] = []
    var nodesThisEvent = 0

    init(machine: RunStateMachine, state: RunState, now: Int64, random: Double) {
        self.machine = machine
        self.state = state
        self.now = now
        self.random = random
    }

    var definition: WorkflowDefinition { machine.workflow.definition }

    func reject(_ message: String) -> WorkflowError {
        WorkflowError(.eventRejected, "run \(state.runID) is \(state.status.name)\(state.currentNode.map { " at '\($0)'" } ?? ""): \(message)")
    }

    mutating func journal(_ kind: String, node: WorkflowNode?, outcome: Outcome? = nil, decision: String, reason: String,
                          detail: JSONValue? = nil) {
        actions.append(.journal(JournalEntry(
            node: node?.id, type: node?.kind.typeName, visit: node.map { state.visit(of: $0.id) } ?? 0,
            attempt: state.attempt, kind: kind, outcome: outcome, decision: decision, reason: reason, at: now, detail: detail)))
    }

    mutating func emit(_ name: String, _ extra: [(key: String, value: JSONValue)] = []) {
        var payload: [(key: String, value: JSONValue)] = [("run_id", .string(state.runID))]
        if let node = state.currentNode { payload.append(("node", .string(node))) }
        actions.append(.emitEvent(name: name, payload: .object(payload + extra)))
    }

    /// Ends the run as failed with `reason`, in the journal, as an action and as an event.
    mutating func fail(_ reason: String) {
        closeOpenApproval()
        state.status = .failed(reason: reason)
        state.stepInFlight = false
        state.retryAt = nil
        journal("failed", node: state.currentNode.flatMap(definition.node), decision: "the run failed", reason: reason)
        actions.append(.fail(reason: reason))
        emit("run.failed", [("reason", .string(reason))])
    }

    /// Moves an open approval to the decided ones, so later votes are recorded as late.
    mutating func closeOpenApproval() {
        guard let open = state.approval else { return }
        state.closedApprovals.append(ClosedApproval(node: open.node, visit: open.visit, tally: open.tally))
        if state.closedApprovals.count > machine.policy.closedApprovalsMax {
            state.closedApprovals.removeFirst(state.closedApprovals.count - machine.policy.closedApprovalsMax)
        }
        state.approval = nil
    }

    /// `now + milliseconds`, saturating instead of overflowing.
    func later(by milliseconds: Int64) -> Int64 {
        let (sum, overflow) = now.addingReportingOverflow(milliseconds)
        return overflow ? .max : sum
    }
}
