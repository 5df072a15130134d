/// Counts the votes of one approval step, k of n, and decides it.
///
/// The rules, precisely:
/// - Each approver counts once: their first vote counts, any later vote of theirs is a
///   ``VoteResult/duplicate`` and changes nothing, even if it says the opposite.
/// - **Parallel**: everyone is asked at once. The step is `approved` as soon as k approvals are
///   in. It is `rejected` as soon as k can no longer be reached, that is when
///   `approvals + approvers who have not voted < k`; with k = n (the default) the first
///   rejection decides, with k < n it takes n − k + 1 rejections.
/// - **Sequential**: approvers are asked one at a time in their order. An approval asks the
///   next one, until k approvals are in (`approved`; the rest are not asked). A rejection stops
///   the step at once (`rejected`). Only the approver whose turn it is may vote.
/// - A vote after the step is decided is ``VoteResult/late``: recorded, but it changes nothing.
/// - A vote from someone who is not among the approvers is ``VoteResult/notAnApprover``.
/// - ``timeOut()`` decides an undecided step as `timedOut`.
public struct ApprovalTally: Sendable, Equatable, Codable {
    /// The approver ids, de-duplicated, in the order they are asked.
    public let approvers: [String]
    /// How many approvals decide the step.
    public let quorum: Int
    /// How approvers are asked.
    public let mode: ApprovalMode
    /// The counted votes, in the order they came.
    public private(set) var votes: [CountedVote] = []
    /// The decision, once there is one.
    public private(set) var decision: ApprovalDecision?

    /// Creates a tally, or nil unless 1 ≤ `quorum` ≤ the number of distinct approvers.
    public init?(approvers: [String], quorum: Int, mode: ApprovalMode) {
        var seen = Set<String>()
        let distinct = approvers.filter { seen.insert($0).inserted }
        guard quorum >= 1, quorum <= distinct.count else { return nil }
        self.approvers = distinct
        self.quorum = quorum
        self.mode = mode
    }

    /// The number of approvals counted.
    public var approvals: Int { votes.count { $0.approve } }
    /// The number of rejections counted.
    public var rejections: Int { votes.count { !$0.approve } }

    /// Who is being asked now and has not voted: everyone left in parallel mode, the one whose
    /// turn it is in sequential mode; nobody once decided.
    public var awaited: [String] {
        guard decision == nil else { return [] }
        let voted = Set(votes.map(\.approverID))
        switch mode {
        case .parallel: return approvers.filter { !voted.contains($0) }
        case .sequential: return votes.count < approvers.count ? [approvers[votes.count]] : []
        }
    }

    /// Counts a vote and decides the step when it can.
    public mutating func record(approverID: String, approve: Bool) -> VoteResult {
        guard approvers.contains(approverID) else { return .notAnApprover }
        if votes.contains(where: { $0.approverID == approverID }) { return .duplicate }
        guard decision == nil else { return .late }
        if mode == .sequential, awaited.first != approverID { return .notYourTurn }
        votes.append(CountedVote(approverID: approverID, approve: approve))
        decide()
        return .counted
    }

    /// Decides an undecided step as timed out; returns whether it did.
    public mutating func timeOut() -> Bool {
        guard decision == nil else { return false }
        decision = .timedOut
        return true
    }

    private mutating func decide() {
        if approvals >= quorum {
            decision = .approved
        } else if mode == .sequential, rejections > 0 {
            decision = .rejected
        } else if approvals + (approvers.count - votes.count) < quorum {
            decision = .rejected
        }
    }
}

/// One counted vote.
public struct CountedVote: Sendable, Equatable, Codable {
    /// Who voted.
    public var approverID: String
    /// Whether they approved.
    public var approve: Bool
}

/// How an approval step ended.
public enum ApprovalDecision: String, Sendable, Equatable, Codable {
    /// The quorum was reached.
    case approved
    /// The quorum can no longer be reached, or a sequential approver rejected.
    case rejected
    /// The timeout passed first.
    case timedOut = "timed_out"

    /// The outcome it takes.
    public var outcome: Outcome {
        switch self {
        case .approved: .approved
        case .rejected: .rejected
        case .timedOut: .timeout
        }
    }
}

/// What became of one vote.
public enum VoteResult: Sendable, Equatable {
    /// It counted (and may have decided the step).
    case counted
    /// The approver had already voted; the first vote stands.
    case duplicate
    /// The step was already decided; the vote is recorded and changes nothing.
    case late
    /// The voter is not among the step's approvers.
    case notAnApprover
    /// Sequential mode: it is someone else's turn.
    case notYourTurn
}
