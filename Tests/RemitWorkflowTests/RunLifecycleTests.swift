import Foundation
import RemitCore
import Testing

@testable import RemitWorkflow

@Suite struct RunLifecycleTests {
    @Test func aSmallPaymentGoesStraightToTaxThenSettlesAndCompletes() throws {
        var run = Run(context: paymentContext(amount: 100_000))
        let started = try run.send(.started)
        #expect(started.executed == [StepRequest(node: "tax", type: "tax", attempt: 1, idempotencyKey: "run_1:tax:1")])
        #expect(started.events == ["run.started"])
        #expect(started.journal.map(\.node) == ["start", "big", "tax"])
        #expect(started.journal[1].outcome == .whenFalse)
        #expect(started.journal[1].reason == "`payment.amount > 5000000` is false")
        #expect(run.state.status == .running)
        #expect(run.state.currentNode == "tax")

        let taxed = try run.send(.stepSucceeded(node: "tax", outcome: .next, output: json(#"{"tax": 725}"#)))
        #expect(taxed.executed == [StepRequest(node: "pay", type: "settle", attempt: 1, idempotencyKey: "run_1:pay:1")])
        #expect(taxed.journal.first?.detail == json(#"{"tax": 725}"#))

        let settled = try run.send(.stepSucceeded(node: "pay", outcome: .settled, output: json(#"{"rail_id": "sim_1"}"#)))
        #expect(settled.events == ["payment.settled", "run.completed"])
        #expect(settled.completions == [.completed])
        #expect(run.state.status == .completed)
        #expect(run.state.settled)
        #expect(run.state.wakeAt == nil)
    }

    @Test func aBigPaymentAlertsSlackAndAsksForTwoOfThreeSignatures() throws {
        var run = Run()
        let actions = try run.send(.started)
        #expect(actions.journal.map(\.node) == ["start", "big", "alert", "sign"])
        let message = try #require(actions.messages.first)
        #expect(message.channel == .slack)
        #expect(message.idempotencyKey == "run_1:alert:1")
        #expect(message.text == "Payment pay_1 of 7500000 for invoice INV-7 needs two signatures")
        #expect(message.payload == SlackMessage.payload(text: message.text))
        let request = try #require(actions.approvalRequests.first)
        #expect(request.approvers.map(\.id) == ["apr_cfo", "apr_ctl", "apr_ceo"])
        #expect(request.quorum == 2)
        #expect(request.mode == .parallel)
        #expect(request.deadline == t0 + 48 * hour)
        #expect(request.idempotencyKey == "run_1:sign:1")
        #expect(actions.wakes == [t0 + 48 * hour])
        #expect(actions.events == ["run.started", "approval.requested"])
        #expect(run.state.status == .awaitingApproval)
        #expect(run.state.wakeAt == t0 + 48 * hour)
    }

    @Test func twoSignaturesMoveTheRunOnToTax() throws {
        var run = Run()
        try run.send(.started)
        let first = try run.send(vote("apr_cfo"))
        #expect(first.journal.map(\.kind) == ["vote"])
        #expect(run.state.status == .awaitingApproval)
        let second = try run.send(vote("apr_ceo"))
        #expect(second.events.contains("approval.granted"))
        #expect(second.journal.map(\.kind) == ["vote", "finished", "started"])
        #expect(second.journal[1].outcome == .approved)
        #expect(second.executed.map(\.node) == ["tax"])
        #expect(run.state.status == .running)
        #expect(run.state.approval == nil)
        #expect(run.state.closedApprovals.last?.tally.decision == .approved)
    }

    @Test func aDuplicateVoteCountsOnce() throws {
        var run = Run()
        try run.send(.started)
        try run.send(vote("apr_cfo"))
        let before = run.state
        let again = try run.send(vote("apr_cfo"))
        #expect(again.journal.map(\.kind) == ["duplicate_vote"])
        #expect(again.journal.first?.decision == "counted once")
        #expect(run.state == before)
    }

    @Test func aVoteFromSomeoneNotAskedIsRefused() {
        var run = Run()
        _ = try? run.send(.started)
        let error = run.expectRejected(vote("apr_stranger"), code: .voteRefused)
        #expect(error?.message.contains("not an approver of 'sign'") == true)
    }

    @Test func aLateVoteIsRecordedAndChangesNothing() throws {
        var run = Run()
        try run.send(.started)
        try run.send(vote("apr_cfo"))
        try run.send(vote("apr_ctl"))
        let before = run.state
        let late = try run.send(vote("apr_ceo", approve: false))
        #expect(late.journal.map(\.kind) == ["late_vote"])
        #expect(late.journal.first?.decision == "recorded, changes nothing")
        #expect(late.count == 1)
        #expect(run.state == before)
    }

    @Test func rejectionsThatPutTheQuorumOutOfReachRejectThePayment() throws {
        var run = Run()
        try run.send(.started)
        let first = try run.send(vote("apr_cfo", approve: false))
        #expect(first.events == ["approval.rejected_by"])
        let second = try run.send(vote("apr_ctl", approve: false))
        #expect(second.events == ["approval.rejected_by", "approval.rejected", "run.rejected"])
        #expect(second.completions == [.rejected])
        #expect(run.state.status == .rejected)
    }

    @Test func anApprovalTimeoutTakesTheEscalationEdge() throws {
        var run = Run()
        try run.send(.started)
        run.now = t0 + 47 * hour
        run.expectIgnored(.timerFired(at: t0 + 47 * hour))
        run.now = t0 + 48 * hour
        let actions = try run.send(.timerFired(at: t0 + 48 * hour))
        #expect(actions.events.contains("approval.timed_out"))
        let email = try #require(actions.messages.first)
        #expect(email.channel == .email)
        #expect(email.recipients == ["cfo@acme.example"])
        #expect(email.subject == "Approval overdue: INV-7")
        #expect(email.payload == nil)
        #expect(actions.completions == [.rejected])
        #expect(run.state.closedApprovals.last?.tally.decision == .timedOut)
    }

    @Test func approvalTimedOutIsAcceptedOnlyOnceTheDeadlineHasPassed() throws {
        var run = Run()
        try run.send(.started)
        run.now = t0 + hour
        let early = run.expectRejected(.approvalTimedOut)
        #expect(early?.message.contains("not yet") == true)
        run.now = t0 + 48 * hour
        let actions = try run.send(.approvalTimedOut)
        #expect(actions.journal.contains { $0.outcome == .timeout })
    }

    @Test func aVoteAfterTheTimeoutIsLate() throws {
        var run = Run()
        try run.send(.started)
        run.now = t0 + 49 * hour
        try run.send(.approvalTimedOut)
        let late = try run.send(vote("apr_cfo"))
        #expect(late.journal.map(\.kind) == ["late_vote"])
        #expect(run.state.status == .rejected)
    }

    @Test func theRunKeepsItsJournalOfDecisionsWithReasons() throws {
        var run = Run(context: paymentContext(amount: 100_000))
        let actions = try run.send(.started)
        let condition = try #require(actions.journal.first { $0.node == "big" })
        #expect(condition.type == "condition")
        #expect(condition.decision == "took 'false' to 'tax'")
        #expect(condition.visit == 1)
        #expect(condition.at == t0)
    }

    @Test func aConditionThatCannotBeEvaluatedFailsTheRunWithTheReason() throws {
        let text = """
        {"nodes": [{"id": "start", "type": "start"}, {"id": "check", "type": "condition", "expression": "payment.amount"}, {"id": "done", "type": "end"}],
         "edges": [{"from": "start", "to": "check"}, {"from": "check", "to": "done", "on": "true"}, {"from": "check", "to": "done", "on": "false"}]}
        """
        var run = Run(json: text)
        let actions = try run.send(.started)
        #expect(actions.failures == ["the condition of node 'check' could not be evaluated: noSuchOverload error: condition evaluated to 'int', expected 'bool'"])
        #expect(actions.events == ["run.started", "run.failed"])
        #expect(run.state.status.name == "failed")
    }

    @Test func aJournalEntryReadsAsJSONWithItsInstantInRFC3339() throws {
        var run = Run(context: paymentContext(amount: 100_000))
        let entry = try #require(try run.send(.started).journal.first { $0.node == "big" })
        #expect(JSONWriter.string(entry.jsonValue) == #"{"node":"big","type":"condition","visit":1,"attempt":0,"kind":"finished","outcome":"false","decision":"took 'false' to 'tax'","reason":"`payment.amount > 5000000` is false","at":"2026-11-29T12:00:00.000Z","detail":null}"#)
    }

    @Test func theSameEventsAlwaysGiveTheSameStateAndActions() throws {
        var first = Run()
        var second = Run()
        for event in [RunEvent.started, vote("apr_cfo"), vote("apr_ctl"), .stepFailed(node: "tax", reason: "x", retryable: true)] {
            #expect(try first.send(event) == second.send(event))
        }
        #expect(first.state == second.state)
    }

    @Test func aRunStateSurvivesStorageAsJSON() throws {
        var run = Run()
        try run.send(.started)
        try run.send(vote("apr_cfo"))
        let data = try JSONEncoder().encode(run.state)
        #expect(try JSONDecoder().decode(RunState.self, from: data) == run.state)
    }
}
