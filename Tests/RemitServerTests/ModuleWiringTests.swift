import RemitCore
import RemitServer
import RemitTestSupport
import Testing

/// Tenant modules wired into the product: the workflow's `custom` step and the checkout
/// policy's `call_module` action.
@Suite struct ModuleWiringTests {
    static func scoring(module: String, failedEdge: Bool) -> String {
        let failed = failedEdge ? #", {"from": "score", "to": "manual", "on": "failed"}"# : ""
        let manual = failedEdge ? #", {"id": "manual", "type": "end", "result": "rejected"}"# : ""
        return """
        {"name": "Scored", "default": true, "definition": {
         "nodes": [{"id": "start", "type": "start"}, {"id": "score", "type": "custom", "module": "\(module)"},
                   {"id": "risky", "type": "condition", "expression": "steps.score.risk > 50"},
                   {"id": "review", "type": "end", "result": "rejected"}, {"id": "pay", "type": "settle"}, {"id": "done", "type": "end"}\(manual)],
         "edges": [{"from": "start", "to": "score"}, {"from": "score", "to": "risky"}, {"from": "risky", "to": "review", "on": "true"},
                   {"from": "risky", "to": "pay", "on": "false"}, {"from": "pay", "to": "done", "on": "settled"}\(failed)]}}
        """
    }

    static func payInvoice(_ api: APIHarness, number: String) async throws -> JSONValue {
        let buyer = try await api.createBuyer()
        let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: number)).json["id"]?.stringValue)
        let payment = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "ach_credit"}"#).json["id"]?.stringValue)
        let done = try await api.eventually("/v1/payments/\(payment)") { ["settled", "failed", "rejected"].contains($0["status"]?.stringValue ?? "") }
        return try await api.get("/v1/runs/\(done["run_id"]?.stringValue ?? "")").json
    }

    static func journal(_ run: JSONValue, node: String) -> [JSONValue] {
        guard case let .array(entries)? = run["journal"] else { return [] }
        return entries.filter { $0["node"] == .string(node) }
    }

    @Test func aCustomStepsOutputDecidesTheBranchAndIsJournaled() async throws {
        try await APIHarness.runWithGateway { api in
            let low = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "low", ModuleTexts.constant(#"{"risk": 10}"#))).json["id"]?.stringValue)
            #expect(try await api.post("/v1/workflows", Self.scoring(module: low, failedEdge: false)).status == 201)
            let run = try await Self.payInvoice(api, number: "INV-LOW")
            #expect(run["status"] == .string("completed"), "\(run)")
            #expect(Self.journal(run, node: "score").contains { $0["detail"] == .object([("risk", .int(10))]) })
            #expect(Self.journal(run, node: "risky").contains { $0["reason"] == .string("`steps.score.risk > 50` is false") })

            let high = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "high", ModuleTexts.constant(#"{"risk": 90}"#))).json["id"]?.stringValue)
            #expect(try await api.post("/v1/workflows", Self.scoring(module: high, failedEdge: false)).status == 201)
            let rejected = try await Self.payInvoice(api, number: "INV-HIGH")
            #expect(rejected["status"] == .string("rejected"), "\(rejected)")
        }
    }

    @Test func aModuleThatRunsOutOfFuelFailsItsStepWithTheReasonAndTheServerGoesOn() async throws {
        try await APIHarness.runWithGateway { api in
            let loop = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "loop", ModuleTexts.infiniteLoop)).json["id"]?.stringValue)
            #expect(try await api.post("/v1/workflows", Self.scoring(module: loop, failedEdge: false)).status == 201)
            let failed = try await Self.payInvoice(api, number: "INV-LOOP")
            #expect(failed["status"] == .string("failed"), "\(failed)")
            let reason = failed["failure_reason"]?.stringValue ?? Self.journal(failed, node: "score").last?["reason"]?.stringValue ?? ""
            #expect(reason.contains("step 'score' failed and cannot be retried: module \(loop) version 1 failed: out_of_fuel"), "\(failed)")

            #expect(try await api.post("/v1/workflows", Self.scoring(module: loop, failedEdge: true)).status == 201)
            let manual = try await Self.payInvoice(api, number: "INV-LOOP-2")
            #expect(manual["status"] == .string("rejected"), "\(manual)")
            #expect(Self.journal(manual, node: "score").contains { $0["outcome"] == .string("failed") && $0["decision"] == .string("took 'failed' to 'manual'") })
        }
    }

    @Test func aWorkflowMayOnlyNameTheTenantsOwnModules() async throws {
        try await APIHarness.run { api in
            let other = try await api.otherTenantKey()
            let theirs = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "x", ModuleTexts.echo), key: other).json["id"]?.stringValue)
            let refused = try await api.post("/v1/workflows", Self.scoring(module: theirs, failedEdge: false))
            #expect(refused.status == 422 && refused.fieldErrors == ["definition.nodes[1].module"], "\(refused.text)")
            #expect(try await api.post("/v1/workflows", Self.scoring(module: "mod_missing", failedEdge: false)).status == 422)
        }
    }

    @Test func aPolicyModuleSetsTheSurchargeAndHidesAMethodWithTheRulesReason() async throws {
        try await APIHarness.run { api in
            let pricing = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "pricing", ModuleTexts.constant(
                #"{"actions": [{"type": "surcharge", "bps": 250}, {"type": "hide_methods", "methods": ["card"]}]}"#))).json["id"]?.stringValue)
            let policy = try await api.request(.put, "/v1/policies/checkout", json: """
            {"rules": [{"id": "priced-by-code", "description": "Our pricing module", "when": "true",
              "then": [{"type": "call_module", "module": "\(pricing)"}]}]}
            """)
            #expect(policy.status == 200, "\(policy.text)")
            let buyer = try await api.createBuyer()
            let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-MOD")).json["id"]?.stringValue)
            let session = try await api.post("/v1/checkout_sessions", #"{"invoice_id": "\#(invoice)"}"#)
            #expect(session.status == 201, "\(session.text)")
            let decision = session.json["decision"] ?? .null
            #expect(decision["surcharge"]?["bps"] == .int(250), "\(decision)")
            guard case let .array(methods)? = decision["methods"] else { Issue.record("no methods in \(decision)"); return }
            #expect(methods.first { $0["method"] == .string("card") }?["visibility"] == .string("hidden"))
        }
    }

    @Test func aFailingPolicyModuleBlocksCheckoutOnlyWhenTheRuleSaysSo() async throws {
        try await APIHarness.run { api in
            let trap = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "trap", ModuleTexts.trap)).json["id"]?.stringValue)
            let buyer = try await api.createBuyer()
            for (onError, blocked) in [("skip", false), ("block", true)] {
                let policy = try await api.request(.put, "/v1/policies/checkout", json: """
                {"rules": [{"id": "guard", "when": "true", "then": [{"type": "call_module", "module": "\(trap)", "on_error": "\(onError)"}]}]}
                """)
                #expect(policy.status == 200, "\(policy.text)")
                let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-\(onError)")).json["id"]?.stringValue)
                let session = try await api.post("/v1/checkout_sessions", #"{"invoice_id": "\#(invoice)"}"#).json["decision"] ?? .null
                #expect((session["blocked"] != nil && session["blocked"] != .null) == blocked, "\(session)")
                #expect(session["rule_errors"]?.firstItem?["message"]?.stringValue?.hasPrefix("module \(trap) failed: trap") == true, "\(session)")
            }
            let missing = try await api.request(.put, "/v1/policies/checkout", json: """
            {"rules": [{"id": "guard", "when": "true", "then": [{"type": "call_module", "module": "mod_nope"}]}]}
            """)
            #expect(missing.status == 422 && missing.fieldErrors == ["rules[0].then[0].module"])
        }
    }
}
