import RemitCore
import Testing

@testable import RemitWorkflow

/// start → w (a wait with `wait`) → done; a signal wait with a timeout also has `timeout` → late.
private func waitWorkflow(_ wait: String, timeoutEdge: Bool = false) -> String {
    let extra = timeoutEdge ? #", {"from": "w", "to": "late", "on": "timeout"}"# : ""
    let late = timeoutEdge ? #", {"id": "late", "type": "end", "result": "rejected"}"# : ""
    return """
    {"nodes": [{"id": "start", "type": "start"}, {"id": "w", "type": "wait", \(wait)}, {"id": "done", "type": "end"}\(late)],
     "edges": [{"from": "start", "to": "w"}, {"from": "w", "to": "done"}\(extra)]}
    """
}

@Suite struct RunWaitTests {
    @Test func aDurationWaitSleepsUntilItsTimerIsDue() throws {
        var run = Run(json: waitWorkflow(#""duration": "24h""#))
        let actions = try run.send(.started)
        #expect(actions.wakes == [t0 + 24 * hour])
        #expect(run.state.status == .waiting(WaitCondition(until: t0 + 24 * hour)))
        #expect(run.state.status.name == "waiting")
        run.now = t0 + 23 * hour
        run.expectIgnored(.timerFired(at: run.now))
        run.now = t0 + 24 * hour
        try run.send(.timerFired(at: run.now))
        #expect(run.state.status == .completed)
    }

    @Test func anUntilWaitSleepsUntilTheInstantItsExpressionComputes() throws {
        var run = Run(json: waitWorkflow(#""until": "timestamp(invoice.due_date + 'T00:00:00Z')""#))
        let actions = try run.send(.started)
        let dueDate: Int64 = 1_798_675_200_000  // 2026-12-31T00:00:00Z
        #expect(actions.wakes == [dueDate])
        #expect(actions.journal.last?.decision == "waiting until 2026-12-31T00:00:00.000Z")
    }

    @Test func anUntilWaitWhoseInstantHasPassedGoesStraightOn() throws {
        var run = Run(json: waitWorkflow(#""until": "now - duration('1h')""#))
        let actions = try run.send(.started)
        #expect(actions.wakes.isEmpty)
        #expect(run.state.status == .completed)
    }

    @Test func anUntilExpressionThatIsNotATimestampFailsTheRun() throws {
        var run = Run(json: waitWorkflow(#""until": "invoice.due_date""#))
        let actions = try run.send(.started)
        #expect(actions.failures == ["the wait of node 'w' must compute a timestamp, not string"])
    }

    @Test func aSignalMatchingTheFilterEndsASignalWait() throws {
        var run = Run(json: waitWorkflow(#""signal": {"filter": "signal.type == 'po.approved' && signal.po_number == invoice.po_number"}"#))
        let actions = try run.send(.started)
        #expect(actions.wakes.isEmpty)
        #expect(run.state.wakeAt == nil)
        run.expectIgnored(.signalArrived(json(#"{"type": "po.approved", "po_number": "PO-1"}"#)))
        try run.send(.signalArrived(json(#"{"type": "po.approved", "po_number": "PO-9"}"#)))
        #expect(run.state.status == .completed)
    }

    @Test func aSignalTheFilterCannotJudgeIsJournaledAndIgnored() throws {
        var run = Run(json: waitWorkflow(#""signal": {"filter": "signal.amount > 5"}"#))
        try run.send(.started)
        let before = run.state
        let actions = try run.send(.signalArrived(json(#"{"type": "budget.changed"}"#)))
        #expect(actions.journal.map(\.kind) == ["signal_ignored"])
        #expect(run.state == before)
    }

    @Test func aSignalWaitTimesOutOnItsTimeoutEdge() throws {
        var run = Run(json: waitWorkflow(#""signal": {"filter": "true", "timeout": "2d"}"#, timeoutEdge: true))
        let actions = try run.send(.started)
        #expect(actions.wakes == [t0 + 48 * hour])
        #expect(run.state.status == .waiting(WaitCondition(until: t0 + 48 * hour, signalFilter: "true")))
        run.now = t0 + 48 * hour
        let timedOut = try run.send(.timerFired(at: run.now))
        #expect(timedOut.journal.first?.outcome == .timeout)
        #expect(run.state.status == .rejected)
    }

    @Test func aSignalIsRejectedByARunNotWaitingForOne() throws {
        var run = Run(json: waitWorkflow(#""duration": "1h""#))
        try run.send(.started)
        let error = run.expectRejected(.signalArrived(.object([])))
        #expect(error?.message.contains("not waiting for a signal") == true)
    }

    @Test func eachVisitOfAWaitLoopGetsANewIdempotencyKey() throws {
        let text = """
        {"nodes": [{"id": "start", "type": "start"}, {"id": "ping", "type": "notify", "channel": "webhook", "template": "still waiting"},
                   {"id": "again", "type": "wait", "duration": "1h"}, {"id": "check", "type": "condition", "expression": "now > timestamp('2026-11-29T13:30:00Z')"},
                   {"id": "done", "type": "end"}],
         "edges": [{"from": "start", "to": "ping"}, {"from": "ping", "to": "again"}, {"from": "again", "to": "check"},
                   {"from": "check", "to": "done", "on": "true"}, {"from": "check", "to": "ping", "on": "false"}]}
        """
        var run = Run(json: text)
        let first = try run.send(.started)
        #expect(first.messages.map(\.idempotencyKey) == ["run_1:ping:1"])
        #expect(first.messages.first?.payload == json(#"{"run_id": "run_1", "node": "ping", "text": "still waiting"}"#))
        run.now = t0 + hour
        let second = try run.send(.timerFired(at: run.now))
        #expect(second.messages.map(\.idempotencyKey) == ["run_1:ping:2"])
        run.now = t0 + 2 * hour
        try run.send(.timerFired(at: run.now))
        #expect(run.state.status == .completed)
        #expect(run.state.visit(of: "ping") == 2)
    }

    @Test func aLoopThatNeverStopsIsEndedByTheNodesPerEventBound() throws {
        let text = """
        {"nodes": [{"id": "start", "type": "start"}, {"id": "check", "type": "condition", "expression": "false"},
                   {"id": "w", "type": "wait", "until": "now"}, {"id": "done", "type": "end"}],
         "edges": [{"from": "start", "to": "check"}, {"from": "check", "to": "done", "on": "true"},
                   {"from": "check", "to": "w", "on": "false"}, {"from": "w", "to": "check"}]}
        """
        var run = Run(json: text, policy: RunPolicy(nodesPerEventMax: 20))
        let actions = try run.send(.started)
        #expect(actions.failures.first?.contains("nodesPerEventMax") == true)
        #expect(run.state.status.isFinal)
    }

    @Test func aNodeVisitedTooOftenFailsTheRun() throws {
        let text = """
        {"nodes": [{"id": "start", "type": "start"}, {"id": "w", "type": "wait", "duration": "1m"}, {"id": "done", "type": "end"},
                   {"id": "check", "type": "condition", "expression": "false"}],
         "edges": [{"from": "start", "to": "w"}, {"from": "w", "to": "check"}, {"from": "check", "to": "done", "on": "true"}, {"from": "check", "to": "w", "on": "false"}]}
        """
        var run = Run(json: text, policy: RunPolicy(visitsPerNodeMax: 3))
        try run.send(.started)
        for _ in 0..<2 {
            run.now += 60_000
            try run.send(.timerFired(at: run.now))
        }
        #expect(run.state.visit(of: "w") == 3)
        run.now += 60_000
        let actions = try run.send(.timerFired(at: run.now))
        #expect(actions.failures == ["node 'w' was entered more than 3 times (visitsPerNodeMax)"])
    }

    @Test func cancellingAWaitingRunStopsIt() throws {
        var run = Run(json: waitWorkflow(#""duration": "1h""#))
        try run.send(.started)
        try run.send(.cancelRequested(reason: "duplicate payment"))
        #expect(run.state.status == .cancelled)
        #expect(run.state.wakeAt == nil)
    }
}
