import RemitCore
import RemitPolicy
import Testing

/// Deciding checkout: what a buyer is offered, and what the tenant sees about why.
@Suite struct CheckoutDecisionTests {
    static let now: Int64 = 1_796_000_000_000

    /// A buyer context as the context builder provides it.
    static func context(netDays: Int = 60, withinWindow: Bool = true, limit: Int64 = 10_000_000, exposure: Int64 = 2_000_000,
                        threshold: Int64 = 0, department: String = "") throws -> JSONValue {
        try JSONParser.parse("""
        {"credit": {"net_days": \(netDays), "within_window": \(withinWindow), "exposure": \(exposure), "limit": \(limit), "available": \(limit - exposure)},
         "budget": {"threshold": \(threshold), "left": 5000000, "department": "\(department)"},
         "po": {"state": "approved"},
         "history": {"count": 12, "average_days_to_pay": 41.5, "on_time_share": 0.92}}
        """)
    }

    static func invoice(total: Int64, department: String = "") throws -> JSONValue {
        try JSONParser.parse(#"{"number": "INV-1001", "total": \#(total), "department": "\#(department)", "currency": "USD"}"#)
    }

    static let buyer: JSONValue = .object([("id", .string("buy_1")), ("credit_terms", .object([("net_days", .int(60)), ("credit_limit", .int(10_000_000))]))])

    static func input(total: Int64 = 1_200_000, context: JSONValue, department: String = "") throws -> DecisionInput {
        DecisionInput(buyer: buyer, invoice: try invoice(total: total, department: department), context: context, now: now, amount: total)
    }

    static func compile(_ rules: String) throws -> CompiledPolicy {
        try CompiledPolicy(CheckoutPolicy.parse(try JSONParser.parse(#"{"rules": [\#(rules)]}"#),
                                                knownRoles: ["cfo"], knownFields: ["cost_center", "po_number"]))
    }

    static func visibility(_ decision: CheckoutDecision, _ method: PaymentMethod) -> MethodVisibility? {
        decision.methods.first { $0.method == method }?.visibility
    }

    @Test func netSixtyBuyerInWindowAndUnderLimitSeesNoInstantMethodsAndNetTermsAsDefault() throws {
        let policy = try CompiledPolicy(.builtInDefault)
        let decision = policy.decide(try Self.input(context: Self.context()))
        #expect(decision.matchedRules == ["net-terms-in-good-standing"])
        for method in [PaymentMethod.card, .rtp, .virtualCard] {
            #expect(Self.visibility(decision, method) == .hidden)
        }
        #expect(!decision.offeredMethods.map(\.method).contains(.card))
        let netTerms = try #require(decision.methods.first { $0.method == .netTerms })
        #expect(netTerms.visibility == .default && netTerms.isHighlighted && netTerms.isDefault)
        #expect(decision.defaultMethod == .netTerms)
        #expect(Self.visibility(decision, .achDebit) == .shown && Self.visibility(decision, .wire) == .shown)
        #expect(decision.injectedApprovals.isEmpty && decision.ruleErrors.isEmpty && decision.warnings.isEmpty)
    }

    @Test func overLimitOrOutsideWindowBuyerSeesCardAgain() throws {
        let policy = try CompiledPolicy(.builtInDefault)
        let contexts = [
            try Self.context(limit: 2_500_000, exposure: 2_000_000),   // 5,000.00 available < 12,000.00 invoice
            try Self.context(withinWindow: false),
            try Self.context(netDays: 0),
        ]
        for context in contexts {
            let decision = policy.decide(try Self.input(context: context))
            #expect(decision.matchedRules.isEmpty)
            #expect(Self.visibility(decision, .card) == .shown && Self.visibility(decision, .rtp) == .shown)
            #expect(decision.defaultMethod == nil)
        }
    }

    @Test func invoiceOverDepartmentThresholdGetsTwoApproversDepartmentAndCFO() throws {
        let policy = try CompiledPolicy(.builtInDefault)
        let over = policy.decide(try Self.input(total: 1_200_000, context: Self.context(threshold: 1_000_000, department: "ENG"), department: "ENG"))
        #expect(over.matchedRules.contains("over-department-threshold"))
        let approval = try #require(over.injectedApprovals.first)
        #expect(over.injectedApprovals.count == 1)
        #expect(approval.ruleID == "over-department-threshold" && approval.quorum == 2 && approval.order == .parallel)
        #expect(approval.approvers == [.department, .role("cfo")])
        #expect(approval.department == "ENG")
        #expect(approval.reasons.map(\.ruleID) == ["over-department-threshold"])

        let under = policy.decide(try Self.input(total: 1_000_000, context: Self.context(threshold: 1_000_000)))
        #expect(under.injectedApprovals.isEmpty)
        let noThreshold = policy.decide(try Self.input(total: 99_000_000, context: Self.context(limit: 1, exposure: 0)))
        #expect(noThreshold.injectedApprovals.isEmpty)
    }

    @Test func hiddenMethodsAreAbsentForTheBuyerButListedWithReasonsForTheTenant() throws {
        let decision = try CompiledPolicy(.builtInDefault).decide(try Self.input(context: Self.context()))
        let buyerMethods = decision.jsonValue(forBuyer: true)["methods"]
        guard case let .array(offered) = buyerMethods else { Issue.record("no methods"); return }
        let offeredNames = offered.compactMap { $0["method"]?.stringValue }
        #expect(!offeredNames.contains("card"))
        #expect(offered.allSatisfy { $0["reasons"] == nil && $0["fee"] == nil })
        #expect(decision.jsonValue(forBuyer: true)["default_method"] == .string("net_terms"))

        guard case let .array(all) = decision.jsonValue(forBuyer: false)["methods"] else { Issue.record("no methods"); return }
        #expect(all.count == PaymentMethod.allCases.count)
        let card = try #require(all.first { $0["method"] == .string("card") })
        #expect(card["visibility"] == .string("hidden"))
        #expect(card["reasons"] == .array([.object([
            ("rule_id", .string("net-terms-in-good-standing")),
            ("description", .string("Buyer on net terms, inside its credit window and under its credit limit: steer to net terms")),
        ])]))
        #expect(card["fee"] == .int(34_830))   // 2.9% of 12,000.00 + 0.30
    }

    @Test func whenThatFailsToEvaluateIsSkippedAndReported() throws {
        let policy = try Self.compile("""
        {"id": "broken", "when": "context.missing.field > 1", "then": [{"type": "block", "reason": "never"}]},
        {"id": "mistyped", "when": "invoice.number > 1", "then": [{"type": "block", "reason": "never"}]},
        {"id": "works", "when": "invoice.total > 0", "then": [{"type": "highlight_method", "method": "wire"}]}
        """)
        let decision = policy.decide(try Self.input(context: Self.context()))
        #expect(decision.ruleErrors.map(\.ruleID) == ["broken", "mistyped"])
        #expect(decision.ruleErrors.allSatisfy { !$0.message.isEmpty })
        #expect(decision.blocked == nil)
        #expect(decision.matchedRules == ["works"])
        #expect(Self.visibility(decision, .wire) == .highlighted)
    }

    @Test func blockOffersNoMethodAndTheFirstBlockWins() throws {
        let policy = try Self.compile("""
        {"id": "hold", "description": "Account on credit hold", "when": "true", "then": [{"type": "block", "reason": "Your account is on hold; call us."}]},
        {"id": "later", "when": "true", "then": [{"type": "block", "reason": "second"}, {"type": "set_default_method", "method": "card"}]}
        """)
        let decision = policy.decide(try Self.input(context: Self.context()))
        #expect(decision.blocked == "Your account is on hold; call us.")
        #expect(decision.offeredMethods.isEmpty && decision.defaultMethod == nil)
        #expect(decision.methods.allSatisfy { $0.visibility == .hidden && $0.reasons.last?.ruleID == "hold" })
        #expect(decision.jsonValue(forBuyer: true)["methods"] == .array([]))
        #expect(decision.jsonValue(forBuyer: true)["blocked"]?["reason"] == .string("Your account is on hold; call us."))
    }

    @Test func laterRulesWinForVisibilityHighlightAndDefault() throws {
        let policy = try Self.compile("""
        {"id": "hide", "when": "true", "then": [{"type": "hide_methods", "methods": ["card", "wire"]}, {"type": "highlight_method", "method": "wire"}]},
        {"id": "show", "when": "true", "then": [{"type": "show_methods", "methods": ["card"]}, {"type": "highlight_method", "method": "ach_debit"}]},
        {"id": "preselect", "when": "true", "then": [{"type": "set_default_method", "method": "wire"}]}
        """)
        let decision = policy.decide(try Self.input(context: Self.context()))
        #expect(Self.visibility(decision, .card) == .shown)
        #expect(decision.methods.first { $0.method == .card }?.reasons.map(\.ruleID) == ["hide", "show"])
        #expect(Self.visibility(decision, .wire) == .hidden)
        #expect(Self.visibility(decision, .achDebit) == .highlighted)
        #expect(decision.defaultMethod == nil)
        #expect(decision.warnings == [RuleMessage(ruleID: "preselect", message: "wire is not the default: it is hidden or not offered")])
    }

    @Test func onlyOfferedMethodsAreListedInCatalogOrder() throws {
        let policy = try CompiledPolicy(.builtInDefault)
        var input = try Self.input(context: Self.context(netDays: 0))
        input.offeredMethods = [.netTerms, .card, .achDebit]
        let decision = policy.decide(input)
        #expect(decision.methods.map(\.method) == [.achDebit, .card, .netTerms])
        #expect(decision.methods.map(\.fee) == [500, 34_830, 0])   // ACH debit: 0.8% capped at 5.00
    }

    @Test func surchargeAndDiscountAccumulateCapAndRoundHalfEven() throws {
        let policy = try Self.compile("""
        {"id": "s1", "when": "true", "then": [{"type": "surcharge", "bps": 100}, {"type": "discount", "bps": 6000}]},
        {"id": "s2", "when": "true", "then": [{"type": "surcharge", "bps": 150}, {"type": "discount", "bps": 6000}]}
        """)
        func decide(_ amount: Int64) throws -> CheckoutDecision {
            var input = try Self.input(context: Self.context())
            input.amount = amount
            return policy.decide(input)
        }
        // 2.5% of 1.00 is 2.5 minor units: the tie goes to the even 2; of 1.40 it is 3.5, so 4.
        #expect(try decide(100).surcharge == PriceAdjustment(basisPoints: 250, amount: 2, reasons: [
            RuleReason(ruleID: "s1", description: ""), RuleReason(ruleID: "s2", description: ""),
        ]))
        #expect(try decide(140).surcharge.amount == 4)
        #expect(try decide(101).surcharge.amount == 3)   // 2.525 rounds to the nearest, 3
        // Discounts add up to 120%, capped at a whole.
        #expect(try decide(12_345).discount.basisPoints == 10_000)
        #expect(try decide(12_345).discount.amount == 12_345)
    }

    @Test func requiredFieldsUniteAndNotificationsCollect() throws {
        let policy = try Self.compile("""
        {"id": "a", "when": "true", "then": [{"type": "require_fields", "fields": ["cost_center"]}, {"type": "notify", "channel": "email", "template": "one"}]},
        {"id": "b", "when": "context.po.state == 'approved'", "then": [{"type": "require_fields", "fields": ["po_number", "cost_center"]}, {"type": "notify", "channel": "webhook", "template": "two"}]}
        """)
        let decision = policy.decide(try Self.input(context: Self.context()))
        #expect(decision.requiredFields.map(\.name) == ["cost_center", "po_number"])
        #expect(decision.requiredFields[0].reasons.map(\.ruleID) == ["a", "b"])
        #expect(decision.notifications.map(\.channel) == [.email, .webhook])
        #expect(decision.jsonValue(forBuyer: true)["required_fields"] == .strings(["cost_center", "po_number"]))
    }

    @Test func rulesSeeNowAsATimestampAndHistoryAsNumbers() throws {
        let policy = try Self.compile("""
        {"id": "late", "when": "now > timestamp('2026-01-01T00:00:00Z') && context.history.on_time_share < 0.95", "then": [{"type": "surcharge", "bps": 50}]}
        """)
        #expect(policy.decide(try Self.input(context: Self.context())).matchedRules == ["late"])
    }

    @Test func oneCompiledPolicyDecidesFromManyTasksAlike() async throws {
        let policy = try CompiledPolicy(.builtInDefault)
        let inputs = [
            try Self.input(context: Self.context()),
            try Self.input(context: Self.context(withinWindow: false, threshold: 100, department: "OPS"), department: "OPS"),
        ]
        let expected = inputs.map(policy.decide)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var bad = 0
                    for round in 0..<200 {
                        let index = (task + round) % inputs.count
                        if policy.decide(inputs[index]) != expected[index] { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(expected[1].injectedApprovals.first?.department == "OPS")
    }
}
