import RemitCore

/// One rule of a checkout policy: when `when` is true for a buyer and invoice, apply `then`.
public struct PolicyRule: Sendable, Equatable {
    /// Unique within the policy; named in every reason and error.
    public var id: String
    /// Why the rule exists, in the tenant's words; shown to the tenant as the reason.
    public var description: String
    /// A CEL expression over `buyer`, `invoice`, `context` and `now` that yields a bool.
    public var when: String
    /// What the rule does, in order.
    public var then: [PolicyAction]

    /// Creates a rule. Check it with ``CheckoutPolicy/parse(_:limits:knownRoles:knownFields:)``
    /// or ``CompiledPolicy/init(_:catalog:limits:)``.
    public init(id: String, description: String = "", when: String, then: [PolicyAction]) {
        self.id = id
        self.description = description
        self.when = when
        self.then = then
    }

    /// The rule as the policy language writes it.
    public var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("description", .string(description)),
            ("when", .string(when)),
            ("then", .array(then.map(\.jsonValue))),
        ])
    }
}

/// A tenant's checkout policy: an ordered list of rules that decide, per buyer and invoice,
/// which payment methods are offered and what a payment needs. See docs/policies.md.
///
/// ```swift
/// let policy = try CheckoutPolicy.parse(body, knownRoles: ["cfo"], knownFields: ["cost_center"])
/// let compiled = try CompiledPolicy(policy)
/// let decision = compiled.decide(DecisionInput(buyer: b, invoice: i, context: c, now: ms, amount: 120_00))
/// ```
public struct CheckoutPolicy: Sendable, Equatable {
    /// Bounds on a policy, checked when it is parsed.
    public struct Limits: Sendable, Equatable {
        /// The most rules in a policy.
        public var rulesMax: Int
        /// The most actions in one rule.
        public var actionsPerRuleMax: Int
        /// The longest `when` expression, in Unicode scalars.
        public var expressionLengthMax: Int
        /// The longest rule description, in characters.
        public var descriptionLengthMax: Int
        /// The longest rule id, in characters.
        public var ruleIDLengthMax: Int
        /// The most approver entries in one `require_approval`.
        public var approversPerActionMax: Int
        /// The most fields in one `require_fields`.
        public var fieldsPerActionMax: Int
        /// The longest `notify` template, in characters.
        public var templateLengthMax: Int
        /// The longest `block` reason, in characters.
        public var reasonLengthMax: Int

        /// Creates limits; every parameter defaults to the value in ``default``.
        public init(
            rulesMax: Int = 200, actionsPerRuleMax: Int = 20, expressionLengthMax: Int = 4096,
            descriptionLengthMax: Int = 500, ruleIDLengthMax: Int = 64, approversPerActionMax: Int = 10,
            fieldsPerActionMax: Int = 50, templateLengthMax: Int = 2000, reasonLengthMax: Int = 500
        ) {
            self.rulesMax = rulesMax
            self.actionsPerRuleMax = actionsPerRuleMax
            self.expressionLengthMax = expressionLengthMax
            self.descriptionLengthMax = descriptionLengthMax
            self.ruleIDLengthMax = ruleIDLengthMax
            self.approversPerActionMax = approversPerActionMax
            self.fieldsPerActionMax = fieldsPerActionMax
            self.templateLengthMax = templateLengthMax
            self.reasonLengthMax = reasonLengthMax
        }

        /// 200 rules, 20 actions a rule, 4,096-character expressions, 500-character descriptions
        /// and block reasons, 64-character ids, 10 approvers, 50 fields, 2,000-character templates.
        public static let `default` = Limits()
    }

    /// The variables a `when` may read.
    public static let variables: Set<String> = ["buyer", "invoice", "context", "now"]

    /// The rules, in the order they are evaluated.
    public var rules: [PolicyRule]

    /// Creates a policy from rules; ``parse(_:limits:knownRoles:knownFields:)`` checks them.
    public init(rules: [PolicyRule]) {
        self.rules = rules
    }

    /// The policy as the API shows and stores it: `{"rules": [...]}`.
    public var jsonValue: JSONValue {
        .object([("rules", .array(rules.map(\.jsonValue)))])
    }
}
