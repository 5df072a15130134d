import RemitCore

/// Something that happened to a run: the executor's report, a timer, a signal, a vote.
public enum RunEvent: Sendable, Equatable {
    /// The run was created with its payment and should begin.
    case started
    /// The executor finished the current step (`tax`, `settle`) with `outcome` and `output`.
    case stepSucceeded(node: String, outcome: Outcome, output: JSONValue)
    /// The executor could not finish the current step. A retryable failure is retried with
    /// backoff up to ``RunPolicy/attemptsMax`` attempts; any other ends the run as failed.
    case stepFailed(node: String, reason: String, retryable: Bool)
    /// A timer the run asked for (`scheduleWake(at:)`) went off. Timers are at least once and
    /// may be early or stale: the machine compares its own deadline with `now`, and an event
    /// that finds nothing due changes nothing.
    case timerFired(at: Int64)
    /// A signal (an ERP or procurement event) for this run's tenant.
    case signalArrived(JSONValue)
    /// An approver voted.
    case voteCast(ApprovalVote)
    /// The current approval's timeout passed (the same as a due `timerFired`).
    case approvalTimedOut
    /// Someone asked to stop the run.
    case cancelRequested(reason: String)

    /// The event's name in the journal.
    public var name: String {
        switch self {
        case .started: "started"
        case .stepSucceeded: "step_succeeded"
        case .stepFailed: "step_failed"
        case .timerFired: "timer_fired"
        case .signalArrived: "signal_arrived"
        case .voteCast: "vote_cast"
        case .approvalTimedOut: "approval_timed_out"
        case .cancelRequested: "cancel_requested"
        }
    }
}

/// One approver's vote on an approval node.
public struct ApprovalVote: Sendable, Equatable {
    /// The approval node voted on.
    public var node: String
    /// The visit voted on; nil means the node's latest visit.
    public var visit: Int?
    /// Who voted.
    public var approverID: String
    /// Whether they approve.
    public var approve: Bool
    /// Their comment, kept in the journal.
    public var comment: String?

    /// Creates a vote.
    public init(node: String, visit: Int? = nil, approverID: String, approve: Bool, comment: String? = nil) {
        self.node = node
        self.visit = visit
        self.approverID = approverID
        self.approve = approve
        self.comment = comment
    }
}
