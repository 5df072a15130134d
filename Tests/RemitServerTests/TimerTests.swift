import Foundation
import RemitCore
import RemitRails
import RemitServer
import RemitTestSupport
import RemitWorkflow
import Testing

/// Timers: approval timeouts escalate and waits end, when the (injected) clock says so.
@Suite struct TimerTests {
    private static func configuration() -> ServerConfiguration {
        var configuration = ServerConfiguration(port: 0)
        configuration.executor.idlePollMilliseconds = 10
        return configuration
    }

    static let timed = """
    {"name": "Timed", "default": true, "definition": {
     "nodes": [{"id": "start", "type": "start"},
       {"id": "sign", "type": "approval", "approvers": [{"role": "cfo"}], "timeout": "1h"},
       {"id": "escalate", "type": "notify", "channel": "email", "to": {"role": "cfo"}, "subject": "Overdue", "template": "Approve {{payment.id}}"},
       {"id": "cool_off", "type": "wait", "duration": "2h"},
       {"id": "pay", "type": "settle"},
       {"id": "done", "type": "end"},
       {"id": "refused", "type": "end", "result": "rejected"}],
     "edges": [{"from": "start", "to": "sign"}, {"from": "sign", "to": "cool_off", "on": "approved"},
       {"from": "sign", "to": "refused", "on": "rejected"}, {"from": "sign", "to": "escalate", "on": "timeout"},
       {"from": "escalate", "to": "refused"}, {"from": "cool_off", "to": "pay"}, {"from": "pay", "to": "done", "on": "settled"}]}}
    """

    private func payment(_ api: APIHarness) async throws -> String {
        let buyer = try await api.createBuyer(WorkflowAPITests.buyer)
        #expect(try await api.post("/v1/workflows", Self.timed).status == 201)
        let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-T1")).json["id"]?.stringValue)
        return try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "wire"}"#).json["id"]?.stringValue)
    }

    @Test func anUnansweredApprovalTimesOutAndEscalates() async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_795_000_000))
        try await APIHarness.run(testing: .live, clock: clock.wallClock, configuration: Self.configuration()) { api in
            let id = try await payment(api)
            #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("awaiting_approval"))
            clock.advance(by: 3_599)
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("awaiting_approval"))
            clock.advance(by: 2)
            let final = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("rejected") }
            #expect(final["status"] == .string("rejected"))
            let tenant = api.tenant.id
            let emails = try await api.store.read { try await $0.outboxMessages(tenant: tenant, limit: 20) }.filter { $0.channel == "email" }
            #expect(emails.contains { $0.payload["subject"] == .string("Overdue") })
            #expect(try await api.get("/v1/approvals?status=pending").json["data"] == .array([]))
        }
    }

    @Test func anApprovedPaymentWaitsOutItsCoolOffBeforeSettling() async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_795_000_000))
        try await TestGateway.withGateway { port in
            let rail = SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", requestTimeout: .seconds(2)),
                                              logger: TestGateway.quiet)
            try await APIHarness.run(testing: .live, clock: clock.wallClock, configuration: Self.configuration(), rail: rail) { api in
                let id = try await payment(api)
                guard case let .array(pending)? = try await api.get("/v1/approvals?status=pending").json["data"], let approval = pending.first?["id"]?.stringValue else {
                    Issue.record("no approval")
                    return
                }
                _ = try await api.post("/v1/approvals/\(approval)/approve", "{}")
                #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("waiting"))
                clock.advance(by: 7_199)
                try await Task.sleep(for: .milliseconds(100))
                #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("waiting"))
                clock.advance(by: 2)
                let settled = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
                #expect(settled["status"] == .string("settled"))
            }
        }
    }
}
