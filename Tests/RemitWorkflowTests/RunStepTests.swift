import RemitCore
import Testing

@testable import RemitWorkflow

/// start → pay (settle) → done, with a `failed` edge to `declined` when `withFailedEdge`.
private func settleWorkflow(withFailedEdge: Bool) -> String {
    let failed = withFailedEdge ? #", {"from": "pay", "to": "declined", "on": "failed"}"# : ""
    let declined = withFailedEdge ? #", {"id": "declined", "type": "end", "result": "rejected"}"# : ""
    return """
    {"nodes": [{"id": "start", "type": "start"}, {"id": "pay", "type": "settle"}, {"id": "done", "type": "end"}\(declined)],
     "edges": [{"from": "start", "to": "pay"}, {"from": "pay", "to": "done"}\(failed)]}
    """
}

@Suite struct RunStepTests {
    private func runAtTax(policy: RunPolicy = .default) throws -> Run {
        var run = Run(context: paymentContext(amount: 100), policy: policy)
        try run.send(.started)
        return run
    }

    @Test func aRetryableFailureSchedulesARetryWithJitteredBackoff() throws {
        var run = try runAtTax()
        run.random = 0.25
        let actions = try run.send(.stepFailed(node: "tax", reason: "table service down", retryable: true))
        // Attempt 1's window is the base, 1 s; a quarter of it is 250 ms.
        #expect(actions.wakes == [t0 + 250])
        #expect(actions.journal.first?.kind == "retry_scheduled")
        #expect(actions.journal.first?.reason.contains("attempt 1 of 5 failed: table service down") == true)
        #expect(run.state.status == .running)
        #expect(run.state.retryAt == t0 + 250)
        #expect(!run.state.stepInFlight)
        #expect(run.state.wakeAt == t0 + 250)
    }

    @Test func theRetryRunsWhenItsTimerIsDueWithTheSameIdempotencyKey() throws {
        var run = try runAtTax()
        try run.send(.stepFailed(node: "tax", reason: "x", retryable: true))
        run.now = t0 + 100
        run.expectIgnored(.timerFired(at: t0 + 100))
        run.now = t0 + 500
        let actions = try run.send(.timerFired(at: t0 + 500))
        #expect(actions.executed == [StepRequest(node: "tax", type: "tax", attempt: 2, idempotencyKey: "run_1:tax:1")])
        #expect(run.state.attempt == 2)
        #expect(run.state.stepInFlight)
    }

    @Test func exhaustingTheAttemptsFailsTheRunWithTheReason() throws {
        var run = try runAtTax(policy: RunPolicy(attemptsMax: 2))
        try run.send(.stepFailed(node: "tax", reason: "timeout", retryable: true))
        run.now += 10_000
        try run.send(.timerFired(at: run.now))
        let actions = try run.send(.stepFailed(node: "tax", reason: "timeout again", retryable: true))
        #expect(actions.failures == ["step 'tax' failed after 2 attempts (attemptsMax): timeout again"])
        #expect(actions.events == ["run.failed"])
        #expect(actions.journal.map(\.kind) == ["failed"])
        #expect(run.state.status == .failed(reason: "step 'tax' failed after 2 attempts (attemptsMax): timeout again"))
    }

    @Test func aFailureThatCannotBeRetriedFailsTheRunAtOnce() throws {
        var run = try runAtTax()
        let actions = try run.send(.stepFailed(node: "tax", reason: "no rate for FR", retryable: false))
        #expect(actions.failures == ["step 'tax' failed and cannot be retried: no rate for FR"])
        #expect(run.state.status.isFinal)
    }

    @Test func aResultForAStepThatIsNotRunningIsRejected() throws {
        var run = try runAtTax()
        run.expectRejected(.stepSucceeded(node: "pay", outcome: .settled, output: .null))
        run.expectRejected(.stepFailed(node: "pay", reason: "x", retryable: true))
        run.expectRejected(.stepSucceeded(node: "tax", outcome: .approved, output: .null))
    }

    @Test func aSecondFailureReportDuringBackoffIsRejectedButALateSuccessIsTaken() throws {
        var run = try runAtTax()
        try run.send(.stepFailed(node: "tax", reason: "x", retryable: true))
        run.expectRejected(.stepFailed(node: "tax", reason: "x", retryable: true))
        let actions = try run.send(.stepSucceeded(node: "tax", outcome: .next, output: .object([])))
        #expect(actions.executed.map(\.node) == ["pay"])
        #expect(run.state.retryAt == nil)
    }

    @Test func aDeclinedSettlementTakesTheFailedEdgeWhenThereIsOne() throws {
        var run = Run(json: settleWorkflow(withFailedEdge: true))
        try run.send(.started)
        let actions = try run.send(.stepSucceeded(node: "pay", outcome: .failed, output: json(#"{"code": "insufficient_funds"}"#)))
        #expect(actions.events == ["payment.settlement_failed", "run.rejected"])
        #expect(run.state.status == .rejected)
        #expect(!run.state.settled)
    }

    @Test func aDeclinedSettlementWithoutAFailedEdgeFailsTheRun() throws {
        var run = Run(json: settleWorkflow(withFailedEdge: false))
        try run.send(.started)
        let actions = try run.send(.stepSucceeded(node: "pay", outcome: .failed, output: .null))
        #expect(actions.failures == ["the settlement was declined and node 'pay' has no 'failed' edge"])
    }

    @Test func aSettleStepAcceptsNextAsSettled() throws {
        var run = Run(json: settleWorkflow(withFailedEdge: false))
        try run.send(.started)
        try run.send(.stepSucceeded(node: "pay", outcome: .next, output: .null))
        #expect(run.state.status == .completed)
        #expect(run.state.settled)
    }

    @Test func cancellingBeforeSettlementStopsTheRun() throws {
        var run = try runAtTax()
        let actions = try run.send(.cancelRequested(reason: "buyer asked"))
        #expect(actions.events == ["run.cancelled"])
        #expect(actions.journal.first?.reason == "buyer asked")
        #expect(run.state.status == .cancelled)
        run.expectRejected(.stepSucceeded(node: "tax", outcome: .next, output: .null))
    }

    @Test func cancellingWhileASettlementIsInFlightOrRetryingIsRefused() throws {
        var run = Run(json: settleWorkflow(withFailedEdge: false))
        try run.send(.started)
        let error = run.expectRejected(.cancelRequested(reason: "x"))
        #expect(error?.message.contains("a settlement is in progress") == true)
        try run.send(.stepFailed(node: "pay", reason: "gateway timeout", retryable: true))
        run.expectRejected(.cancelRequested(reason: "x"))
    }

    @Test func cancellingAfterSettlementIsRefusedEvenBeforeTheRunEnds() throws {
        let text = """
        {"nodes": [{"id": "start", "type": "start"}, {"id": "pay", "type": "settle"},
                   {"id": "cool", "type": "wait", "duration": "1h"}, {"id": "done", "type": "end"}],
         "edges": [{"from": "start", "to": "pay"}, {"from": "pay", "to": "cool"}, {"from": "cool", "to": "done"}]}
        """
        var run = Run(json: text)
        try run.send(.started)
        try run.send(.stepSucceeded(node: "pay", outcome: .settled, output: .null))
        #expect(run.state.status == .waiting(WaitCondition(until: t0 + hour)))
        let error = run.expectRejected(.cancelRequested(reason: "too late"))
        #expect(error?.message.contains("the payment has settled") == true)
    }
}
