import RemitCore
import RemitRails
import RemitServer
import RemitTestSupport
import RemitWorkflow
import Testing

/// The `tax` step computes tax from the tenant's tax table and journals it before settlement.
@Suite struct TaxStepTests {
    static let taxThenSettle = """
    {"name": "Tax then settle", "default": true, "definition": {
     "nodes": [{"id": "start", "type": "start"}, {"id": "tax", "type": "tax"}, {"id": "pay", "type": "settle"}, {"id": "done", "type": "end"}],
     "edges": [{"from": "start", "to": "tax"}, {"from": "tax", "to": "pay"}, {"from": "pay", "to": "done", "on": "settled"}]}}
    """

    @Test func theTaxStepAppliesTheBuyersJurisdictionRatePerLineAndTheRunSettles() async throws {
        do {
            try await APIHarness.runWithGateway { api in
                let settings = try await api.request(.put, "/v1/settings", json: #"{"tax_table": {"US": {"rate_bps": 825, "inclusive": false}, "DE": {"rate_bps": 1900, "inclusive": true}}}"#)
                #expect(settings.status == 200, "\(settings.text)")
                let buyer = try await api.createBuyer()
                #expect(try await api.post("/v1/workflows", Self.taxThenSettle).status == 201)
                let lines = #"[{"description": "A", "quantity": 3, "unit_amount": 125005}, {"description": "B", "unit_amount": 1999}]"#
                let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-TAX", lines: lines)).json["id"]?.stringValue)
                let payment = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "ach_credit"}"#).json["id"]?.stringValue)
                let settled = try await api.eventually("/v1/payments/\(payment)") { $0["status"] == .string("settled") }
                #expect(settled["status"] == .string("settled"))
                let run = try await api.get("/v1/runs/\(settled["run_id"]?.stringValue ?? "")").json
                guard case let .array(journal)? = run["journal"],
                      let tax = journal.first(where: { $0["node"] == .string("tax") && $0["kind"] == .string("finished") })?["detail"]
                else { Issue.record("no tax entry in \(run)"); return }
                // 375,015 × 8.25% = 30,938.74 → 30,939; 1,999 × 8.25% = 164.92 → 165 (half-even per line).
                #expect(tax["jurisdiction"] == .string("US"))
                #expect(tax["tax"] == .int(30_939 + 165))
                #expect(tax["net"] == .int(377_014))
                #expect(settled["tax"] == tax, "the payment carries the tax its run computed")
            }
        }
    }

    @Test func aTaxTableThatIsNotATableIsRefusedAndChangesNothing() async throws {
        try await APIHarness.run { api in
            let bad = try await api.request(.put, "/v1/settings", json: #"{"tax_table": {"usa": {"rate_bps": 99999, "inclusive": "no"}}}"#)
            #expect(bad.status == 422 && bad.fieldErrors == ["tax_table"])
            #expect(try await api.get("/v1/settings").json["tax_table"] == .null)
            let privateHook = try await api.request(.put, "/v1/settings", json: #"{"webhook_url": "https://10.0.0.5/hooks"}"#)
            #expect(privateHook.status == 422 && privateHook.fieldErrors == ["webhook_url"])
            #expect(try await api.get("/v1/settings").json["webhook_url"] == .null)
        }
    }
}
