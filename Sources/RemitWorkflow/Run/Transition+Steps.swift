import RemitCore

extension Transition {
    /// `stepSucceeded`: records the result of a `tax` or `settle` step and goes on.
    mutating func stepSucceeded(node id: String, outcome: Outcome, output: JSONValue) throws(WorkflowError) {
        let node = try executingNode(id, inFlightOnly: false)
        let settledOutcome = outcome == .settled || outcome == .next
        switch node.kind {
        case .tax where outcome != .next: throw reject("a tax step ends with outcome 'next', not '\(outcome.rawValue)'")
        case .settle where !settledOutcome && outcome != .failed:
            throw reject("a settle step ends with 'settled' or 'failed', not '\(outcome.rawValue)'")
        case .custom where outcome != .next: throw reject("a custom step ends with outcome 'next', not '\(outcome.rawValue)'")
        default: break
        }
        journal("finished", node: node, outcome: outcome, decision: "the step succeeded", reason: "reported by the executor", detail: output)
        state.stepInFlight = false
        state.retryAt = nil
        if case .custom = node.kind {
            state.stepOutputs = (state.stepOutputs ?? [:]).merging([node.id: JSONWriter.string(output)]) { $1 }
        }
        guard case .settle = node.kind else { return follow(node, .next) }
        if settledOutcome {
            state.settled = true
            emit("payment.settled", [("output", output)])
            return follow(node, .settled)
        }
        emit("payment.settlement_failed", [("output", output)])
        guard definition.target(of: node.id, on: .failed) != nil else {
            return fail("the settlement was declined and node '\(node.id)' has no 'failed' edge")
        }
        follow(node, .failed)
    }

    /// `stepFailed`: schedules a retry with backoff, or fails the run when the failure is not
    /// retryable or the attempts are used up.
    mutating func stepFailed(node id: String, reason: String, retryable: Bool) throws(WorkflowError) {
        let node = try executingNode(id, inFlightOnly: true)
        let policy = machine.policy
        state.stepInFlight = false
        guard retryable, state.attempt < policy.attemptsMax else {
            let why = retryable ? "after \(state.attempt) attempts (attemptsMax)" : "and cannot be retried"
            if case .custom = node.kind, let target = definition.target(of: node.id, on: .failed) {
                journal("finished", node: node, outcome: .failed, decision: "took 'failed' to '\(target)'",
                        reason: "step '\(node.id)' failed \(why): \(reason.prefix(500))")
                emit("step.failed", [("reason", .string(String(reason.prefix(500))))])
                return follow(node, .failed)
            }
            return fail("step '\(node.id)' failed \(why): \(reason.prefix(500))")
        }
        let delay = Backoff.delay(attempt: state.attempt, base: policy.backoffBaseMilliseconds,
                                  max: policy.backoffMaxMilliseconds, jitter: random)
        let retryAt = later(by: delay)
        state.retryAt = retryAt
        journal("retry_scheduled", node: node, decision: "retry at \(Timestamp.rfc3339(milliseconds: retryAt))",
                reason: "attempt \(state.attempt) of \(policy.attemptsMax) failed: \(reason.prefix(500))")
        actions.append(.scheduleWake(at: retryAt))
    }

    /// Starts the next attempt of the current step.
    mutating func retry() {
        guard let node = state.currentNode.flatMap(definition.node) else { return fail("the run has no current node") }
        state.retryAt = nil
        state.attempt += 1
        state.stepInFlight = true
        journal("started", node: node, decision: "execute \(node.kind.typeName)", reason: "attempt \(state.attempt) of \(machine.policy.attemptsMax)")
        actions.append(.executeStep(StepRequest(node: node.id, type: node.kind.typeName, attempt: state.attempt,
                                                idempotencyKey: state.idempotencyKey(for: node.id))))
    }

    /// The current node, when it is step `id` being executed (or, unless `inFlightOnly`,
    /// waiting for a retry: a late success of an earlier attempt is still the truth).
    private func executingNode(_ id: String, inFlightOnly: Bool) throws(WorkflowError) -> WorkflowNode {
        guard state.status == .running, state.currentNode == id, let node = definition.node(id),
              state.stepInFlight || (!inFlightOnly && state.retryAt != nil) else {
            throw reject("no step '\(id.prefix(64))' is being executed")
        }
        return node
    }

    /// `cancelRequested`: stops a run that has not settled.
    ///
    /// Refused once a settlement succeeded, and also while a settle step is executing or
    /// waiting to be retried: its outcome at the rail is unknown until it reports, and a
    /// cancelled run must never have moved money.
    mutating func cancel(reason: String) throws(WorkflowError) {
        guard !state.status.isFinal else { throw reject("it is finished") }
        guard !state.settled else { throw reject("the payment has settled, so the run can no longer be cancelled") }
        if let node = state.currentNode.flatMap(definition.node), node.kind == .settle, state.stepInFlight || state.retryAt != nil {
            throw reject("a settlement is in progress; cancel again once it has reported")
        }
        closeOpenApproval()
        state.status = .cancelled
        state.stepInFlight = false
        state.retryAt = nil
        journal("cancelled", node: state.currentNode.flatMap(definition.node), decision: "the run was cancelled", reason: String(reason.prefix(500)))
        emit("run.cancelled", [("reason", .string(String(reason.prefix(500))))])
    }
}
