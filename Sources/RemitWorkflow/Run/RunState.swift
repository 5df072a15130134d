import RemitCore

/// Where one run of a workflow is: the durable state the executor stores after every event.
///
/// It is a plain value, `Codable` so the store can keep it as JSON; ``RunStateMachine`` is the
/// only thing that changes it.
public struct RunState: Sendable, Equatable, Codable {
    /// The run's id; the first part of every idempotency key.
    public let runID: String
    /// The run's status.
    public internal(set) var status: RunStatus
    /// The node the run is at, once started.
    public internal(set) var currentNode: String?
    /// How many times each node has been entered; the current visit's number is the last part
    /// of its idempotency key.
    public internal(set) var visits: [String: Int]
    /// The attempt of the step being executed at the current node (1 for the first), or 0.
    public internal(set) var attempt: Int
    /// Whether an `executeStep` was issued at the current node and no result has come back.
    public internal(set) var stepInFlight: Bool
    /// When the current step is retried, while it waits out its backoff.
    public internal(set) var retryAt: Int64?
    /// The tally of the approval the run is waiting for.
    public internal(set) var approval: OpenApproval?
    /// Approvals already decided, newest last (at most ``RunPolicy/closedApprovalsMax``), so a
    /// late vote can be recognised and recorded.
    public internal(set) var closedApprovals: [ClosedApproval]
    /// Whether a settlement has succeeded; after that the run can no longer be cancelled.
    public internal(set) var settled: Bool
    /// Nodes entered over the whole run; bounded by ``RunPolicy``.
    public internal(set) var nodesEntered: Int
    /// The output of each `custom` step that succeeded, as JSON text by node id (the latest
    /// visit's); nil until one has. Conditions read them as `steps.<node id>`.
    public internal(set) var stepOutputs: [String: String]?

    /// A run that has been created and not started.
    public init(runID: String) {
        self.runID = runID
        status = .created
        currentNode = nil
        visits = [:]
        attempt = 0
        stepInFlight = false
        retryAt = nil
        approval = nil
        closedApprovals = []
        settled = false
        nodesEntered = 0
    }

    /// When the run next needs a `timerFired`, if ever: a retry, the end of a wait, a signal
    /// wait's or an approval's deadline. The store keeps it to find due runs.
    public var wakeAt: Int64? {
        if let retryAt { return retryAt }
        switch status {
        case let .waiting(condition): return condition.until
        case .awaitingApproval: return approval?.deadline
        default: return nil
        }
    }

    /// The outputs of `custom` steps as one JSON object by node id.
    public var stepOutputsJSON: JSONValue {
        .object((stepOutputs ?? [:]).sorted { $0.key < $1.key }.map { item in
            (item.key, (try? JSONParser.parse(item.value)) ?? .null)
        })
    }

    /// The visit number of node `id` (0 before it is entered).
    public func visit(of id: String) -> Int { visits[id, default: 0] }

    /// The idempotency key of the current visit of node `id`: `<runID>:<nodeID>:<visit>`.
    public func idempotencyKey(for id: String) -> String { "\(runID):\(id):\(visit(of: id))" }
}

/// A run's status.
public enum RunStatus: Sendable, Equatable, Codable {
    /// Created, waiting for `started`.
    case created
    /// Executing a step (or waiting out a retry's backoff).
    case running
    /// At a wait node: until an instant, for a signal, or both (a signal with a timeout).
    case waiting(WaitCondition)
    /// At an approval node, waiting for votes.
    case awaitingApproval
    /// Finished at an end node with result `completed`.
    case completed
    /// Finished at an end node with result `rejected`.
    case rejected
    /// Stopped by an error; the reason is in the journal and the `run.failed` event.
    case failed(reason: String)
    /// Stopped by a cancellation before settlement.
    case cancelled

    /// The status's name in the API: `running`, `waiting`, `awaiting_approval`, …
    public var name: String {
        switch self {
        case .created: "created"
        case .running: "running"
        case .waiting: "waiting"
        case .awaitingApproval: "awaiting_approval"
        case .completed: "completed"
        case .rejected: "rejected"
        case .failed: "failed"
        case .cancelled: "cancelled"
        }
    }

    /// Whether the run is over: no event changes it again (late votes are only recorded).
    public var isFinal: Bool {
        switch self {
        case .completed, .rejected, .failed, .cancelled: true
        case .created, .running, .waiting, .awaitingApproval: false
        }
    }
}

/// What a waiting run waits for.
public struct WaitCondition: Sendable, Equatable, Codable {
    /// The instant the wait ends (a duration or `until` wait) or times out (a signal wait).
    public var until: Int64?
    /// The CEL filter a signal must pass, for a signal wait.
    public var signalFilter: String?

    /// Creates a wait condition.
    public init(until: Int64? = nil, signalFilter: String? = nil) {
        self.until = until
        self.signalFilter = signalFilter
    }
}

/// The approval a run is waiting for.
public struct OpenApproval: Sendable, Equatable, Codable {
    /// The approval node.
    public var node: String
    /// Its visit.
    public var visit: Int
    /// The votes so far.
    public var tally: ApprovalTally
    /// The approvers, resolved when the run reached the node.
    public var approvers: [ApproverRecord]
    /// When it times out, if it has a timeout.
    public var deadline: Int64?
}

/// An approval that was decided, kept to recognise late votes.
public struct ClosedApproval: Sendable, Equatable, Codable {
    /// The approval node.
    public var node: String
    /// Its visit.
    public var visit: Int
    /// The final tally.
    public var tally: ApprovalTally
}
