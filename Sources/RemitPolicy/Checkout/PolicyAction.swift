import RemitCore

/// Who must approve a payment that a rule sends to approval.
public enum ApproverRef: Sendable, Hashable {
    /// One approver by id: `{"id": "apr_x"}`.
    case id(String)
    /// Every approver holding a role the buyer defined: `{"role": "cfo"}`.
    case role(String)
    /// The approvers of the invoice's department: `{"department": true}`.
    case department

    /// The approver as the policy language writes it.
    public var jsonValue: JSONValue {
        switch self {
        case let .id(id): .object([("id", .string(id))])
        case let .role(role): .object([("role", .string(role))])
        case .department: .object([("department", .bool(true))])
        }
    }
}

/// Whether approvers decide at once or one after another.
public enum ApprovalOrder: String, Sendable, CaseIterable {
    /// All asked at once; the quorum of yes answers approves.
    case parallel
    /// Asked in the listed order, each after the previous one approved.
    case sequential
}

/// Where a `notify` action sends its message.
public enum NotifyChannel: String, Sendable, CaseIterable {
    /// The tenant's Slack channel.
    case slack
    /// The tenant's webhook endpoints.
    case webhook
    /// E-mail to the buyer's approvers (recorded in the outbox).
    case email
}

/// What a rule does when its `when` is true. Each case is a JSON object with a `type`.
public enum PolicyAction: Sendable, Equatable {
    /// `{"type": "hide_methods", "methods": [...]}`: the methods are not offered.
    case hideMethods([PaymentMethod])
    /// `{"type": "show_methods", "methods": [...]}`: the methods are offered again.
    case showMethods([PaymentMethod])
    /// `{"type": "highlight_method", "method": ...}`: the method is recommended.
    case highlightMethod(PaymentMethod)
    /// `{"type": "set_default_method", "method": ...}`: the method is preselected.
    case setDefaultMethod(PaymentMethod)
    /// `{"type": "require_approval", "quorum": 2, "approvers": [...], "order": "parallel"}`:
    /// the payment waits for `quorum` approvals.
    case requireApproval(quorum: Int, approvers: [ApproverRef], order: ApprovalOrder)
    /// `{"type": "require_fields", "fields": [...]}`: the payment must carry these custom fields.
    case requireFields([String])
    /// `{"type": "notify", "channel": "slack", "template": "..."}`: a message is sent.
    case notify(channel: NotifyChannel, template: String)
    /// `{"type": "surcharge", "bps": 150}`: the buyer pays this share more.
    case surcharge(basisPoints: Int)
    /// `{"type": "discount", "bps": 200}`: the buyer pays this share less.
    case discount(basisPoints: Int)
    /// `{"type": "block", "reason": "..."}`: the buyer may not pay by any method.
    case block(reason: String)
    /// `{"type": "call_module", "module": "mod_…", "version": 2, "on_error": "skip"}`: the
    /// tenant's WebAssembly module decides; its output's `actions` are applied as this rule's.
    case callModule(ModuleCallSpec)

    /// The `type` names, in the order the documentation lists them.
    public static let typeNames = [
        "hide_methods", "show_methods", "highlight_method", "set_default_method", "require_approval",
        "require_fields", "notify", "surcharge", "discount", "block", "call_module",
    ]

    /// The action types a module's output may contain: what changes the offer and the price.
    /// Approvals, required fields and notifications stay in the policy, where they are
    /// checked against the tenant's approvers and schema and reviewed by a person.
    public static let moduleActionTypes: Set<String> = [
        "hide_methods", "show_methods", "highlight_method", "set_default_method", "surcharge", "discount", "block",
    ]

    /// The action's `type`.
    public var typeName: String {
        switch self {
        case .hideMethods: "hide_methods"
        case .showMethods: "show_methods"
        case .highlightMethod: "highlight_method"
        case .setDefaultMethod: "set_default_method"
        case .requireApproval: "require_approval"
        case .requireFields: "require_fields"
        case .notify: "notify"
        case .surcharge: "surcharge"
        case .discount: "discount"
        case .block: "block"
        case .callModule: "call_module"
        }
    }

    /// The action as the policy language writes it.
    public var jsonValue: JSONValue {
        let type = ("type", JSONValue.string(typeName))
        switch self {
        case let .hideMethods(methods), let .showMethods(methods):
            return .object([type, ("methods", .strings(methods.map(\.rawValue)))])
        case let .highlightMethod(method), let .setDefaultMethod(method):
            return .object([type, ("method", .string(method.rawValue))])
        case let .requireApproval(quorum, approvers, order):
            return .object([type, ("quorum", .int(quorum)), ("approvers", .array(approvers.map(\.jsonValue))),
                            ("order", .string(order.rawValue))])
        case let .requireFields(fields):
            return .object([type, ("fields", .strings(fields))])
        case let .notify(channel, template):
            return .object([type, ("channel", .string(channel.rawValue)), ("template", .string(template))])
        case let .surcharge(bps), let .discount(bps):
            return .object([type, ("bps", .int(bps))])
        case let .block(reason):
            return .object([type, ("reason", .string(reason))])
        case let .callModule(spec):
            var members: [(key: String, value: JSONValue)] = [type, ("module", .string(spec.module))]
            if let version = spec.version { members.append(("version", .int(version))) }
            members.append(("on_error", .string(spec.onError.rawValue)))
            return .object(members)
        }
    }
}

/// Which module a `call_module` action runs and what a failure does.
public struct ModuleCallSpec: Sendable, Equatable, Hashable {
    /// What a failed module call does to the decision.
    public enum OnError: String, Sendable, CaseIterable {
        /// The rule's module actions are left out; the failure is listed in `rule_errors`. The default.
        case skip
        /// Checkout is blocked, so no buyer pays on a decision the tenant's code did not make.
        case block
    }

    /// The module's id, `mod_…`.
    public var module: String
    /// The version to run; nil runs the latest.
    public var version: Int?
    /// What a failure does.
    public var onError: OnError

    /// Creates a module call.
    public init(module: String, version: Int? = nil, onError: OnError = .skip) {
        self.module = module
        self.version = version
        self.onError = onError
    }
}
