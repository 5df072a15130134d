import RemitCEL
import RemitCore

extension CheckoutPolicy {
    /// Reads and checks a policy body, `{"rules": [...]}`, as it is saved.
    ///
    /// Every `when` must compile against ``variables`` and have the shape of a condition
    /// (see docs/policies.md); every method, role and custom field must be known.
    ///
    /// - Parameters:
    ///   - knownRoles: The approver roles the tenant's buyers define (`cfo`, `controller`, …).
    ///   - knownFields: The custom fields a payment may be asked to carry.
    /// - Throws: `RemitError.validation` listing every problem with its path, such as
    ///   `rules[2].then[0].methods[1]`, and a message naming the rule id.
    public static func parse(
        _ json: JSONValue, limits: Limits = .default, knownRoles: Set<String>, knownFields: Set<String>
    ) throws(RemitError) -> CheckoutPolicy {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(json, path: "", errors: &errors) else { throw .validation(errors) }
        let items = reader.array("rules", required: true, maxCount: limits.rulesMax) { item, path, _ in (item, path) }
        reader.finish()
        errors += reader.errors
        let parser = RuleParser(limits: limits, knownRoles: knownRoles, knownFields: knownFields)
        var rules: [PolicyRule] = []
        var firstIndexByID: [String: Int] = [:]
        for (index, item) in (items ?? []).enumerated() {
            guard let rule = parser.parse(item.0, index: index, errors: &errors) else { continue }
            if let first = firstIndexByID[rule.id] {
                errors.append(FieldError(field: "rules[\(index)].id", rule: "duplicate",
                                         message: "rule '\(rule.id)': the id is already used by rules[\(first)]"))
            } else {
                firstIndexByID[rule.id] = index
            }
            rules.append(rule)
        }
        guard errors.isEmpty else { throw .validation(errors) }
        return CheckoutPolicy(rules: rules)
    }

    /// Whether `id` is a rule id: a letter or digit, then letters, digits, `_`, `-` or `.`.
    static func isRuleID(_ id: String, lengthMax: Int) -> Bool {
        guard let first = id.unicodeScalars.first, id.unicodeScalars.count <= lengthMax, isAlphanumeric(first) else { return false }
        return id.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "_" || $0 == "-" || $0 == "." }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// Compiles a `when` as the policy runs it.
    static func compile(_ source: String, limits: Limits) throws(CELError) -> CELProgram {
        try CELProgram(compiling: source, declarations: CELDeclarations(variables: variables),
                       limits: CELLimits(expressionLengthMax: limits.expressionLengthMax))
    }

    /// The problem with a `when`, if it has one: too long, does not compile, or is no condition.
    static func problem(with source: String, limits: Limits) -> (rule: String, message: String)? {
        let length = source.unicodeScalars.count
        guard length <= limits.expressionLengthMax else {
            return ("max_length", "`when` is \(length) characters; at most \(limits.expressionLengthMax) are allowed")
        }
        do {
            _ = try compile(source, limits: limits)
        } catch {
            let hint = error.code == .check ? " (it may use \(variables.sorted().joined(separator: ", ")))" : ""
            return ("expression", "`when` does not compile: \(error.description)\(hint)")
        }
        if case let .notBoolean(what) = ConditionShape.of(source) {
            return ("not_boolean", "`when` must yield true or false, but yields \(what)")
        }
        return nil
    }
}
