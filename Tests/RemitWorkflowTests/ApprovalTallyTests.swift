import Testing

@testable import RemitWorkflow

/// Records a vote and returns its result (a mutating call cannot sit inside `#expect`).
private func cast(_ tally: inout ApprovalTally, _ approverID: String, _ approve: Bool) -> VoteResult {
    tally.record(approverID: approverID, approve: approve)
}

private func timeOut(_ tally: inout ApprovalTally) -> Bool {
    tally.timeOut()
}

@Suite struct ApprovalTallyTests {
    private func tally(_ n: Int, quorum: Int, _ mode: ApprovalMode = .parallel) -> ApprovalTally {
        ApprovalTally(approvers: (1...n).map { "apr_\($0)" }, quorum: quorum, mode: mode)!
    }

    @Test func twoOfThreeApprovalsDecideAParallelApproval() {
        var votes = tally(3, quorum: 2)
        #expect(cast(&votes, "apr_1", true) == .counted)
        #expect(votes.decision == nil)
        #expect(votes.awaited == ["apr_2", "apr_3"])
        #expect(cast(&votes, "apr_3", true) == .counted)
        #expect(votes.decision == .approved)
        #expect(votes.awaited.isEmpty)
    }

    @Test func aDuplicateVoteCountsOnceEvenWhenItChangesItsMind() {
        var votes = tally(3, quorum: 2)
        #expect(cast(&votes, "apr_1", true) == .counted)
        #expect(cast(&votes, "apr_1", true) == .duplicate)
        #expect(cast(&votes, "apr_1", false) == .duplicate)
        #expect(votes.approvals == 1)
        #expect(votes.rejections == 0)
        #expect(votes.decision == nil)
    }

    @Test func aVoteAfterTheDecisionIsLateAndChangesNothing() {
        var votes = tally(3, quorum: 2)
        _ = votes.record(approverID: "apr_1", approve: true)
        _ = votes.record(approverID: "apr_2", approve: true)
        #expect(cast(&votes, "apr_3", false) == .late)
        #expect(votes.decision == .approved)
        #expect(votes.votes.count == 2)
    }

    @Test func someoneWhoIsNotAnApproverIsRefused() {
        var votes = tally(2, quorum: 1)
        #expect(cast(&votes, "apr_intruder", true) == .notAnApprover)
        #expect(votes.votes.isEmpty)
    }

    @Test func withAllRequiredOneParallelRejectionDecides() {
        var votes = tally(3, quorum: 3)
        _ = votes.record(approverID: "apr_2", approve: true)
        #expect(cast(&votes, "apr_1", false) == .counted)
        #expect(votes.decision == .rejected)
    }

    @Test func aParallelApprovalIsRejectedOnlyOnceItsQuorumIsOutOfReach() {
        var votes = tally(3, quorum: 2)
        _ = votes.record(approverID: "apr_1", approve: false)
        #expect(votes.decision == nil)  // 0 approvals + 2 left can still make 2
        _ = votes.record(approverID: "apr_2", approve: false)
        #expect(votes.decision == .rejected)  // 0 + 1 left < 2
    }

    @Test func aRejectionThenEnoughApprovalsStillApproves() {
        var votes = tally(3, quorum: 2)
        _ = votes.record(approverID: "apr_1", approve: false)
        _ = votes.record(approverID: "apr_2", approve: true)
        _ = votes.record(approverID: "apr_3", approve: true)
        #expect(votes.decision == .approved)
    }

    @Test func aSequentialApprovalAsksOneApproverAtATimeInOrder() {
        var votes = tally(3, quorum: 3, .sequential)
        #expect(votes.awaited == ["apr_1"])
        #expect(cast(&votes, "apr_2", true) == .notYourTurn)
        #expect(cast(&votes, "apr_1", true) == .counted)
        #expect(votes.awaited == ["apr_2"])
        _ = votes.record(approverID: "apr_2", approve: true)
        _ = votes.record(approverID: "apr_3", approve: true)
        #expect(votes.decision == .approved)
    }

    @Test func aSequentialRejectionStopsTheApprovalAtOnce() {
        var votes = tally(3, quorum: 1, .sequential)
        #expect(cast(&votes, "apr_1", false) == .counted)
        #expect(votes.decision == .rejected)
        #expect(votes.awaited.isEmpty)
    }

    @Test func aSequentialApprovalStopsAskingOnceItsQuorumIsIn() {
        var votes = tally(3, quorum: 1, .sequential)
        _ = votes.record(approverID: "apr_1", approve: true)
        #expect(votes.decision == .approved)
        #expect(cast(&votes, "apr_2", true) == .late)
    }

    @Test func aTimeoutDecidesOnlyAnUndecidedApproval() {
        var open = tally(2, quorum: 2)
        #expect(timeOut(&open))
        #expect(open.decision == .timedOut)
        #expect(open.decision?.outcome == .timeout)
        var done = tally(1, quorum: 1)
        _ = done.record(approverID: "apr_1", approve: true)
        #expect(!timeOut(&done))
        #expect(done.decision == .approved)
    }

    @Test func aQuorumOutsideOneToNIsNotATally() {
        #expect(ApprovalTally(approvers: ["a", "b"], quorum: 3, mode: .parallel) == nil)
        #expect(ApprovalTally(approvers: ["a"], quorum: 0, mode: .parallel) == nil)
        #expect(ApprovalTally(approvers: [], quorum: 1, mode: .parallel) == nil)
        // The same person listed twice is one approver.
        #expect(ApprovalTally(approvers: ["a", "a"], quorum: 2, mode: .parallel) == nil)
    }
}

@Suite struct ApprovalResolutionTests {
    private let people = [
        ApproverRecord(id: "apr_cfo", email: "cfo@acme.example", roles: ["cfo"], department: nil),
        ApproverRecord(id: "apr_ctl", email: "ctl@acme.example", roles: ["controller", "cfo"], department: "ENG"),
        ApproverRecord(id: "apr_eng", email: "eng@acme.example", roles: [], department: "ENG"),
    ]

    @Test func idsRolesAndTheDepartmentResolveInOrderEachPersonOnce() {
        let resolved = ApprovalResolution.resolve([.role("cfo"), .id("apr_cfo"), .department], approvers: people, department: "ENG")
        #expect(resolved.map(\.id) == ["apr_cfo", "apr_ctl", "apr_eng"])
    }

    @Test func anUnknownIdOrAMissingDepartmentResolvesToNobody() {
        #expect(ApprovalResolution.resolve([.id("apr_gone"), .department], approvers: people, department: nil).isEmpty)
    }
}

@Suite struct BackoffTests {
    @Test func theWindowDoublesEachAttemptUpToTheMaximum() {
        #expect(Backoff.delay(attempt: 1, base: 1_000, max: 60_000, jitter: 0.999_999) == 999)
        #expect(Backoff.delay(attempt: 3, base: 1_000, max: 60_000, jitter: 0.5) == 2_000)
        #expect(Backoff.delay(attempt: 10, base: 1_000, max: 60_000, jitter: 0.5) == 30_000)
    }

    @Test func fullJitterSpreadsTheDelayFromZeroToTheWindow() {
        #expect(Backoff.delay(attempt: 2, base: 1_000, max: 60_000, jitter: 0) == 0)
        #expect(Backoff.delay(attempt: 2, base: 1_000, max: 60_000, jitter: 0.25) == 500)
        #expect(Backoff.delay(attempt: 2, base: 1_000, max: 60_000, jitter: 1) == 2_000)
    }

    @Test func outOfRangeInputsNeitherOverflowNorGoNegative() {
        #expect(Backoff.delay(attempt: 500, base: 1_000, max: 300_000, jitter: 1) == 300_000)
        #expect(Backoff.delay(attempt: 64, base: .max, max: .max, jitter: 1) == .max)
        #expect(Backoff.delay(attempt: 0, base: 1_000, max: 60_000, jitter: 2) == 1_000)
        #expect(Backoff.delay(attempt: 1, base: 1_000, max: 60_000, jitter: -1) == 0)
        #expect(Backoff.delay(attempt: 1, base: 1_000, max: 60_000, jitter: .nan) == 0)
    }
}
