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
    /// What each module of ``CompiledPolicy/moduleCalls(_:)`` returned, run by the caller
    /// beforehand: deciding stays pure, and the modules run at the edge.
    public var moduleResults: [PolicyModuleCall: PolicyModuleResult] = [:]

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
    private let limits: CheckoutPolicy.Limits
    /// Whether any rule calls a module, so callers can skip ``moduleCalls(_:)``.
    public let callsModules: Bool

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
        self.limits = limits
        self.callsModules = policy.rules.contains { rule in
            rule.then.contains { if case .callModule = $0 { true } else { false } }
        }
    }

    /// The module calls of the rules whose `when` is true for `input`, in rule order: the
    /// caller runs them (on ``moduleInput(_:)``) and passes the results in
    /// ``DecisionInput/moduleResults``.
    public func moduleCalls(_ input: DecisionInput) -> [PolicyModuleCall] {
        guard callsModules else { return [] }
        let bindings = PolicyBindings.make(input)
        var calls: [PolicyModuleCall] = []
        for compiled in rules where (try? compiled.program.evaluateCondition(bindings: bindings)) == true {
            for case let .callModule(spec) in compiled.rule.then {
                calls.append(PolicyModuleCall(ruleID: compiled.rule.id, spec: spec))
            }
        }
        return calls
    }

    /// What a policy's module sees: the invoice, the buyer, the buyer context, the amount and
    /// the methods offered before the policy ran.
    public static func moduleInput(_ input: DecisionInput) -> JSONValue {
        .object([
            ("invoice", input.invoice), ("buyer", input.buyer), ("context", input.context), ("amount", .int(input.amount)),
            ("offered_methods", .strings(input.offeredMethods.map(\.rawValue))),
        ])
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
                if case let .callModule(spec) = action {
                    applyModule(PolicyModuleCall(ruleID: compiled.rule.id, spec: spec), input: input, reason: compiled.reason, to: &builder)
                } else {
                    builder.apply(action, reason: compiled.reason)
                }
            }
        }
        return builder.finish()
    }
}

extension CompiledPolicy {
    /// Applies what the module of `call` returned as the rule's own actions; a failure, a
    /// missing result or output that is not valid actions is a rule error, and blocks checkout
    /// when the action says `on_error: block`.
    fileprivate func applyModule(_ call: PolicyModuleCall, input: DecisionInput, reason: RuleReason, to builder: inout DecisionBuilder) {
        var problem: String
        switch input.moduleResults[call] {
        case let .output(output)?:
            var errors: [FieldError] = []
            let parser = RuleParser(limits: limits, knownRoles: [], knownFields: [])
            if let actions = parser.moduleActions(output, errors: &errors) {
                for action in actions { builder.apply(action, reason: reason) }
                return
            }
            problem = "returned actions that cannot be applied: " + errors.prefix(3).map(\.description).joined(separator: "; ")
        case let .failed(message)?: problem = "failed: \(message)"
        case nil: problem = "was not run"
        }
        builder.ruleErrors.append(RuleMessage(ruleID: call.ruleID, message: "module \(call.spec.module) \(problem)"))
        if call.spec.onError == .block {
            builder.apply(.block(reason: "The supplier's checkout rules could not be evaluated; please contact them."), reason: reason)
        }
    }
}

/// One `call_module` action of a rule whose `when` is true.
public struct PolicyModuleCall: Sendable, Hashable {
    /// The rule's id.
    public var ruleID: String
    /// The module to run.
    public var spec: ModuleCallSpec

    /// Creates a call.
    public init(ruleID: String, spec: ModuleCallSpec) {
        self.ruleID = ruleID
        self.spec = spec
    }
}

/// What running a policy's module gave.
public enum PolicyModuleResult: Sendable, Equatable {
    /// The module's JSON output: `{"actions": [...]}`.
    case output(JSONValue)
    /// Why it gave none (a trap, a limit, a missing module), in words.
    case failed(String)
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
