import RemitCore

/// What the executor must do after an event, in order, in the same transaction as the new
/// state where it is a write (journal, outbox, events), and after the commit where it is an
/// effect (a step's execution).
public enum RunAction: Sendable, Equatable {
    /// Execute a step outside the machine (`tax`, `settle`) and report `stepSucceeded` or `stepFailed`.
    case executeStep(StepRequest)
    /// Deliver `timerFired` at (or after) this instant, in milliseconds since 1970.
    case scheduleWake(at: Int64)
    /// Ask these approvers to vote (the outbox sends them their links).
    case requestApprovals(ApprovalRequest)
    /// Send a notification through the outbox.
    case notify(NotifyMessage)
    /// Append an entry to the run's journal.
    case journal(JournalEntry)
    /// The run finished at an end node.
    case complete(EndResult)
    /// The run stopped with this reason.
    case fail(reason: String)
    /// Record a tenant event (and deliver it to webhooks): `approval.requested`, `payment.settled`, …
    case emitEvent(name: String, payload: JSONValue)
}

/// A step for the executor to run.
public struct StepRequest: Sendable, Equatable {
    /// The node.
    public var node: String
    /// Its type (`tax`, `settle`).
    public var type: String
    /// Which attempt this is, from 1.
    public var attempt: Int
    /// `<runID>:<nodeID>:<visit>`: the same for every attempt of one visit, so the effect
    /// (a charge, a write) happens once however often it is retried.
    public var idempotencyKey: String
}

/// Approvers to ask.
public struct ApprovalRequest: Sendable, Equatable {
    /// The approval node.
    public var node: String
    /// Its visit.
    public var visit: Int
    /// Whom to ask now: all of them in parallel mode, the next one in sequential mode.
    public var approvers: [ApproverRecord]
    /// How they are asked.
    public var mode: ApprovalMode
    /// Approvals needed.
    public var quorum: Int
    /// When the approval times out, if it does.
    public var deadline: Int64?
    /// The approval's key, `<runID>:<nodeID>:<visit>`, to create its requests once.
    public var idempotencyKey: String
}

/// A rendered notification for the outbox.
public struct NotifyMessage: Sendable, Equatable {
    /// The notify node.
    public var node: String
    /// Where it goes.
    public var channel: NotifyChannel
    /// The outbox key, `<runID>:<nodeID>:<visit>`.
    public var idempotencyKey: String
    /// The rendered text.
    public var text: String
    /// The rendered subject of an email.
    public var subject: String?
    /// Email addresses, for an email.
    public var recipients: [String]
    /// The body to send: Slack's `{"text": …}` for Slack, the event data for a webhook, nil for email.
    public var payload: JSONValue?
    /// Variables that had no value and rendered as nothing.
    public var missingVariables: [String]
}

/// One line of a run's journal: what happened at a node, what was decided and why.
public struct JournalEntry: Sendable, Equatable {
    /// The node, when the entry is about one.
    public var node: String?
    /// The node's type.
    public var type: String?
    /// The node's visit.
    public var visit: Int
    /// The step's attempt (0 for nodes that are not executed by the executor).
    public var attempt: Int
    /// What happened: `entered`, `finished`, `retry_scheduled`, `vote`, `late_vote`, …
    public var kind: String
    /// The outcome taken, when one was.
    public var outcome: Outcome?
    /// What the machine decided, such as "took 'true' to 'alert'".
    public var decision: String
    /// Why, such as "payment.amount > 5000000 is true".
    public var reason: String
    /// When, in milliseconds since 1970.
    public var at: Int64
    /// Data worth keeping: a step's output, a vote's comment.
    public var detail: JSONValue?
}

extension JournalEntry: JSONRepresentable {
    /// The entry as `GET /v1/runs/{id}` shows it; the instant is RFC 3339 UTC with milliseconds.
    public var jsonValue: JSONValue {
        .object([
            ("node", .optional(node)),
            ("type", .optional(type)),
            ("visit", .int(visit)),
            ("attempt", .int(attempt)),
            ("kind", .string(kind)),
            ("outcome", .optional(outcome?.rawValue)),
            ("decision", .string(decision)),
            ("reason", .string(reason)),
            ("at", .string(Timestamp.rfc3339(milliseconds: at))),
            ("detail", detail ?? .null),
        ])
    }
}
