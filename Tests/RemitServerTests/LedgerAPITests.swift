import RemitCore
import RemitGatewaySim
import RemitLedger
import RemitServer
import RemitStore
import RemitTestSupport
import Testing

/// The books follow the payments: an invoice is a receivable, a settlement moves it to cash in
/// transit through a pending transfer posted when the rail settles (voided when it declines),
/// the method's fee is booked, and every invariant holds — on SQLite and PostgreSQL.
@Suite struct LedgerAPITests {
    static func accounts(_ api: APIHarness) async throws -> [String: JSONValue] {
        guard case let .array(items)? = try await api.get("/v1/ledger/accounts?limit=100").json["data"] else { return [:] }
        return Dictionary(items.map { ($0["code"]?.stringValue ?? "", $0) }, uniquingKeysWith: { $1 })
    }

    static func transfers(_ api: APIHarness, query: String = "") async throws -> [JSONValue] {
        guard case let .array(items)? = try await api.get("/v1/ledger/transfers?limit=100\(query)").json["data"] else { return [] }
        return items
    }

    static func verify(_ api: APIHarness) async throws -> LedgerVerification {
        LedgerVerifier.verify(try await api.store.ledgerSnapshot(tenant: api.tenant.id))
    }

    @Test(arguments: [TestBackend.sqlite, .postgres])
    func aSettledCardPaymentMovesTheReceivableToCashInTransitLessItsFee(_ backend: TestBackend) async throws {
        try await APIHarness.runWithGateway(backend) { api in
            let buyer = try await api.createBuyer()
            let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-L1")).json)
            let total = try #require(invoice["total"]?.int64Value)
            var books = try await Self.accounts(api)
            #expect(books["receivable:\(buyer)"]?["balance"] == .int(Int(total)))
            #expect(books["revenue"]?["balance"] == .int(Int(total)))
            #expect(books["cash_in_transit"]?["constraint"] == .string("credits_must_not_exceed_debits"))

            let id = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice["id"]?.stringValue ?? "")", "method": "card"}"#).json["id"]?.stringValue)
            let settled = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
            #expect(settled["status"] == .string("settled"))
            // Card: 2.9 % + 0.30 of the amount, from PaymentMethodCatalog.standard.
            let fee = (total * 290 + 5_000) / 10_000 + 30
            books = try await Self.accounts(api)
            #expect(books["receivable:\(buyer)"]?["balance"] == .int(0))
            #expect(books["cash_in_transit"]?["balance"] == .int(Int(total - fee)))
            #expect(books["fees"]?["balance"] == .int(Int(fee)))
            let transfers = try await Self.transfers(api)
            let pending = transfers.first { $0["client_id"] == .string("payment_initiated:\(id)") }
            #expect(pending?["kind"] == .string("pending") && pending?["pending_state"] == .string("posted"))
            #expect(transfers.contains { $0["kind"] == .string("post_pending") && $0["pending_id"] == pending?["id"] })
            let verification = try await Self.verify(api)
            #expect(verification.isValid, "\(verification.summary)")
            #expect(verification.totals["USD"]?.isBalanced == true)
        }
    }

    @Test func aDeclinedSettlementVoidsThePendingTransferAndTheBuyerStillOwes() async throws {
        var faults = GatewayFaults()
        faults.declineRate = 1
        try await TestGateway.withGateway(faults: faults) { port in
            try await APIHarness.run(testing: .live, configuration: SettlementFlowTests.configuration(), rail: SettlementFlowTests.rail(port)) { api in
                let buyer = try await api.createBuyer()
                let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-L2")).json)
                let id = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice["id"]?.stringValue ?? "")", "method": "card"}"#).json["id"]?.stringValue)
                _ = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("failed") }
                let books = try await Self.accounts(api)
                #expect(books["receivable:\(buyer)"]?["balance"] == invoice["total"])
                #expect(books["cash_in_transit"]?["balance"] == .int(0))
                #expect(books["cash_in_transit"]?["debits_pending"] == .int(0))
                let pending = try await Self.transfers(api).first { $0["client_id"] == .string("payment_initiated:\(id)") }
                #expect(pending?["pending_state"] == .string("voided"))
                #expect(try await Self.verify(api).isValid)
            }
        }
    }

    @Test func aVoidedInvoiceIsReversedByANewTransferAndTransfersFilterByAccount() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-L3")).json["id"]?.stringValue)
            #expect(try await api.post("/v1/invoices/\(invoice)/void", "{}").status == 200)
            let books = try await Self.accounts(api)
            #expect(books["receivable:\(buyer)"]?["balance"] == .int(0))
            #expect(books["revenue"]?["balance"] == .int(0))
            let receivable = try #require(books["receivable:\(buyer)"]?["id"]?.stringValue)
            let onReceivable = try await Self.transfers(api, query: "&account_id=\(receivable)")
            #expect(onReceivable.map { $0["reason"]?.stringValue ?? "" } == ["Invoice voided", "Invoice issued"])
            #expect(try await api.get("/v1/ledger/transfers?colour=red").status == 400)
            let other = try await api.otherTenantKey()
            #expect(try await api.get("/v1/ledger/accounts", key: other).json["data"] == .array([]))
            #expect(try await Self.verify(api).isValid)
        }
    }
}
