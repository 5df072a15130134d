import RemitCore
import RemitPolicy
import Testing

/// `call_module` actions: the caller runs the modules of matching rules first, and the
/// decision applies what they returned as the rule's own actions.
@Suite struct PolicyModuleCallTests {
    typealias Support = CheckoutDecisionTests

    static let pricing = #"""
    {"id": "large", "when": "invoice.total > 1000000", "then": [{"type": "call_module", "module": "mod_pricing"}]},
    {"id": "strict", "when": "invoice.total > 5000000", "then": [{"type": "call_module", "module": "mod_guard", "on_error": "block"}]}
    """#

    @Test func onlyTheModulesOfMatchingRulesAreAskedFor() throws {
        let policy = try Support.compile(Self.pricing)
        #expect(policy.callsModules)
        let small = try Support.input(total: 500_000, context: Support.context())
        #expect(policy.moduleCalls(small).isEmpty)
        let large = try Support.input(total: 2_000_000, context: Support.context())
        #expect(policy.moduleCalls(large) == [PolicyModuleCall(ruleID: "large", spec: ModuleCallSpec(module: "mod_pricing"))])
        let huge = try Support.input(total: 6_000_000, context: Support.context())
        #expect(policy.moduleCalls(huge).map(\.spec.module) == ["mod_pricing", "mod_guard"])
        #expect(try !CompiledPolicy(.builtInDefault).callsModules)
    }

    @Test func theModulesActionsApplyWithTheRulesReason() throws {
        let policy = try Support.compile(Self.pricing)
        var input = try Support.input(total: 2_000_000, context: Support.context())
        let call = policy.moduleCalls(input)[0]
        input.moduleResults = [call: .output(try JSONParser.parse(
            #"{"actions": [{"type": "surcharge", "bps": 250}, {"type": "hide_methods", "methods": ["card"]}]}"#))]
        let decision = policy.decide(input)
        #expect(decision.surcharge.basisPoints == 250)
        #expect(decision.surcharge.amount == 50_000)
        #expect(decision.surcharge.reasons.map(\.ruleID) == ["large"])
        #expect(Support.visibility(decision, .card) == .hidden)
        #expect(decision.ruleErrors.isEmpty)
        #expect(decision.matchedRules == ["large"])
    }

    @Test func theModuleSeesTheInvoiceBuyerContextAmountAndOfferedMethods() throws {
        let input = try Support.input(total: 2_000_000, context: Support.context())
        let seen = CompiledPolicy.moduleInput(input)
        #expect(seen["amount"] == .int(2_000_000))
        #expect(seen["invoice"]?["number"] == .string("INV-1001"))
        #expect(seen["context"]?["credit"]?["net_days"] == .int(60))
        #expect(seen["buyer"]?["id"] == .string("buy_1"))
        #expect(seen["offered_methods"] == .strings(PaymentMethod.allCases.map(\.rawValue)))
    }

    @Test func aFailedModuleIsSkippedAndReportedByDefault() throws {
        let policy = try Support.compile(Self.pricing)
        var input = try Support.input(total: 2_000_000, context: Support.context())
        input.moduleResults = [policy.moduleCalls(input)[0]: .failed("out_of_fuel: used all 11000000 fuel")]
        let decision = policy.decide(input)
        #expect(decision.surcharge.basisPoints == 0)
        #expect(decision.blocked == nil)
        #expect(decision.ruleErrors.map(\.message) == ["module mod_pricing failed: out_of_fuel: used all 11000000 fuel"])
    }

    @Test func aFailedModuleBlocksCheckoutWhenTheRuleSaysSo() throws {
        let policy = try Support.compile(Self.pricing)
        var input = try Support.input(total: 6_000_000, context: Support.context())
        let calls = policy.moduleCalls(input)
        input.moduleResults = [calls[0]: .output(try JSONParser.parse(#"{"actions": []}"#)), calls[1]: .failed("trap: unreachable")]
        let decision = policy.decide(input)
        #expect(decision.blocked == "The supplier's checkout rules could not be evaluated; please contact them.")
        #expect(decision.offeredMethods.isEmpty)
        #expect(decision.ruleErrors.map(\.ruleID) == ["strict"])
    }

    @Test func aModuleMayNotRequireApprovalsFieldsOrNotificationsNorReturnMalformedActions() throws {
        let policy = try Support.compile(Self.pricing)
        let outputs = [
            #"{"actions": [{"type": "notify", "channel": "slack", "template": "x"}]}"#,
            #"{"actions": [{"type": "require_fields", "fields": ["cost_center"]}]}"#,
            #"{"actions": [{"type": "surcharge", "bps": 20000}]}"#,
            #"{"actions": [{"type": "surcharge", "bps": 100}], "extra": 1}"#,
            #"{"surcharge": 100}"#,
        ]
        for output in outputs {
            var input = try Support.input(total: 2_000_000, context: Support.context())
            input.moduleResults = [policy.moduleCalls(input)[0]: .output(try JSONParser.parse(output))]
            let decision = policy.decide(input)
            #expect(decision.surcharge.basisPoints == 0, "\(output)")
            #expect(decision.requiredFields.isEmpty && decision.notifications.isEmpty, "\(output)")
            #expect(decision.ruleErrors.first?.message.hasPrefix("module mod_pricing returned actions that cannot be applied") == true, "\(output)")
        }
    }

    @Test func aModuleThatWasNotRunIsAnErrorNotASilentPass() throws {
        let policy = try Support.compile(Self.pricing)
        let decision = policy.decide(try Support.input(total: 6_000_000, context: Support.context()))
        #expect(decision.ruleErrors.map(\.message) == ["module mod_pricing was not run", "module mod_guard was not run"])
        #expect(decision.blocked != nil)
    }

    @Test func aCallNeedsAModuleIdAndAKnownOnError() throws {
        let text = { (action: String) in #"{"rules": [{"id": "r", "when": "true", "then": [\#(action)]}]}"# }
        for (action, field, rule) in [
            (#"{"type": "call_module"}"#, "rules[0].then[0].module", "required"),
            (#"{"type": "call_module", "module": "pricing"}"#, "rules[0].then[0].module", "format"),
            (#"{"type": "call_module", "module": "mod_a", "on_error": "ignore"}"#, "rules[0].then[0].on_error", "enum"),
        ] {
            let errors = try CheckoutPolicyParsingTests.errors(text(action))
            #expect(errors.map { "\($0.field):\($0.rule)" } == ["\(field):\(rule)"], "\(action)")
        }
    }
}
