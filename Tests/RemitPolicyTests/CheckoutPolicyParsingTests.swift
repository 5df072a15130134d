import RemitCore
import RemitPolicy
import Testing

/// Saving a checkout policy: every action reads and writes back, every mistake names its rule
/// and its path.
@Suite struct CheckoutPolicyParsingTests {
    static let roles: Set<String> = ["cfo", "controller"]
    static let fields: Set<String> = ["cost_center", "po_number"]

    static func parse(_ text: String, limits: CheckoutPolicy.Limits = .default) throws -> CheckoutPolicy {
        try CheckoutPolicy.parse(try JSONParser.parse(text), limits: limits, knownRoles: roles, knownFields: fields)
    }

    /// The field errors a body gets; none when it parses.
    static func errors(_ text: String, limits: CheckoutPolicy.Limits = .default) throws -> [FieldError] {
        do {
            _ = try parse(text, limits: limits)
            return []
        } catch let error as RemitError {
            #expect(error.code == .validationFailed)
            return error.fieldErrors
        }
    }

    /// A one-rule policy with `actions` as its `then`.
    static func rule(_ actions: String, id: String = "r1", when: String = "invoice.total > 100") -> String {
        #"{"rules": [{"id": "\#(id)", "description": "test", "when": "\#(when)", "then": [\#(actions)]}]}"#
    }

    static func expectOneError(_ text: String, field: String, rule: String, ruleID: String = "r1",
                               limits: CheckoutPolicy.Limits = .default,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let found = try errors(text, limits: limits)
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        #expect(found.first?.field == field, "\(found)", sourceLocation: sourceLocation)
        #expect(found.first?.rule == rule, "\(found)", sourceLocation: sourceLocation)
        #expect(found.first?.message.hasPrefix("rule '\(ruleID)': ") == true, "\(found)", sourceLocation: sourceLocation)
    }

    @Test func everyActionTypeParsesAndRoundTrips() throws {
        let text = Self.rule("""
        {"type": "hide_methods", "methods": ["card", "rtp"]},
        {"type": "show_methods", "methods": ["rtp"]},
        {"type": "highlight_method", "method": "net_terms"},
        {"type": "set_default_method", "method": "ach_debit"},
        {"type": "require_approval", "quorum": 2, "approvers": [{"id": "apr_x"}, {"role": "cfo"}, {"department": true}], "order": "sequential"},
        {"type": "require_fields", "fields": ["cost_center"]},
        {"type": "notify", "channel": "slack", "template": "Invoice {{invoice.number}} needs a look"},
        {"type": "surcharge", "bps": 150},
        {"type": "discount", "bps": 200},
        {"type": "block", "reason": "Account on hold"},
        {"type": "call_module", "module": "mod_pricing", "version": 2, "on_error": "block"}
        """)
        let policy = try Self.parse(text)
        #expect(policy.rules.count == 1)
        #expect(policy.rules[0].then == [
            .hideMethods([.card, .rtp]), .showMethods([.rtp]), .highlightMethod(.netTerms), .setDefaultMethod(.achDebit),
            .requireApproval(quorum: 2, approvers: [.id("apr_x"), .role("cfo"), .department], order: .sequential),
            .requireFields(["cost_center"]), .notify(channel: .slack, template: "Invoice {{invoice.number}} needs a look"),
            .surcharge(basisPoints: 150), .discount(basisPoints: 200), .block(reason: "Account on hold"),
            .callModule(ModuleCallSpec(module: "mod_pricing", version: 2, onError: .block)),
        ])
        #expect(Set(policy.rules[0].then.map(\.typeName)) == Set(PolicyAction.typeNames))
        let again = try CheckoutPolicy.parse(policy.jsonValue, knownRoles: Self.roles, knownFields: Self.fields)
        #expect(again == policy)
        #expect(JSONWriter.string(again.jsonValue) == JSONWriter.string(policy.jsonValue))
    }

    @Test func approvalQuorumDefaultsToOneAndOrderToParallel() throws {
        let policy = try Self.parse(Self.rule(#"{"type": "require_approval", "approvers": [{"role": "controller"}]}"#))
        #expect(policy.rules[0].then == [.requireApproval(quorum: 1, approvers: [.role("controller")], order: .parallel)])
    }

    @Test func unknownMethodNamesTheRuleAndTheListPosition() throws {
        let text = #"{"rules": [{"id": "ok", "when": "true", "then": [{"type": "block", "reason": "x"}]}, {"id": "a", "when": "true", "then": [{"type": "block", "reason": "x"}]}, "# +
            #"{"id": "bad", "when": "true", "then": [{"type": "hide_methods", "methods": ["card", "bitcoin"]}]}]}"#
        try Self.expectOneError(text, field: "rules[2].then[0].methods[1]", rule: "unknown_method", ruleID: "bad")
        try Self.expectOneError(Self.rule(#"{"type": "set_default_method", "method": "cash"}"#),
                                field: "rules[0].then[0].method", rule: "unknown_method")
    }

    @Test func unknownActionTypeNamesTheRule() throws {
        try Self.expectOneError(Self.rule(#"{"type": "hide_everything", "methods": ["card"]}"#),
                                field: "rules[0].then[0].type", rule: "unknown_action")
    }

    @Test func unknownMemberOfAnActionOrRuleIsRefused() throws {
        try Self.expectOneError(Self.rule(#"{"type": "block", "reason": "x", "colour": "red"}"#),
                                field: "rules[0].then[0].colour", rule: "unknown_field")
        try Self.expectOneError(#"{"rules": [{"id": "r1", "when": "true", "priority": 1, "then": [{"type": "block", "reason": "x"}]}]}"#,
                                field: "rules[0].priority", rule: "unknown_field")
    }

    @Test func unknownRoleNamesTheRule() throws {
        try Self.expectOneError(Self.rule(#"{"type": "require_approval", "approvers": [{"role": "ceo"}]}"#),
                                field: "rules[0].then[0].approvers[0].role", rule: "unknown_role")
    }

    @Test func unknownRequiredFieldNamesTheRule() throws {
        try Self.expectOneError(Self.rule(#"{"type": "require_fields", "fields": ["cost_center", "gl_code"]}"#),
                                field: "rules[0].then[0].fields[1]", rule: "unknown_custom_field")
    }

    @Test func quorumAboveTheApproverCountIsRefused() throws {
        try Self.expectOneError(Self.rule(#"{"type": "require_approval", "quorum": 3, "approvers": [{"role": "cfo"}, {"department": true}]}"#),
                                field: "rules[0].then[0].quorum", rule: "quorum")
    }

    @Test func anApproverIsExactlyOneKind() throws {
        try Self.expectOneError(Self.rule(#"{"type": "require_approval", "approvers": [{"role": "cfo", "id": "apr_1"}]}"#),
                                field: "rules[0].then[0].approvers[0].id", rule: "approver")
        try Self.expectOneError(Self.rule(#"{"type": "require_approval", "approvers": [{"department": false}]}"#),
                                field: "rules[0].then[0].approvers[0].department", rule: "approver")
    }

    @Test func duplicateRuleIDIsRefused() throws {
        let text = #"{"rules": [{"id": "same", "when": "true", "then": [{"type": "block", "reason": "x"}]}, "# +
            #"{"id": "same", "when": "false", "then": [{"type": "block", "reason": "y"}]}]}"#
        try Self.expectOneError(text, field: "rules[1].id", rule: "duplicate", ruleID: "same")
    }

    @Test func ruleIDMustBeASimpleName() throws {
        try Self.expectOneError(Self.rule(#"{"type": "block", "reason": "x"}"#, id: "has space"),
                                field: "rules[0].id", rule: "format", ruleID: "has space")
    }

    @Test func whenThatDoesNotCompileIsRefused() throws {
        try Self.expectOneError(Self.rule(#"{"type": "block", "reason": "x"}"#, when: "invoice.total >"),
                                field: "rules[0].when", rule: "expression")
        // An undeclared variable is a compile error too.
        try Self.expectOneError(Self.rule(#"{"type": "block", "reason": "x"}"#, when: "payment.amount > 1"),
                                field: "rules[0].when", rule: "expression")
    }

    @Test func whenThatIsNoConditionIsRefused() throws {
        for source in ["invoice.total + 1", "42", "'yes'", "[true]", "size(invoice.number)", "invoice.total > 1 ? 1 : 2", "-invoice.total"] {
            try Self.expectOneError(Self.rule(#"{"type": "block", "reason": "x"}"#, when: source),
                                    field: "rules[0].when", rule: "not_boolean")
        }
        for source in ["context.credit.within_window", "!context.credit.within_window", "(invoice.total + 1) > 2",
                       "invoice.number.startsWith('INV')", "has(invoice.po_number)", "invoice.total > 1 ? true : false",
                       "'ENG' in [invoice.department]", "[1, 2].exists(x, x > invoice.total)", "true"] {
            #expect(try Self.errors(Self.rule(#"{"type": "block", "reason": "x"}"#, when: source)).isEmpty, "\(source)")
        }
    }

    @Test func rulesMaxIsEnforcedAtItsEdge() throws {
        let limits = CheckoutPolicy.Limits(rulesMax: 3)
        func policy(_ count: Int) -> String {
            let rules = (0..<count).map { #"{"id": "r\#($0)", "when": "true", "then": [{"type": "discount", "bps": 1}]}"# }
            return #"{"rules": [\#(rules.joined(separator: ","))]}"#
        }
        #expect(try Self.errors(policy(3), limits: limits).isEmpty)
        let errors = try Self.errors(policy(4), limits: limits)
        #expect(errors.map(\.field) == ["rules"] && errors.map(\.rule) == ["max_items"])
    }

    @Test func actionsPerRuleMaxIsEnforcedAtItsEdge() throws {
        let limits = CheckoutPolicy.Limits(actionsPerRuleMax: 2)
        let action = #"{"type": "discount", "bps": 1}"#
        #expect(try Self.errors(Self.rule([action, action].joined(separator: ",")), limits: limits).isEmpty)
        try Self.expectOneError(Self.rule([action, action, action].joined(separator: ",")), field: "rules[0].then", rule: "max_items", limits: limits)
        try Self.expectOneError(Self.rule(""), field: "rules[0].then", rule: "required")
    }

    @Test func expressionLengthMaxIsEnforcedAtItsEdge() throws {
        let limits = CheckoutPolicy.Limits(expressionLengthMax: 20)
        let exact = "invoice.total > " + String(repeating: "9", count: 4)   // 20 characters
        #expect(exact.count == 20)
        #expect(try Self.errors(Self.rule(#"{"type": "block", "reason": "x"}"#, when: exact), limits: limits).isEmpty)
        try Self.expectOneError(Self.rule(#"{"type": "block", "reason": "x"}"#, when: exact + "9"),
                                field: "rules[0].when", rule: "max_length", limits: limits)
    }

    @Test func descriptionAndIDLengthsAreEnforcedAtTheirEdges() throws {
        let limits = CheckoutPolicy.Limits(descriptionLengthMax: 10, ruleIDLengthMax: 5)
        func text(id: String, description: String) -> String {
            #"{"rules": [{"id": "\#(id)", "description": "\#(description)", "when": "true", "then": [{"type": "block", "reason": "x"}]}]}"#
        }
        #expect(try Self.errors(text(id: "abcde", description: "0123456789"), limits: limits).isEmpty)
        try Self.expectOneError(text(id: "abcde", description: "0123456789x"), field: "rules[0].description",
                                rule: "max_length", ruleID: "abcde", limits: limits)
        let tooLong = try Self.errors(text(id: "abcdef", description: ""), limits: limits)
        #expect(tooLong.map(\.field) == ["rules[0].id"] && tooLong.map(\.rule) == ["max_length"])
    }

    @Test func basisPointsAreBetweenZeroAndAWhole() throws {
        #expect(try Self.errors(Self.rule(#"{"type": "surcharge", "bps": 10000}, {"type": "discount", "bps": 0}"#)).isEmpty)
        try Self.expectOneError(Self.rule(#"{"type": "surcharge", "bps": 10001}"#), field: "rules[0].then[0].bps", rule: "range")
        try Self.expectOneError(Self.rule(#"{"type": "discount", "bps": -1}"#), field: "rules[0].then[0].bps", rule: "range")
    }

    @Test func approversPerActionMaxIsEnforcedAtItsEdge() throws {
        let limits = CheckoutPolicy.Limits(approversPerActionMax: 2)
        #expect(try Self.errors(Self.rule(#"{"type": "require_approval", "approvers": [{"id": "a"}, {"id": "b"}]}"#), limits: limits).isEmpty)
        try Self.expectOneError(Self.rule(#"{"type": "require_approval", "approvers": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}"#),
                                field: "rules[0].then[0].approvers", rule: "max_items", limits: limits)
    }

    @Test func everyProblemIsListedInOneResponse() throws {
        let text = #"{"rules": [{"id": "a", "when": "1", "then": [{"type": "hide_methods", "methods": ["cash"]}]}, "# +
            #"{"id": "b", "when": "true", "then": [{"type": "require_fields", "fields": ["nope"]}]}]}"#
        let errors = try Self.errors(text)
        #expect(errors.map(\.field) == ["rules[0].when", "rules[0].then[0].methods[0]", "rules[1].then[0].fields[0]"])
        #expect(errors.map { $0.message.prefix(9) } == ["rule 'a':", "rule 'a':", "rule 'b':"])
    }

    @Test func builtInDefaultRoundTripsThroughParse() throws {
        let policy = CheckoutPolicy.builtInDefault
        #expect(policy.rules.map(\.id) == ["net-terms-in-good-standing", "over-department-threshold"])
        #expect(try CheckoutPolicy.parse(policy.jsonValue, knownRoles: ["cfo"], knownFields: []) == policy)
    }
}
