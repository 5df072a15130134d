import Foundation
import RemitCore
import Testing

@testable import RemitWorkflow

/// start → score (custom) → risky? (condition on the module's output) → review | pay; with a
/// `failed` edge from `score` to `manual` when `withFailedEdge`.
private func scoringWorkflow(withFailedEdge: Bool) -> String {
    let failed = withFailedEdge ? #", {"from": "score", "to": "manual", "on": "failed"}"# : ""
    let manual = withFailedEdge ? #", {"id": "manual", "type": "end", "result": "rejected"}"# : ""
    return """
    {"nodes": [{"id": "start", "type": "start"}, {"id": "score", "type": "custom", "module": "mod_risk"},
               {"id": "risky", "type": "condition", "expression": "steps.score.risk > 50"},
               {"id": "review", "type": "end", "result": "rejected"}, {"id": "pay", "type": "end"}\(manual)],
     "edges": [{"from": "start", "to": "score"}, {"from": "score", "to": "risky"},
               {"from": "risky", "to": "review", "on": "true"}, {"from": "risky", "to": "pay", "on": "false"}\(failed)]}
    """
}

@Suite struct RunCustomStepTests {
    private func runAtScore(withFailedEdge: Bool = false, policy: RunPolicy = .default) throws -> Run {
        var run = Run(json: scoringWorkflow(withFailedEdge: withFailedEdge), policy: policy)
        let actions = try run.send(.started)
        #expect(actions.executed == [StepRequest(node: "score", type: "custom", attempt: 1, idempotencyKey: "run_1:score:1")])
        return run
    }

    @Test func theModulesOutputIsKeptAndLaterConditionsBranchOnIt() throws {
        var high = try runAtScore()
        let actions = try high.send(.stepSucceeded(node: "score", outcome: .next, output: json(#"{"risk": 80, "why": "new buyer"}"#)))
        #expect(high.state.status == .rejected)
        #expect(high.state.stepOutputsJSON == json(#"{"score": {"risk": 80, "why": "new buyer"}}"#))
        #expect(actions.journal.first { $0.node == "score" }?.detail == json(#"{"risk": 80, "why": "new buyer"}"#))
        #expect(actions.journal.first { $0.node == "risky" }?.reason == "`steps.score.risk > 50` is true")

        var low = try runAtScore()
        try low.send(.stepSucceeded(node: "score", outcome: .next, output: json(#"{"risk": 10}"#)))
        #expect(low.state.status == .completed)
    }

    @Test func aModuleFailureWithoutAFailedEdgeFailsTheRunWithTheReason() throws {
        var run = try runAtScore()
        let actions = try run.send(.stepFailed(node: "score", reason: "module mod_risk version 1 failed: out_of_fuel: used 11000000 fuel",
                                               retryable: false))
        #expect(actions.failures == ["step 'score' failed and cannot be retried: module mod_risk version 1 failed: out_of_fuel: used 11000000 fuel"])
        #expect(run.state.status == .failed(reason: actions.failures[0]))
    }

    @Test func aModuleFailureTakesTheFailedEdgeWhenThereIsOne() throws {
        var run = try runAtScore(withFailedEdge: true)
        let actions = try run.send(.stepFailed(node: "score", reason: "module mod_risk version 1 failed: trap: unreachable", retryable: false))
        #expect(run.state.status == .rejected)
        let entry = actions.journal.first { $0.node == "score" }
        #expect(entry?.outcome == .failed)
        #expect(entry?.decision == "took 'failed' to 'manual'")
        #expect(entry?.reason == "step 'score' failed and cannot be retried: module mod_risk version 1 failed: trap: unreachable")
        #expect(actions.events.prefix(1) == ["step.failed"])
        #expect(run.state.stepOutputs == nil)
    }

    @Test func aBusyModuleQueueIsRetriedBeforeTheFailedEdge() throws {
        var run = try runAtScore(withFailedEdge: true, policy: RunPolicy(attemptsMax: 2))
        let first = try run.send(.stepFailed(node: "score", reason: "busy", retryable: true))
        #expect(first.journal.map(\.kind) == ["retry_scheduled"])
        run.now += 10_000
        try run.send(.timerFired(at: run.now))
        try run.send(.stepFailed(node: "score", reason: "busy", retryable: true))
        #expect(run.state.status == .rejected)
    }

    @Test func aCustomStepEndsOnlyWithNext() throws {
        var run = try runAtScore()
        run.expectRejected(.stepSucceeded(node: "score", outcome: .settled, output: .null))
    }

    @Test func outputsSurviveTheStoredStateAndOldStatesWithoutThemStillDecode() throws {
        var run = try runAtScore()
        try run.send(.stepSucceeded(node: "score", outcome: .next, output: json(#"{"risk": 10}"#)))
        let encoded = try JSONEncoder().encode(run.state)
        #expect(try JSONDecoder().decode(RunState.self, from: encoded) == run.state)
        let old = #"{"runID":"run_9","status":{"created":{}},"visits":{},"attempt":0,"stepInFlight":false,"closedApprovals":[],"settled":false,"nodesEntered":0}"#
        let decoded = try JSONDecoder().decode(RunState.self, from: Data(old.utf8))
        #expect(decoded.stepOutputs == nil)
        #expect(decoded.stepOutputsJSON == .object([]))
    }
}
