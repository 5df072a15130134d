import RemitCore
import Testing

/// Workflows, payments, runs and approvals through the API, up to the settlement (the
/// settlement itself is tested with the simulated gateway).
@Suite struct WorkflowAPITests {
    static let buyer = APIHarness.buyerJSON.replacingOccurrences(
        of: #"[{"id": "apr_cfo", "name": "Dana Whitfield", "email": "dana@northwind.example", "roles": ["cfo"]}]"#,
        with: #"[{"id": "apr_cfo", "name": "Dana Whitfield", "email": "dana@northwind.example", "roles": ["cfo"]}, {"id": "apr_eng", "name": "Luis Ortega", "email": "luis@northwind.example", "roles": ["department_head"], "department": "ENG"}]"#)

    static let twoSignatures = """
    {"name": "Two signatures over 50k", "binding": "payment.amount > 5000000", "priority": 10, "definition": {
     "nodes": [{"id": "start", "type": "start"},
       {"id": "big", "type": "condition", "expression": "payment.amount > 5000000"},
       {"id": "alert", "type": "notify", "channel": "slack", "template": "Payment {{payment.id}} of {{payment.amount}} needs approval"},
       {"id": "approve", "type": "approval", "approvers": [{"role": "cfo"}, {"id": "apr_eng"}], "quorum": 2, "mode": "parallel"},
       {"id": "settle", "type": "settle"},
       {"id": "done", "type": "end"},
       {"id": "refused", "type": "end", "result": "rejected"}],
     "edges": [{"from": "start", "to": "big"}, {"from": "big", "to": "alert", "on": "true"}, {"from": "big", "to": "settle", "on": "false"},
       {"from": "alert", "to": "approve"}, {"from": "approve", "to": "settle", "on": "approved"},
       {"from": "approve", "to": "refused", "on": "rejected"}, {"from": "settle", "to": "done", "on": "settled"}]}}
    """

    /// A buyer, the two-signature workflow, and an invoice of 60,000.00 USD; returns the invoice id.
    private func setUp(_ api: APIHarness) async throws -> (invoice: String, workflow: String) {
        let buyer = try await api.createBuyer(Self.buyer)
        let workflow = try await api.post("/v1/workflows", Self.twoSignatures)
        #expect(workflow.status == 201, "\(workflow.text)")
        let invoice = try await api.post("/v1/invoices", APIHarness.invoiceJSON(
            buyer: buyer, number: "INV-W1", lines: #"[{"description": "Servers", "quantity": 1, "unit_amount": 6000000}]"#))
        return (try #require(invoice.json["id"]?.stringValue), try #require(workflow.json["id"]?.stringValue))
    }

    private func pay(_ api: APIHarness, invoice: String, amount: Int? = nil) async throws -> APIResponse {
        let amountMember = amount.map { #", "amount": \#($0)"# } ?? ""
        return try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "ach_credit"\#(amountMember)}"#)
    }

    private func approvals(_ api: APIHarness, _ query: String) async throws -> [JSONValue] {
        guard case let .array(items)? = try await api.get("/v1/approvals?\(query)").json["data"] else { return [] }
        return items
    }

    @Test func aWorkflowWithAnUnwiredBranchIsRefusedNamingTheNode() async throws {
        try await APIHarness.run { api in
            let broken = Self.twoSignatures.replacingOccurrences(of: #"{"from": "big", "to": "settle", "on": "false"},"#, with: "")
            let response = try await api.post("/v1/workflows", broken)
            #expect(response.status == 422)
            #expect(response.fieldErrors.contains { $0.hasPrefix("definition") })
            #expect(response.text.contains("big"))
            let unknownApprover = try await api.post("/v1/workflows", Self.twoSignatures.replacingOccurrences(of: "apr_eng", with: "apr_ghost"))
            #expect(unknownApprover.status == 422 && unknownApprover.text.contains("apr_ghost"))
            let custom = try await api.post("/v1/workflows", Self.twoSignatures.replacingOccurrences(of: #""type": "settle""#, with: #""type": "custom""#))
            #expect(custom.status == 422 && custom.fieldErrors.contains { $0.hasSuffix(".module") }, "a custom node names its module")
        }
    }

    @Test func aLargePaymentWaitsForTwoSignaturesAndAlertsSlackFirst() async throws {
        try await APIHarness.run { api in
            _ = try await api.createBuyer(Self.buyer)
            let (invoice, workflow) = try await setUp(api)
            let payment = try await pay(api, invoice: invoice)
            #expect(payment.status == 201, "\(payment.text)")
            #expect(payment.json["status"] == .string("awaiting_approval"))
            #expect(payment.json["workflow_id"] == .string(workflow))
            let paymentID = try #require(payment.json["id"]?.stringValue)
            let pending = try await approvals(api, "status=pending&payment_id=\(paymentID)")
            #expect(Set(pending.compactMap { $0["approver_id"]?.stringValue }) == ["apr_cfo", "apr_eng"])

            let tenant = api.tenant.id
            let outbox = try await api.store.read { try await $0.outboxMessages(tenant: tenant, limit: 10) }
            let slack = try #require(outbox.first { $0.channel == "slack" })
            #expect(slack.payload["text"]?.stringValue == "Payment \(paymentID) of 6000000 needs approval")

            // The first signature, given twice, counts once.
            let cfo = try #require(pending.first { $0["approver_id"] == .string("apr_cfo") }?["id"]?.stringValue)
            #expect(try await api.post("/v1/approvals/\(cfo)/approve", #"{"comment": "ok"}"#).status == 200)
            #expect(try await api.post("/v1/approvals/\(cfo)/approve", "{}").status == 200)
            #expect(try await api.get("/v1/payments/\(paymentID)").json["status"] == .string("awaiting_approval"))

            let eng = try #require(pending.first { $0["approver_id"] == .string("apr_eng") }?["id"]?.stringValue)
            let second = try await api.post("/v1/approvals/\(eng)/approve", #"{"approver_id": "apr_eng"}"#)
            #expect(second.status == 200 && second.json["status"] == .string("approved"))
            let afterVotes = try await api.get("/v1/payments/\(paymentID)").json
            #expect(afterVotes["status"] == .string("processing"))
            #expect(afterVotes["run"]?["current_step"] == .string("settle"))

            let run = try await api.get("/v1/runs/\(afterVotes["run"]?["id"]?.stringValue ?? "")")
            guard case let .array(journal)? = run.json["journal"] else { Issue.record("no journal"); return }
            #expect(journal.contains { $0["kind"] == .string("duplicate_vote") || $0["decision"]?.stringValue?.contains("once") == true
                || $0["kind"]?.stringValue?.contains("duplicate") == true })
            #expect(journal.contains { $0["node"] == .string("big") && $0["outcome"] == .string("true") })
        }
    }

    @Test func oneRejectionOfATwoOfTwoApprovalRejectsThePaymentAndClosesTheOtherRequest() async throws {
        try await APIHarness.run { api in
            let (invoice, _) = try await setUp(api)
            let paymentID = try #require(try await pay(api, invoice: invoice).json["id"]?.stringValue)
            let pending = try await approvals(api, "status=pending&payment_id=\(paymentID)")
            let eng = try #require(pending.first { $0["approver_id"] == .string("apr_eng") }?["id"]?.stringValue)
            let rejected = try await api.post("/v1/approvals/\(eng)/reject", #"{"comment": "over budget"}"#)
            #expect(rejected.json["status"] == .string("rejected"))
            #expect(try await api.get("/v1/payments/\(paymentID)").json["status"] == .string("rejected"))
            #expect(try await approvals(api, "status=pending&payment_id=\(paymentID)").isEmpty)
            let eventsResponse = try await api.get("/v1/events?limit=100")
            let types = eventsResponse.json["data"].map { data -> [String] in
                guard case let .array(items) = data else { return [] }
                return items.compactMap { $0["type"]?.stringValue }
            } ?? []
            #expect(types.contains("payment.created") && types.contains("approval.requested") && types.contains("approval.rejected"), "\(types)")
            // A late vote is recorded and changes nothing.
            let cfo = try #require(pending.first { $0["approver_id"] == .string("apr_cfo") }?["id"]?.stringValue)
            _ = try await api.post("/v1/approvals/\(cfo)/approve", "{}")
            #expect(try await api.get("/v1/payments/\(paymentID)").json["status"] == .string("rejected"))
        }
    }

    @Test func aPaymentCanBeCancelledBeforeItSettlesAndOnlyOnce() async throws {
        try await APIHarness.run { api in
            let (invoice, _) = try await setUp(api)
            let paymentID = try #require(try await pay(api, invoice: invoice).json["id"]?.stringValue)
            let cancelled = try await api.request(.post, "/v1/payments/\(paymentID)/cancel", idempotencyKey: "c1")
            #expect(cancelled.status == 200 && cancelled.json["status"] == .string("cancelled"))
            let again = try await api.request(.post, "/v1/payments/\(paymentID)/cancel", idempotencyKey: "c2")
            #expect(again.status == 409)
            #expect(try await approvals(api, "status=pending&payment_id=\(paymentID)").isEmpty)
            // The cancelled amount is free again.
            #expect(try await pay(api, invoice: invoice).status == 201)
        }
    }

    @Test func aPaymentCannotExceedWhatRemainsOnTheInvoice() async throws {
        try await APIHarness.run { api in
            let (invoice, _) = try await setUp(api)
            #expect(try await pay(api, invoice: invoice, amount: 4_000_000).status == 201)
            let over = try await pay(api, invoice: invoice, amount: 2_000_001)
            #expect(over.status == 422 && over.fieldErrors == ["amount"])
            let unknown = try await api.post("/v1/payments", #"{"invoice_id": "inv_nope", "method": "wire"}"#)
            #expect(unknown.status == 422 && unknown.fieldErrors == ["invoice_id"])
            let badMethod = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "cash"}"#)
            #expect(badMethod.status == 422 && badMethod.fieldErrors == ["method"])
        }
    }

    @Test func aNewVersionNeverChangesARunningPayment() async throws {
        try await APIHarness.run { api in
            let (invoice, workflow) = try await setUp(api)
            let first = try #require(try await pay(api, invoice: invoice, amount: 5_500_000).json["id"]?.stringValue)
            // Version 2 needs one signature only.
            let v2 = try await api.post("/v1/workflows/\(workflow)/versions", Self.twoSignatures.replacingOccurrences(of: #""quorum": 2"#, with: #""quorum": 1"#))
            #expect(v2.status == 201 && v2.json["version"] == .int(2))
            #expect(try await api.get("/v1/workflows/\(workflow)").json["version"] == .int(2))
            let pending = try await approvals(api, "status=pending&payment_id=\(first)")
            let cfo = try #require(pending.first { $0["approver_id"] == .string("apr_cfo") }?["id"]?.stringValue)
            _ = try await api.post("/v1/approvals/\(cfo)/approve", "{}")
            let pinned = try await api.get("/v1/payments/\(first)").json
            #expect(pinned["workflow_version"] == .int(1))
            #expect(pinned["status"] == .string("awaiting_approval"))
        }
    }

    @Test func smallPaymentsSkipTheBoundWorkflowAndUseTheDefault() async throws {
        try await APIHarness.run { api in
            let (invoice, workflow) = try await setUp(api)
            let small = try await pay(api, invoice: invoice, amount: 100_000)
            #expect(small.status == 201)
            #expect(small.json["workflow_id"] != .string(workflow))
            let workflows = try await api.get("/v1/workflows").json
            guard case let .array(items)? = workflows["data"] else { Issue.record("no list"); return }
            #expect(items.contains { $0["default"] == .bool(true) && $0["name"]?.stringValue?.contains("built-in") == true })
            #expect(small.json["status"] == .string("processing"))
        }
    }
}
