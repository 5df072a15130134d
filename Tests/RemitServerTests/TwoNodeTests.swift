import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NIOCore
import RemitCore
import RemitRails
import RemitServer
import RemitStore
import RemitTestSupport
import RemitWorkflow
import Testing

/// Two Remit nodes (two executors, leasing with SKIP LOCKED) on one PostgreSQL database:
/// every run settles exactly once.
@Suite struct TwoNodeTests {
    @Test func twoNodesOnOneDatabaseSettleEachPaymentExactlyOnce() async throws {
        let location = try await TestDatabase.location(.postgres)
        try await TestGateway.withGateway { port in
            let configuration = { () -> ServerConfiguration in
                var configuration = ServerConfiguration(port: 0)
                configuration.executor.idlePollMilliseconds = 10
                configuration.executor.runPolicy = RunPolicy(attemptsMax: 5, backoffBaseMilliseconds: 20, backoffMaxMilliseconds: 200)
                return configuration
            }()
            let rail = SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", requestTimeout: .seconds(2)),
                                              logger: TestGateway.quiet)
            // Node B: a second store and executor on the same database, serving nothing else.
            try await TestDatabase.withStore(at: location) { nodeBStore in
                let nodeB = RemitApplication.application(store: nodeBStore, configuration: configuration, environment: Environment(),
                                                         rail: rail, logger: TestDatabase.logger)
                try await nodeB.test(.live) { _ in
                    try await APIHarness.run(at: location, testing: .live, configuration: configuration, rail: rail) { api in
                        let buyer = try await api.createBuyer(WorkflowAPITests.buyer)
                        let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(
                            buyer: buyer, number: "INV-N\(Int.random(in: 1...1_000_000))",
                            lines: #"[{"description": "Capacity", "unit_amount": 100000000}]"#)).json["id"]?.stringValue)
                        var ids: [String] = []
                        for _ in 0..<20 {
                            let payment = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "wire", "amount": 1000}"#)
                            ids.append(try #require(payment.json["id"]?.stringValue))
                        }
                        for id in ids {
                            let final = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
                            #expect(final["status"] == .string("settled"))
                        }
                        let response = try await HTTPClient.shared.execute(
                            HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/settlements?limit=1000"), timeout: .seconds(5))
                        guard case let .array(log)? = try JSONParser.parse(Array(buffer: try await response.body.collect(upTo: 1 << 22)))["data"] else {
                            Issue.record("no settlement log")
                            return
                        }
                        for id in ids {
                            #expect(log.filter { $0["payment_id"] == .string(id) }.count == 1)
                        }
                        #expect(try await api.get("/v1/invoices/\(invoice)").json["amount_paid"] == .int(20_000))
                    }
                }
                return true
            }
        }
    }
}
