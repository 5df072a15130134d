import RemitCore

/// A rule that caused an effect: its id and the tenant's description of it.
public struct RuleReason: Sendable, Equatable {
    /// The rule's id.
    public var ruleID: String
    /// The rule's description.
    public var description: String

    /// Creates a reason.
    public init(ruleID: String, description: String) {
        self.ruleID = ruleID
        self.description = description
    }

    var jsonValue: JSONValue { .object([("rule_id", .string(ruleID)), ("description", .string(description))]) }
}

/// Something about one rule that the tenant should know: a `when` that failed to evaluate,
/// or an effect that could not take hold.
public struct RuleMessage: Sendable, Equatable {
    /// The rule's id.
    public var ruleID: String
    /// What happened; never contains binding values.
    public var message: String

    /// Creates a message.
    public init(ruleID: String, message: String) {
        self.ruleID = ruleID
        self.message = message
    }

    var jsonValue: JSONValue { .object([("rule_id", .string(ruleID)), ("message", .string(message))]) }
}

/// How checkout presents a method.
public enum MethodVisibility: String, Sendable, CaseIterable {
    /// Not offered.
    case hidden
    /// Offered.
    case shown
    /// Offered and recommended.
    case highlighted
    /// Offered and preselected (whether or not also highlighted).
    case `default`
}

/// One offered method and what the policy decided about it.
public struct MethodDecision: Sendable, Equatable {
    /// The method.
    public var method: PaymentMethod
    /// Its label from the catalog.
    public var label: String
    /// How soon it settles.
    public var speed: SettlementSpeed
    /// What it costs the supplier for this amount, in minor units.
    public var fee: Int64
    /// How checkout presents it; `default` outranks `highlighted`.
    public var visibility: MethodVisibility
    /// Whether it is recommended (also true when it is the default and highlighted).
    public var isHighlighted: Bool
    /// Whether it is preselected.
    public var isDefault: Bool
    /// Every rule that hid, showed, highlighted or preselected it, in order.
    public var reasons: [RuleReason]
}

/// An approval step a rule adds to the payment's workflow.
public struct InjectedApproval: Sendable, Equatable {
    /// The rule that asked for it.
    public var ruleID: String
    /// How many approvals it needs.
    public var quorum: Int
    /// Who may approve.
    public var approvers: [ApproverRef]
    /// All at once or one after another.
    public var order: ApprovalOrder
    /// The invoice's department (`invoice.department`) when a `department` approver is listed
    /// and the invoice has one.
    public var department: String?
    /// The rule, with its description.
    public var reasons: [RuleReason]
}

/// A custom field the payment must carry.
public struct RequiredField: Sendable, Equatable {
    /// The field's name.
    public var name: String
    /// Every rule that asked for it.
    public var reasons: [RuleReason]
}

/// A message a rule sends when the decision is acted on.
public struct InjectedNotification: Sendable, Equatable {
    /// Where it goes.
    public var channel: NotifyChannel
    /// The message template, rendered by the workflow.
    public var template: String
    /// The rule that sends it.
    public var reasons: [RuleReason]
}

/// A surcharge or discount: the summed basis points of every matching rule, capped at 10,000,
/// and the resulting amount in minor units.
public struct PriceAdjustment: Sendable, Equatable {
    /// The basis points, from 0 to 10,000.
    public var basisPoints: Int
    /// `amount × basisPoints ÷ 10,000`, rounded half-even to a minor unit.
    public var amount: Int64
    /// Every rule that contributed.
    public var reasons: [RuleReason]

    /// Creates an adjustment.
    public init(basisPoints: Int, amount: Int64, reasons: [RuleReason]) {
        self.basisPoints = basisPoints
        self.amount = amount
        self.reasons = reasons
    }

    /// No adjustment.
    public static let none = PriceAdjustment(basisPoints: 0, amount: 0, reasons: [])
}

/// Why checkout offers no method at all.
public struct Block: Sendable, Equatable {
    /// The reason the rule gives; shown to the buyer.
    public var reason: String
    /// The rule that blocked.
    public var reasons: [RuleReason]
}

/// What a policy decided for one buyer, invoice and amount.
public struct CheckoutDecision: Sendable, Equatable {
    /// Every offered method in display order, hidden ones included.
    public var methods: [MethodDecision]
    /// Approval steps to add to the payment's workflow, in rule order.
    public var injectedApprovals: [InjectedApproval]
    /// Custom fields the payment must carry, in the order first asked for.
    public var requiredFields: [RequiredField]
    /// Messages to send, in rule order.
    public var notifications: [InjectedNotification]
    /// What the buyer pays on top of the amount.
    public var surcharge: PriceAdjustment
    /// What the buyer pays less.
    public var discount: PriceAdjustment
    /// Set when a rule blocked payment: then every method is hidden.
    public var block: Block?
    /// Rules whose `when` failed to evaluate; they were skipped.
    public var ruleErrors: [RuleMessage]
    /// Effects that could not take hold, such as a default method that is hidden.
    public var warnings: [RuleMessage]
    /// The ids of the rules whose `when` was true, in order.
    public var matchedRules: [String]

    /// The reason payment is blocked, when it is.
    public var blocked: String? { block?.reason }

    /// The methods the buyer may choose from.
    public var offeredMethods: [MethodDecision] { methods.filter { $0.visibility != .hidden } }

    /// The preselected method, if any.
    public var defaultMethod: PaymentMethod? { methods.first(where: \.isDefault)?.method }

    /// The decision as JSON. For the buyer: only offered methods, with no fees, reasons or
    /// rule details. For the tenant: every method (hidden ones with `"visibility": "hidden"`),
    /// fees, reasons, approvals, notifications, errors and matched rules.
    public func jsonValue(forBuyer: Bool) -> JSONValue {
        forBuyer ? buyerJSON : tenantJSON
    }

    private var buyerJSON: JSONValue {
        let methods = offeredMethods.map { method in
            JSONValue.object([
                ("method", .string(method.method.rawValue)), ("label", .string(method.label)),
                ("speed", .string(method.speed.rawValue)), ("visibility", .string(method.visibility.rawValue)),
                ("highlighted", .bool(method.isHighlighted)), ("default", .bool(method.isDefault)),
            ])
        }
        return .object([
            ("methods", .array(methods)),
            ("default_method", .optional(defaultMethod?.rawValue)),
            ("approval_required", .bool(!injectedApprovals.isEmpty)),
            ("required_fields", .strings(requiredFields.map(\.name))),
            ("surcharge", .object([("bps", .int(surcharge.basisPoints)), ("amount", .int(surcharge.amount))])),
            ("discount", .object([("bps", .int(discount.basisPoints)), ("amount", .int(discount.amount))])),
            ("blocked", block.map { JSONValue.object([("reason", .string($0.reason))]) } ?? .null),
        ])
    }

    private var tenantJSON: JSONValue {
        func reasons(_ list: [RuleReason]) -> (key: String, value: JSONValue) { ("reasons", .array(list.map(\.jsonValue))) }
        func adjustment(_ value: PriceAdjustment) -> JSONValue {
            .object([("bps", .int(value.basisPoints)), ("amount", .int(value.amount)), reasons(value.reasons)])
        }
        let methods = methods.map { method in
            JSONValue.object([
                ("method", .string(method.method.rawValue)), ("label", .string(method.label)),
                ("speed", .string(method.speed.rawValue)), ("fee", .int(method.fee)),
                ("visibility", .string(method.visibility.rawValue)),
                ("highlighted", .bool(method.isHighlighted)), ("default", .bool(method.isDefault)), reasons(method.reasons),
            ])
        }
        let approvals = injectedApprovals.map { approval in
            JSONValue.object([
                ("rule_id", .string(approval.ruleID)), ("quorum", .int(approval.quorum)),
                ("approvers", .array(approval.approvers.map(\.jsonValue))), ("order", .string(approval.order.rawValue)),
                ("department", .optional(approval.department)), reasons(approval.reasons),
            ])
        }
        return .object([
            ("methods", .array(methods)),
            ("default_method", .optional(defaultMethod?.rawValue)),
            ("injected_approvals", .array(approvals)),
            ("required_fields", .array(requiredFields.map { JSONValue.object([("name", .string($0.name)), reasons($0.reasons)]) })),
            ("notifications", .array(notifications.map {
                JSONValue.object([("channel", .string($0.channel.rawValue)), ("template", .string($0.template)), reasons($0.reasons)])
            })),
            ("surcharge", adjustment(surcharge)),
            ("discount", adjustment(discount)),
            ("blocked", block.map { JSONValue.object([("reason", .string($0.reason)), reasons($0.reasons)]) } ?? .null),
            ("rule_errors", .array(ruleErrors.map(\.jsonValue))),
            ("warnings", .array(warnings.map(\.jsonValue))),
            ("matched_rules", .strings(matchedRules)),
        ])
    }
}
