import RemitCEL
import RemitCore

/// What one checkout decision looks at.
public struct DecisionInput: Sendable {
    /// The buyer as the API shows it (`buyer.credit_terms.net_days`, …).
    public var buyer: JSONValue
    /// The invoice as the API shows it (`invoice.total`, `invoice.department`, …).
    public var invoice: JSONValue
    /// The buyer context: `context.credit`, `context.budget`, `context.po`, `context.history`
    /// (see ``CheckoutPolicy/builtInDefault`` for the members).
    public var context: JSONValue
    /// The time of the decision, in milliseconds since 1970; `now` in expressions.
    public var now: Int64
    /// The amount to pay, in minor units; fees, surcharge and discount are computed on it.
    public var amount: Int64
    /// The methods the tenant can accept for this invoice, before the policy runs.
    public var offeredMethods: [PaymentMethod]

    /// Creates an input; every method is offered unless `offeredMethods` says otherwise.
    public init(buyer: JSONValue, invoice: JSONValue, context: JSONValue, now: Int64, amount: Int64,
                offeredMethods: [PaymentMethod] = PaymentMethod.allCases) {
        self.buyer = buyer
        self.invoice = invoice
        self.context = context
        self.now = now
        self.amount = amount
        self.offeredMethods = offeredMethods
    }
}

/// A checked policy with every `when` compiled: build it once per policy version and call
/// ``decide(_:)`` from any number of tasks.
public struct CompiledPolicy: Sendable {
    /// The policy as written.
    public let policy: CheckoutPolicy
    /// The speeds, fees and display order decisions use.
    public let catalog: PaymentMethodCatalog
    private let rules: [CompiledRule]

    /// Compiles every rule's `when`.
    ///
    /// - Throws: `RemitError.validation` naming each rule whose `when` does not compile or is
    ///   no condition (possible only for a policy not built by ``CheckoutPolicy/parse(_:limits:knownRoles:knownFields:)``).
    public init(_ policy: CheckoutPolicy, catalog: PaymentMethodCatalog = .standard,
                limits: CheckoutPolicy.Limits = .default) throws(RemitError) {
        var errors: [FieldError] = []
        var rules: [CompiledRule] = []
        for (index, rule) in policy.rules.enumerated() {
            if let problem = CheckoutPolicy.problem(with: rule.when, limits: limits) {
                errors.append(FieldError(field: "rules[\(index)].when", rule: problem.rule, message: "rule '\(rule.id)': \(problem.message)"))
                continue
            }
            guard let program = try? CheckoutPolicy.compile(rule.when, limits: limits) else { continue }
            rules.append(CompiledRule(program: program, rule: rule))
        }
        guard errors.isEmpty else { throw .validation(errors) }
        self.policy = policy
        self.catalog = catalog
        self.rules = rules
    }

    /// Decides how the buyer may pay: evaluates the rules in order and applies the actions of
    /// each rule whose `when` is true. A `when` that fails to evaluate (a missing member, a
    /// type mismatch, a cost limit) skips its rule and is reported in `ruleErrors`; it never
    /// stops the decision.
    public func decide(_ input: DecisionInput) -> CheckoutDecision {
        let bindings = PolicyBindings.make(input)
        var builder = DecisionBuilder(catalog: catalog, input: input)
        for compiled in rules {
            let matches: Bool
            do {
                matches = try compiled.program.evaluateCondition(bindings: bindings)
            } catch {
                builder.ruleErrors.append(RuleMessage(ruleID: compiled.rule.id, message: error.description))
                continue
            }
            guard matches else { continue }
            builder.matchedRules.append(compiled.rule.id)
            for action in compiled.rule.then {
                builder.apply(action, reason: compiled.reason)
            }
        }
        return builder.finish()
    }
}

/// A rule with its compiled condition.
private struct CompiledRule: Sendable {
    let program: CELProgram
    let rule: PolicyRule
    let reason: RuleReason

    init(program: CELProgram, rule: PolicyRule) {
        self.program = program
        self.rule = rule
        self.reason = RuleReason(ruleID: rule.id, description: rule.description)
    }
}

/// The CEL bindings of one decision.
enum PolicyBindings {
    static func make(_ input: DecisionInput) -> [String: CELValue] {
        [
            "buyer": celValue(input.buyer),
            "invoice": celValue(input.invoice),
            "context": celValue(input.context),
            "now": timestamp(milliseconds: input.now),
        ]
    }

    /// Converts parsed JSON exactly: integers that fit become `int` (or `uint` above
    /// `Int64.max`), other numbers `double`, objects maps with string keys. (RemitWorkflow
    /// has the same conversion; RemitPolicy does not depend on it.)
    static func celValue(_ json: JSONValue) -> CELValue {
        switch json {
        case .null: return .null
        case let .bool(flag): return .bool(flag)
        case let .number(text):
            if let integer = Int64(text) { return .int(integer) }
            if let unsigned = UInt64(text) { return .uint(unsigned) }
            return .double(Double(text) ?? .nan)
        case let .string(text): return .string(text)
        case let .array(elements): return .list(elements.map(celValue))
        case let .object(members):
            var map = CELMap()
            for member in members {
                // The JSON parser refuses duplicate names; a hand-built duplicate keeps its first value.
                try? map.insertNew(.string(member.key), celValue(member.value))
            }
            return .map(map)
        }
    }

    /// A timestamp from milliseconds since 1970, clamped into CEL's range (years 1 to 9999).
    static func timestamp(milliseconds: Int64) -> CELValue {
        if let stamp = try? CELTimestamp(nanosecondsSinceEpoch: Int128(milliseconds) * 1_000_000) { return .timestamp(stamp) }
        return .timestamp(try! CELTimestamp(secondsSinceEpoch: milliseconds < 0 ? -62_135_596_800 : 253_402_300_799))
    }
}
