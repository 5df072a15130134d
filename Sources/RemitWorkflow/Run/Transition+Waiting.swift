import RemitCEL
import RemitCore

extension Transition {
    /// Enters a wait: sets the deadline and asks for a wake, or goes straight on when the
    /// instant an `until` wait computes has already passed.
    mutating func beginWait(_ node: WorkflowNode, _ spec: WaitSpec) {
        switch spec {
        case let .duration(duration):
            suspend(node, WaitCondition(until: later(by: duration.milliseconds)), reason: "wait \(duration.text)")
        case let .until(expression):
            guard let until = evaluateInstant(node, expression) else { return }
            if until <= now {
                journal("finished", node: node, outcome: .next, decision: "did not wait",
                        reason: "`\(expression.prefix(200))` is \(Timestamp.rfc3339(milliseconds: until)), which has passed")
                return follow(node, .next)
            }
            suspend(node, WaitCondition(until: until), reason: "`\(expression.prefix(200))`")
        case let .signal(filter, timeout):
            let condition = WaitCondition(until: timeout.map { later(by: $0.milliseconds) }, signalFilter: filter)
            suspend(node, condition, reason: "a signal matching `\(filter.prefix(200))`")
        }
    }

    private mutating func suspend(_ node: WorkflowNode, _ condition: WaitCondition, reason: String) {
        state.status = .waiting(condition)
        let until = condition.until.map { " until \(Timestamp.rfc3339(milliseconds: $0))" } ?? ""
        journal("waiting", node: node, decision: "waiting\(until)", reason: reason)
        if let wake = condition.until { actions.append(.scheduleWake(at: wake)) }
    }

    /// The instant an `until` expression returns, in milliseconds; nil after failing the run.
    private mutating func evaluateInstant(_ node: WorkflowNode, _ expression: String) -> Int64? {
        guard let program = machine.workflow.programs[node.id] else {
            fail("node '\(node.id)' has no compiled expression")
            return nil
        }
        let value: CELValue
        do {
            value = try program.evaluate(bindings: celBindings())
        } catch {
            fail("the wait of node '\(node.id)' could not be evaluated: \(error.description)")
            return nil
        }
        guard case let .timestamp(stamp) = value else {
            fail("the wait of node '\(node.id)' must compute a timestamp, not \(value.celType.name)")
            return nil
        }
        let millis = stamp.nanosecondsSinceEpoch / 1_000_000
        return Int64(clamping: millis)
    }

    /// `timerFired`: retries a step whose backoff is over, ends a due wait, times out an approval.
    mutating func timerFired() throws(WorkflowError) {
        switch state.status {
        case .created: throw reject("it has not started, so it set no timer")
        case .completed, .rejected, .failed, .cancelled: throw reject("it is finished")
        case .running:
            guard let retryAt = state.retryAt, retryAt <= now else { return }
            retry()
        case let .waiting(condition):
            guard let until = condition.until, until <= now, let node = state.currentNode.flatMap(definition.node) else { return }
            let outcome: Outcome = condition.signalFilter == nil ? .next : .timeout
            journal("finished", node: node, outcome: outcome, decision: outcome == .next ? "waited" : "took 'timeout'",
                    reason: condition.signalFilter == nil ? "the wait is over" : "no matching signal arrived before the timeout")
            follow(node, outcome)
        case .awaitingApproval:
            guard let deadline = state.approval?.deadline, deadline <= now else { return }
            timeOutApproval()
        }
    }

    /// `signalArrived`: ends a signal wait when the filter accepts the signal.
    mutating func signalArrived(_ signal: JSONValue) throws(WorkflowError) {
        guard case let .waiting(condition) = state.status, condition.signalFilter != nil,
              let node = state.currentNode.flatMap(definition.node), let program = machine.workflow.programs[node.id] else {
            throw reject("it is not waiting for a signal")
        }
        let matches: Bool
        do {
            matches = try program.evaluateCondition(bindings: celBindings(adding: ["signal": CELValue(signal)]))
        } catch {
            // A filter that cannot judge a signal (a missing member, a wrong type) is not a
            // match; the journal keeps why, so a tenant can fix the filter.
            journal("signal_ignored", node: node, decision: "kept waiting", reason: "the filter failed on a signal: \(error.description)")
            return
        }
        guard matches else { return }
        journal("finished", node: node, outcome: .next, decision: "signal received", reason: "a signal matched the filter", detail: signal)
        follow(node, .next)
    }
}
