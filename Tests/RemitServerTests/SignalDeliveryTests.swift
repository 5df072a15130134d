import Foundation
import RemitCore
import RemitRails
import RemitStore
import RemitTestSupport
import RemitWorkflow
import Testing

@testable import RemitServer

/// A run waiting for a signal wakes when a signal its filter accepts arrives, and only then.
@Suite struct SignalDeliveryTests {
    static let waitForApprovedPO = """
    {"name": "Pay when the PO is approved", "default": true, "definition": {
     "nodes": [{"id": "start", "type": "start"},
               {"id": "po", "type": "wait", "signal": {"filter": "signal.type == 'purchase_order.approved' && signal.data.invoice_number == invoice.number"}},
               {"id": "pay", "type": "settle"}, {"id": "done", "type": "end"}],
     "edges": [{"from": "start", "to": "po"}, {"from": "po", "to": "pay"}, {"from": "pay", "to": "done", "on": "settled"}]}}
    """

    static func signal(_ type: String, invoiceNumber: String) -> JSONValue {
        .object([("type", .string(type)), ("data", .object([("invoice_number", .string(invoiceNumber))]))])
    }

    @Test func aRunWaitingForASignalSettlesOnlyAfterTheMatchingSignal() async throws {
        do {
            try await APIHarness.runWithGateway { api in
                let buyer = try await api.createBuyer()
                #expect(try await api.post("/v1/workflows", Self.waitForApprovedPO).status == 201)
                let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-PO-7")).json["id"]?.stringValue)
                let payment = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "wire"}"#).json["id"]?.stringValue)
                let waiting = try await api.eventually("/v1/payments/\(payment)") { $0["status"] == .string("waiting") }
                #expect(waiting["status"] == .string("waiting"))
                let runID = try #require(waiting["run_id"]?.stringValue)
                let environment = Environment()
                let delivery = SignalDelivery(engine: RunEngine(workflows: CompiledWorkflowCache(), environment: environment, policy: .default,
                                                                links: ApprovalLinks(baseURL: "http://127.0.0.1", environment: environment)))
                let tenant = api.tenant.id
                // Another invoice's approval, and this invoice's PO closing: neither ends the wait.
                for signal in [Self.signal("purchase_order.approved", invoiceNumber: "INV-OTHER"),
                               Self.signal("purchase_order.closed", invoiceNumber: "INV-PO-7")] {
                    let delivered = try await api.store.write { try await delivery.deliver(signal, tenant: tenant, in: $0) }
                    #expect(delivered == SignalDelivery.Delivered(woken: [], stillWaiting: 1))
                }
                #expect(try await api.get("/v1/payments/\(payment)").json["status"] == .string("waiting"))
                let delivered = try await api.store.write {
                    try await delivery.deliver(Self.signal("purchase_order.approved", invoiceNumber: "INV-PO-7"), tenant: tenant, in: $0)
                }
                #expect(delivered == SignalDelivery.Delivered(woken: [runID], stillWaiting: 0))
                let settled = try await api.eventually("/v1/payments/\(payment)") { $0["status"] == .string("settled") }
                #expect(settled["status"] == .string("settled"))
                let journal = try await api.get("/v1/runs/\(runID)").json["journal"]
                guard case let .array(entries)? = journal else { Issue.record("no journal"); return }
                let finishedWait = entries.first { $0["node"] == .string("po") && $0["kind"] == .string("finished") }
                #expect(finishedWait?["detail"]?["data"]?["invoice_number"] == .string("INV-PO-7"), "the journal keeps the signal that ended the wait")
                // Another tenant's signal never reaches this tenant's runs.
                let other = try await api.store.write {
                    try await delivery.deliver(Self.signal("purchase_order.approved", invoiceNumber: "INV-PO-7"), tenant: TenantID(rawValue: "ten_other"), in: $0)
                }
                #expect(other == SignalDelivery.Delivered(woken: [], stillWaiting: 0))
            }
        }
    }
}
