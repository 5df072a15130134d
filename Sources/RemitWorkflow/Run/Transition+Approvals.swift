import RemitCore

extension Transition {
    /// Enters an approval: resolves its approvers, checks the quorum, asks them.
    mutating func beginApproval(_ node: WorkflowNode, _ spec: ApprovalSpec) {
        let approvers = ApprovalResolution.resolve(spec.approvers, approvers: machine.context.approvers, department: machine.context.department)
        let quorum = spec.quorum ?? approvers.count
        guard !approvers.isEmpty else {
            return fail("approval '\(node.id)' resolves to no approvers for this payment")
        }
        guard let tally = ApprovalTally(approvers: approvers.map(\.id), quorum: quorum, mode: spec.mode) else {
            return fail("approval '\(node.id)' needs \(quorum) approvals but resolves to \(approvers.count) approver\(approvers.count == 1 ? "" : "s")")
        }
        let deadline = spec.timeout.map { later(by: $0.milliseconds) }
        state.approval = OpenApproval(node: node.id, visit: state.visit(of: node.id), tally: tally, approvers: approvers, deadline: deadline)
        state.status = .awaitingApproval
        journal("waiting", node: node, decision: "asked for \(quorum) of \(approvers.count) approvals",
                reason: "\(spec.mode.rawValue) approval", detail: .object([("approvers", .strings(approvers.map(\.id)))]))
        requestAwaited()
        if let deadline { actions.append(.scheduleWake(at: deadline)) }
    }

    /// Asks the approvers the tally now waits for.
    private mutating func requestAwaited() {
        guard let open = state.approval else { return }
        let awaited = open.tally.awaited
        let records = open.approvers.filter { awaited.contains($0.id) }
        guard !records.isEmpty else { return }
        actions.append(.requestApprovals(ApprovalRequest(
            node: open.node, visit: open.visit, approvers: records, mode: open.tally.mode, quorum: open.tally.quorum,
            deadline: open.deadline, idempotencyKey: "\(state.runID):\(open.node):\(open.visit)")))
        emit("approval.requested", [("approvers", .strings(records.map(\.id)))])
    }

    /// `voteCast`: counts a vote on the open approval, or records a late one.
    mutating func vote(_ vote: ApprovalVote) throws(WorkflowError) {
        if var open = state.approval, state.status == .awaitingApproval, open.node == vote.node, vote.visit == nil || vote.visit == open.visit {
            let result = open.tally.record(approverID: vote.approverID, approve: vote.approve)
            try countVote(vote, result: result, open: open)
            return
        }
        let closed = state.closedApprovals.last { $0.node == vote.node && (vote.visit == nil || vote.visit == $0.visit) }
        guard let closed else { throw reject("there is no approval '\(vote.node.prefix(64))' to vote on") }
        guard closed.tally.approvers.contains(vote.approverID) else {
            throw WorkflowError(.voteRefused, "'\(vote.approverID.prefix(64))' is not an approver of '\(vote.node)'")
        }
        let node = definition.node(vote.node)
        journal("late_vote", node: node, decision: "recorded, changes nothing",
                reason: "\(vote.approverID) voted \(vote.approve ? "approve" : "reject") after the approval was \(closed.tally.decision.map(\.rawValue) ?? "closed")",
                detail: vote.comment.map { .object([("comment", .string($0))]) })
    }

    private mutating func countVote(_ vote: ApprovalVote, result: VoteResult, open: OpenApproval) throws(WorkflowError) {
        let node = definition.node(open.node)
        let comment: JSONValue? = vote.comment.map { .object([("comment", .string(String($0.prefix(2_000))))]) }
        switch result {
        case .notAnApprover:
            throw WorkflowError(.voteRefused, "'\(vote.approverID.prefix(64))' is not an approver of '\(open.node)'")
        case .notYourTurn:
            let turn = state.approval?.tally.awaited.first ?? "nobody"
            throw WorkflowError(.voteRefused, "approval '\(open.node)' is sequential and waits for \(turn), not \(vote.approverID.prefix(64))")
        case .duplicate, .late:
            journal("duplicate_vote", node: node, decision: "counted once", reason: "\(vote.approverID) has already voted; the first vote stands", detail: comment)
        case .counted:
            state.approval = open
            journal("vote", node: node, decision: vote.approve ? "approval counted" : "rejection counted",
                    reason: "\(vote.approverID): \(open.tally.approvals) of \(open.tally.quorum) approvals", detail: comment)
            emit(vote.approve ? "approval.approved_by" : "approval.rejected_by", [("approver", .string(vote.approverID))])
            if let decision = open.tally.decision {
                decide(decision)
            } else if open.tally.mode == .sequential {
                // In parallel mode everyone was asked at the start; in sequential mode the
                // next approver is asked only now.
                requestAwaited()
            }
        }
    }

    /// `approvalTimedOut`: the approval's deadline passed.
    mutating func approvalTimedOut() throws(WorkflowError) {
        guard state.status == .awaitingApproval, let open = state.approval else { throw reject("it is not waiting for an approval") }
        guard let deadline = open.deadline else { throw reject("approval '\(open.node)' has no timeout") }
        guard deadline <= now else { throw reject("approval '\(open.node)' times out at \(Timestamp.rfc3339(milliseconds: deadline)), not yet") }
        timeOutApproval()
    }

    mutating func timeOutApproval() {
        guard var open = state.approval, open.tally.timeOut() else { return }
        state.approval = open
        decide(.timedOut)
    }

    /// Closes the open approval with `decision` and takes its edge.
    private mutating func decide(_ decision: ApprovalDecision) {
        guard let open = state.approval, let node = definition.node(open.node) else { return }
        closeOpenApproval()
        let event = switch decision {
        case .approved: "approval.granted"
        case .rejected: "approval.rejected"
        case .timedOut: "approval.timed_out"
        }
        emit(event, [("approvals", .int(open.tally.approvals)), ("rejections", .int(open.tally.rejections))])
        let target = definition.target(of: node.id, on: decision.outcome) ?? "?"
        journal("finished", node: node, outcome: decision.outcome, decision: "took '\(decision.outcome.rawValue)' to '\(target)'",
                reason: "\(open.tally.approvals) approvals and \(open.tally.rejections) rejections of \(open.tally.approvers.count), quorum \(open.tally.quorum)")
        follow(node, decision.outcome)
    }
}
