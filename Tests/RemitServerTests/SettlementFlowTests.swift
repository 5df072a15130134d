import AsyncHTTPClient
import Foundation
import NIOCore
import RemitCore
import RemitGatewaySim
import RemitRails
import RemitServer
import RemitTestSupport
import RemitWorkflow
import Testing

/// Payments that settle on the real simulated gateway, driven by the run executor.
@Suite struct SettlementFlowTests {
    static func configuration() -> ServerConfiguration {
        var configuration = ServerConfiguration(port: 0)
        configuration.executor.idlePollMilliseconds = 20
        configuration.executor.runPolicy = RunPolicy(attemptsMax: 5, backoffBaseMilliseconds: 20, backoffMaxMilliseconds: 200)
        return configuration
    }

    static func rail(_ port: Int) -> any PaymentRail {
        SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", requestTimeout: .milliseconds(500)),
                               logger: TestGateway.quiet)
    }

    private static func settlements(_ port: Int) async throws -> [JSONValue] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/settlements?limit=1000"),
                                                           timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 22)
        guard case let .array(items)? = try JSONParser.parse(Array(buffer: body))["data"] else { return [] }
        return items
    }

    private func invoice(_ api: APIHarness, amount: Int = 6_000_000) async throws -> String {
        let buyer = try await api.createBuyer(WorkflowAPITests.buyer)
        let response = try await api.post("/v1/invoices", APIHarness.invoiceJSON(
            buyer: buyer, number: "INV-S\(Int.random(in: 1...1_000_000))", lines: #"[{"description": "Servers", "unit_amount": \#(amount)}]"#))
        return try #require(response.json["id"]?.stringValue)
    }

    @Test(arguments: TestBackend.allCases)
    func aPaymentSettlesOnceAndPaysItsInvoice(_ backend: TestBackend) async throws {
        try await TestGateway.withGateway { port in
            try await APIHarness.run(backend, testing: .live, configuration: Self.configuration(), rail: Self.rail(port)) { api in
                let invoice = try await invoice(api, amount: 250_000)
                let payment = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "ach_credit"}"#)
                let id = try #require(payment.json["id"]?.stringValue, "\(payment.text)")
                let settled = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
                #expect(settled["status"] == .string("settled"))
                #expect(settled["rail_reference"]?.stringValue?.hasPrefix("ch_") == true)
                let paid = try await api.get("/v1/invoices/\(invoice)").json
                #expect(paid["status"] == .string("paid") && paid["amount_paid"] == .int(250_000) && paid["amount_remaining"] == .int(0))
                let log = try await Self.settlements(port).filter { $0["payment_id"] == .string(id) }
                #expect(log.count == 1)
                let events = try await api.get("/v1/events?type=payment.settled").json["data"]
                #expect(events.map { if case let .array(items) = $0 { items.count } else { 0 } } == 1)
            }
        }
    }

    @Test func aLostAnswerIsRetriedWithTheSameKeyAndSettlesExactlyOnce() async throws {
        var faults = GatewayFaults()
        faults.lostAnswerRate = 1
        faults.lostAnswerHoldMilliseconds = 0
        try await TestGateway.withGateway(faults: faults) { port in
            try await APIHarness.run(testing: .live, configuration: Self.configuration(), rail: Self.rail(port)) { api in
                let invoice = try await invoice(api, amount: 90_000)
                let id = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "card"}"#).json["id"]?.stringValue)
                let settled = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
                #expect(settled["status"] == .string("settled"))
                #expect(try await Self.settlements(port).filter { $0["payment_id"] == .string(id) }.count == 1)
                let run = try await api.get("/v1/runs/\(settled["run_id"]?.stringValue ?? "")").json
                guard case let .array(journal)? = run["journal"] else { Issue.record("no journal"); return }
                #expect(journal.contains { $0["kind"] == .string("retry_scheduled") })
            }
        }
    }

    @Test func aDeclinedSettlementFailsThePaymentWithTheReason() async throws {
        var faults = GatewayFaults()
        faults.declineRate = 1
        try await TestGateway.withGateway(faults: faults) { port in
            try await APIHarness.run(testing: .live, configuration: Self.configuration(), rail: Self.rail(port)) { api in
                let invoice = try await invoice(api, amount: 90_000)
                let id = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "card"}"#).json["id"]?.stringValue)
                let failed = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("failed") }
                #expect(failed["status"] == .string("failed"))
                #expect(failed["failure_reason"]?.stringValue?.contains("declined") == true)
                #expect(try await api.get("/v1/invoices/\(invoice)").json["amount_paid"] == .int(0))
                #expect(try await Self.settlements(port).isEmpty)
            }
        }
    }

    @Test func aLargePaymentSettlesOnlyAfterBothSignatures() async throws {
        try await TestGateway.withGateway { port in
            try await APIHarness.run(testing: .live, configuration: Self.configuration(), rail: Self.rail(port)) { api in
                let invoice = try await invoice(api)
                #expect(try await api.post("/v1/workflows", WorkflowAPITests.twoSignatures).status == 201)
                let id = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "wire"}"#).json["id"]?.stringValue)
                guard case let .array(pending)? = try await api.get("/v1/approvals?status=pending&payment_id=\(id)").json["data"] else {
                    Issue.record("no approvals")
                    return
                }
                #expect(pending.count == 2)
                #expect(try await Self.settlements(port).isEmpty)
                for approval in pending {
                    _ = try await api.post("/v1/approvals/\(approval["id"]?.stringValue ?? "")/approve", "{}")
                }
                let settled = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
                #expect(settled["status"] == .string("settled"))
                #expect(try await Self.settlements(port).count == 1)
            }
        }
    }

    @Test func aSettlementSlowerThanTheLeaseKeepsItsLeaseAndSettlesOnce() async throws {
        var faults = GatewayFaults()
        faults.latencyMillisecondsMin = 900
        faults.latencyMillisecondsMax = 900
        try await TestGateway.withGateway(faults: faults) { port in
            var configuration = Self.configuration()
            configuration.executor.leaseMilliseconds = 300
            let rail = SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", requestTimeout: .seconds(5)),
                                              logger: TestGateway.quiet)
            try await APIHarness.run(testing: .live, configuration: configuration, rail: rail) { api in
                let invoice = try await invoice(api, amount: 90_000)
                let id = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "card"}"#).json["id"]?.stringValue)
                let settled = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
                #expect(settled["status"] == .string("settled"))
                #expect(try await Self.settlements(port).filter { $0["payment_id"] == .string(id) }.count == 1)
                let run = try await api.get("/v1/runs/\(settled["run_id"]?.stringValue ?? "")").json
                guard case let .array(journal)? = run["journal"] else { Issue.record("no journal"); return }
                // The step needed no retry: its result was committed by the node that held the lease.
                #expect(journal.filter { $0["node"] == .string("settle") && $0["kind"] == .string("started") }.count == 1)
            }
        }
    }
}
