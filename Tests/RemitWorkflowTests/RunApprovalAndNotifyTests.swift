import RemitCore
import Testing

@testable import RemitWorkflow

/// start → sign (an approval with `body`) → done / refused.
private func approvalRun(_ body: String, context: RunContext = paymentContext()) -> Run {
    Run(json: """
    {"nodes": [{"id": "start", "type": "start"}, {"id": "sign", "type": "approval", \(body)},
               {"id": "done", "type": "end"}, {"id": "refused", "type": "end", "result": "rejected"}],
     "edges": [{"from": "start", "to": "sign"}, {"from": "sign", "to": "done", "on": "approved"}, {"from": "sign", "to": "refused", "on": "rejected"}]}
    """, context: context)
}

@Suite struct RunApprovalTests {
    @Test func aSequentialApprovalAsksTheNextApproverOnlyAfterEachApproval() throws {
        var run = approvalRun(#""approvers": [{"id": "apr_ctl"}, {"id": "apr_cfo"}], "mode": "sequential""#)
        let started = try run.send(.started)
        #expect(started.approvalRequests.map { $0.approvers.map(\.id) } == [["apr_ctl"]])
        let refused = run.expectRejected(vote("apr_cfo"), code: .voteRefused)
        #expect(refused?.message.contains("waits for apr_ctl") == true)
        let next = try run.send(vote("apr_ctl"))
        #expect(next.approvalRequests.map { $0.approvers.map(\.id) } == [["apr_cfo"]])
        try run.send(vote("apr_cfo"))
        #expect(run.state.status == .completed)
    }

    @Test func aSequentialRejectionStopsTheApproval() throws {
        var run = approvalRun(#""approvers": [{"id": "apr_ctl"}, {"id": "apr_cfo"}], "mode": "sequential""#)
        try run.send(.started)
        let actions = try run.send(vote("apr_ctl", approve: false))
        #expect(actions.approvalRequests.isEmpty)
        #expect(run.state.status == .rejected)
    }

    @Test func theDepartmentsApproversAreAskedForTheInvoicesDepartment() throws {
        var run = approvalRun(#""approvers": [{"department": true}], "quorum": 1"#)
        let actions = try run.send(.started)
        #expect(actions.approvalRequests.first?.approvers.map(\.id) == ["apr_cfo", "apr_ctl"])
    }

    @Test func anApprovalThatResolvesToNobodyFailsTheRun() throws {
        var run = approvalRun(#""approvers": [{"department": true}]"#, context: paymentContext(department: nil))
        let actions = try run.send(.started)
        #expect(actions.failures == ["approval 'sign' resolves to no approvers for this payment"])
    }

    @Test func aQuorumAboveTheResolvedApproversFailsTheRunAtTheStep() throws {
        var run = approvalRun(#""approvers": [{"role": "cfo"}], "quorum": 2"#)
        let actions = try run.send(.started)
        #expect(actions.failures == ["approval 'sign' needs 2 approvals but resolves to 1 approver"])
    }

    @Test func anApprovalWithoutATimeoutSetsNoTimer() throws {
        var run = approvalRun(#""approvers": [{"id": "apr_cfo"}]"#)
        let actions = try run.send(.started)
        #expect(actions.wakes.isEmpty)
        #expect(run.state.wakeAt == nil)
        let error = run.expectRejected(.approvalTimedOut)
        #expect(error?.message.contains("has no timeout") == true)
    }

    @Test func aVoteForAnotherVisitOrNodeIsNotCounted() throws {
        var run = approvalRun(#""approvers": [{"id": "apr_cfo"}]"#)
        try run.send(.started)
        run.expectRejected(vote("apr_cfo", visit: 2))
        run.expectRejected(vote("apr_cfo", node: "other"))
        try run.send(vote("apr_cfo", visit: 1))
        #expect(run.state.status == .completed)
    }

    @Test func aLateVoteFromSomeoneWhoWasNeverAskedIsRefused() throws {
        var run = approvalRun(#""approvers": [{"id": "apr_cfo"}]"#)
        try run.send(.started)
        try run.send(vote("apr_cfo"))
        run.expectRejected(vote("apr_ceo"), code: .voteRefused)
    }

    @Test func cancellingDuringAnApprovalMakesLaterVotesLate() throws {
        var run = approvalRun(#""approvers": [{"id": "apr_cfo"}, {"id": "apr_ctl"}]"#)
        try run.send(.started)
        try run.send(.cancelRequested(reason: "duplicate invoice"))
        #expect(run.state.approval == nil)
        let late = try run.send(vote("apr_ctl"))
        #expect(late.journal.map(\.kind) == ["late_vote"])
        #expect(run.state.status == .cancelled)
    }

    @Test func aVoteCommentIsKeptInTheJournal() throws {
        var run = approvalRun(#""approvers": [{"id": "apr_cfo"}, {"id": "apr_ctl"}]"#)
        try run.send(.started)
        let actions = try run.send(.voteCast(ApprovalVote(node: "sign", approverID: "apr_cfo", approve: true, comment: "ok for Q4")))
        #expect(actions.journal.first?.detail == json(#"{"comment": "ok for Q4"}"#))
    }
}

@Suite struct RunNotifyTests {
    private func notifyRun(_ body: String, context: RunContext = paymentContext()) -> Run {
        Run(json: """
        {"nodes": [{"id": "start", "type": "start"}, {"id": "tell", "type": "notify", \(body)}, {"id": "done", "type": "end"}],
         "edges": [{"from": "start", "to": "tell"}, {"from": "tell", "to": "done"}]}
        """, context: context)
    }

    @Test func slackMessagesEscapeTheValuesTheyShow() throws {
        var run = notifyRun(#""channel": "slack", "template": "Memo: {{invoice.memo}}""#)
        let message = try #require(try run.send(.started).messages.first)
        #expect(message.text == "Memo: &lt;!here&gt; urgent")
        #expect(message.payload == SlackMessage.payload(text: "Memo: &lt;!here&gt; urgent"))
    }

    @Test func aMissingVariableRendersEmptyAndIsReportedButTheRunGoesOn() throws {
        var run = notifyRun(#""channel": "webhook", "template": "Cost center {{invoice.cost_center}}""#)
        let actions = try run.send(.started)
        #expect(actions.messages.first?.text == "Cost center ")
        #expect(actions.messages.first?.missingVariables == ["invoice.cost_center"])
        #expect(actions.journal.first { $0.node == "tell" }?.reason == "message rendered; empty variables: invoice.cost_center")
        #expect(run.state.status == .completed)
    }

    @Test func anEmailGoesToTheLiteralAddressOrToEveryApproverWithTheRole() throws {
        var literal = notifyRun(#""channel": "email", "to": "ap@acme.example", "subject": "Paid {{invoice.number}}", "template": "Done""#)
        let message = try #require(try literal.send(.started).messages.first)
        #expect(message.recipients == ["ap@acme.example"])
        #expect(message.subject == "Paid INV-7")
        var byRole = notifyRun(#""channel": "email", "to": {"role": "controller"}, "subject": "s", "template": "t""#)
        #expect(try byRole.send(.started).messages.first?.recipients == ["ctl@acme.example"])
    }

    @Test func anEmailToARoleNobodyHasIsSkippedAndJournaled() throws {
        var run = notifyRun(#""channel": "email", "to": {"role": "auditor"}, "subject": "s", "template": "t""#)
        let actions = try run.send(.started)
        #expect(actions.messages.isEmpty)
        #expect(actions.journal.first { $0.node == "tell" }?.decision == "sent nothing")
        #expect(run.state.status == .completed)
    }

    @Test func templatesSeeTheRunAndTheLatestApproval() throws {
        var run = Run(json: """
        {"nodes": [{"id": "start", "type": "start"}, {"id": "sign", "type": "approval", "approvers": [{"id": "apr_cfo"}]},
                   {"id": "tell", "type": "notify", "channel": "webhook", "template": "{{run.id}}: {{approval.decision}} by {{approval.approvals}}"},
                   {"id": "done", "type": "end"}],
         "edges": [{"from": "start", "to": "sign"}, {"from": "sign", "to": "tell", "on": "approved"}, {"from": "sign", "to": "done", "on": "rejected"},
                   {"from": "tell", "to": "done"}]}
        """)
        try run.send(.started)
        let actions = try run.send(vote("apr_cfo"))
        #expect(actions.messages.first?.text == "run_1: approved by 1")
    }

    @Test func aLongMessageIsCutToThePolicysBound() throws {
        var run = Run(json: """
        {"nodes": [{"id": "start", "type": "start"}, {"id": "tell", "type": "notify", "channel": "webhook", "template": "{{invoice.memo}}{{invoice.memo}}"}, {"id": "done", "type": "end"}],
         "edges": [{"from": "start", "to": "tell"}, {"from": "tell", "to": "done"}]}
        """, policy: RunPolicy(messageLengthMax: 10))
        #expect(try run.send(.started).messages.first?.text.count == 10)
    }
}
