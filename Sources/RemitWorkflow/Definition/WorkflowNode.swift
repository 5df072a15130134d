import RemitCore

/// One step of a workflow: an id unique within the definition and what the step does.
public struct WorkflowNode: Sendable, Equatable {
    /// The node's id, such as `approve_cfo`: a letter, then letters, digits, `_` or `-`.
    public var id: String
    /// What the step does, with its settings.
    public var kind: Kind

    /// Creates a node.
    public init(id: String, kind: Kind) {
        self.id = id
        self.kind = kind
    }

    /// What a step does.
    public enum Kind: Sendable, Equatable {
        /// Where every run begins; exactly one per definition.
        case start
        /// Where a run ends, with its result.
        case end(EndResult)
        /// A CEL expression over `invoice`, `buyer`, `payment`, `context` and `now`.
        case condition(expression: String)
        /// Votes from people, k of n.
        case approval(ApprovalSpec)
        /// A message to Slack, a webhook endpoint or an email address.
        case notify(NotifySpec)
        /// A pause: for a duration, until an instant, or until a signal.
        case wait(WaitSpec)
        /// Tax from the tenant's table, for the buyer's country unless a jurisdiction is given.
        case tax(jurisdiction: String?)
        /// Moving the money over the payment's rail.
        case settle
        /// Tenant code: a WebAssembly module run in the sandbox, whose JSON output is kept as
        /// `steps.<node id>` for later conditions.
        case custom(CustomSpec)
        /// A write to the buyer's or tenant's ERP; parsed, but not accepted yet.
        case erpSync(config: JSONValue)

        /// The `type` as written in JSON.
        public var typeName: String {
            switch self {
            case .start: "start"
            case .end: "end"
            case .condition: "condition"
            case .approval: "approval"
            case .notify: "notify"
            case .wait: "wait"
            case .tax: "tax"
            case .settle: "settle"
            case .custom: "custom"
            case .erpSync: "erp_sync"
            }
        }

        /// Every `type` a node may have.
        public static let typeNames = ["start", "end", "condition", "approval", "notify", "wait", "tax", "settle", "custom", "erp_sync"]
    }

    /// The outcomes that must each be wired exactly once.
    public var requiredOutcomes: Set<Outcome> {
        switch kind {
        case .start, .notify, .tax, .custom, .erpSync: [.next]
        case .end: []
        case .condition: [.whenTrue, .whenFalse]
        case let .approval(spec): spec.timeout == nil ? [.approved, .rejected] : [.approved, .rejected, .timeout]
        case let .wait(spec):
            if case .signal(_, timeout: .some) = spec { [.next, .timeout] } else { [.next] }
        case .settle: [.settled]
        }
    }

    /// The outcomes that may be wired but need not be.
    public var optionalOutcomes: Set<Outcome> {
        switch kind {
        case .settle, .custom: return [.failed]
        default: return []
        }
    }
}

/// The settings of a `custom` node: which of the tenant's modules it runs.
public struct CustomSpec: Sendable, Equatable {
    /// The module's id, `mod_…`.
    public var module: String
    /// The module version to run; nil runs the latest version when the step executes.
    public var version: Int?

    /// Creates custom-node settings.
    public init(module: String, version: Int? = nil) {
        self.module = module
        self.version = version
    }
}

/// How a run that reaches an `end` node finishes.
public enum EndResult: String, Sendable, Equatable, CaseIterable, Codable {
    /// The payment went through the workflow; the default.
    case completed
    /// The workflow turned the payment down.
    case rejected
}

/// The settings of an `approval` node.
public struct ApprovalSpec: Sendable, Equatable {
    /// Who may vote, in the order a sequential approval asks them.
    public var approvers: [ApproverSpec]
    /// How many approvals are needed; nil means all of them.
    public var quorum: Int?
    /// Whether everyone is asked at once or one after another.
    public var mode: ApprovalMode
    /// How long to wait for the quorum before taking the `timeout` edge.
    public var timeout: WorkflowDuration?

    /// Creates approval settings.
    public init(approvers: [ApproverSpec], quorum: Int? = nil, mode: ApprovalMode = .parallel, timeout: WorkflowDuration? = nil) {
        self.approvers = approvers
        self.quorum = quorum
        self.mode = mode
        self.timeout = timeout
    }
}

/// Who an approval asks.
public enum ApproverSpec: Sendable, Equatable, Hashable {
    /// One approver by id (`apr_…`).
    case id(String)
    /// Every approver of the buyer with this role, such as `cfo`.
    case role(String)
    /// The approvers of the invoice's department.
    case department
}

/// How an approval asks its approvers.
public enum ApprovalMode: String, Sendable, Equatable, CaseIterable, Codable {
    /// Everyone at once; the first k approvals decide.
    case parallel
    /// One at a time, in the order written; a rejection stops the approval.
    case sequential
}

/// The settings of a `notify` node.
public struct NotifySpec: Sendable, Equatable {
    /// Where the message goes.
    public var channel: NotifyChannel
    /// The message text with `{{path}}` variables.
    public var template: String
    /// The recipient of an email.
    public var to: EmailRecipient?
    /// The subject of an email, with `{{path}}` variables.
    public var subject: String?

    /// Creates notify settings.
    public init(channel: NotifyChannel, template: String, to: EmailRecipient? = nil, subject: String? = nil) {
        self.channel = channel
        self.template = template
        self.to = to
        self.subject = subject
    }
}

/// Where a notification goes.
public enum NotifyChannel: String, Sendable, Equatable, CaseIterable, Codable {
    /// The tenant's Slack incoming webhook.
    case slack
    /// A signed webhook event to the tenant's endpoint.
    case webhook
    /// An email, recorded in the outbox.
    case email
}

/// Who receives an email.
public enum EmailRecipient: Sendable, Equatable {
    /// A literal address.
    case address(String)
    /// Every approver of the buyer with this role.
    case role(String)
}

/// The settings of a `wait` node: exactly one kind of wait.
public enum WaitSpec: Sendable, Equatable {
    /// A fixed time from when the run reaches the node.
    case duration(WorkflowDuration)
    /// Until the instant a CEL expression returns, such as the invoice's due date.
    case until(expression: String)
    /// Until a signal arrives for which `filter` (CEL over `signal`) is true, or `timeout` passes.
    case signal(filter: String, timeout: WorkflowDuration?)
}
