import Foundation
import RemitCore
import RemitGatewaySim
import RemitISO20022
import RemitLedger
import RemitNACHA
import RemitServer
import RemitStore
import RemitTestSupport
import Testing

/// Checkout charges what it decided: a "2/10 net 60" buyer paying within ten days of the
/// invoice date is charged 2% less and the invoice is paid in full, a policy surcharge is
/// charged on top, and the books show the discount, the surcharge and their reversal on a
/// return — on SQLite and PostgreSQL.
@Suite struct CheckoutDiscountTests {
    /// 2026-12-05T12:00:00Z, then running at the wall clock's pace (the executor and the
    /// gateway need time to pass).
    static func clock() -> WallClock {
        let start = Date()
        let today = Date(timeIntervalSince1970: 1_796_472_000)
        return WallClock { today.addingTimeInterval(Date().timeIntervalSince(start)) }
    }

    /// Inside the 10-day window on 2026-12-05 (the last discount day is 2026-12-11).
    static let issuedInWindow = "2026-12-01"
    /// Outside it (the last discount day was 2026-11-30).
    static let issuedBeforeWindow = "2026-11-20"
    static let total: Int64 = 375_000
    static let wireFee: Int64 = 1_500

    /// A live app on `backend` whose tenant has bank details (ACH debits with an account settle
    /// by file) and whose other settlements go to a simulated gateway with `faults`.
    static func run(_ backend: TestBackend, faults: GatewayFaults = GatewayFaults(),
                    _ body: @Sendable @escaping (APIHarness) async throws -> Void) async throws {
        try await TestGateway.withGateway(faults: faults) { port in
            try await APIHarness.run(backend, testing: .live, clock: clock(), configuration: FileRailTests.configuration(),
                                     rail: SettlementFlowTests.rail(port)) { api in
                let settings = try await api.request(.put, "/v1/settings", json: FileRailTests.bank)
                #expect(settings.status == 200, "\(settings.text)")
                try await body(api)
            }
        }
    }

    /// The standard 2/10 net 60 buyer's invoice of 3,750.00 issued on `issued`; its id and the buyer's.
    static func invoice(_ api: APIHarness, issued: String) async throws -> (invoice: String, buyer: String) {
        let buyer = try await api.createBuyer()
        let json = APIHarness.invoiceJSON(buyer: buyer, number: "INV-D\(Int.random(in: 1...1_000_000))")
            .replacingOccurrences(of: "2026-11-29", with: issued)
        let response = try await api.post("/v1/invoices", json)
        return (try #require(response.json["id"]?.stringValue, "\(response.text)"), buyer)
    }

    /// Opens a checkout session for `invoice`, checks its price, and confirms it with `body`.
    static func checkout(_ api: APIHarness, invoice: String, confirm body: String) async throws -> (session: JSONValue, payment: JSONValue) {
        let session = try await api.post("/v1/checkout_sessions", #"{"invoice_id": "\#(invoice)"}"#)
        #expect(session.status == 201, "\(session.text)")
        let id = try #require(session.json["id"]?.stringValue)
        let confirmed = try await api.post("/v1/checkout_sessions/\(id)/confirm", body)
        #expect(confirmed.status == 201, "\(confirmed.text)")
        return (session.json, confirmed.json["payment"] ?? .null)
    }

    static func settled(_ api: APIHarness, _ payment: JSONValue, status: String = "settled") async throws -> JSONValue {
        let id = try #require(payment["id"]?.stringValue)
        let final = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string(status) }
        #expect(final["status"] == .string(status), "\(final)")
        return final
    }

    static func balance(_ api: APIHarness, _ code: String) async throws -> JSONValue? {
        try await LedgerAPITests.accounts(api)[code]?["balance"]
    }

    static func expectBalanced(_ api: APIHarness) async throws {
        let verification = try await LedgerAPITests.verify(api)
        #expect(verification.isValid, "\(verification.summary)")
        #expect(verification.totals["USD"]?.isBalanced == true)
    }

    @Test(arguments: TestBackend.allCases)
    func aTwoTenBuyerPayingWithinTheWindowIsChargedTwoPercentLessAndTheInvoiceIsPaid(_ backend: TestBackend) async throws {
        try await Self.run(backend) { api in
            let (invoice, buyer) = try await Self.invoice(api, issued: Self.issuedInWindow)
            let (session, created) = try await Self.checkout(api, invoice: invoice, confirm: #"{"method": "wire"}"#)
            let price = session["price"]
            #expect(price?["amount"] == .int(375_000) && price?["discount_amount"] == .int(7_500))
            #expect(price?["discount_source"] == .string("early_payment") && price?["amount_to_pay"] == .int(367_500))
            #expect(price?["early_payment_discount"]?["pay_by"] == .string("2026-12-11"))
            #expect(price?["net_terms_amount_to_pay"] == .int(375_000), "net terms settle after the window")
            #expect(created["amount"] == .int(367_500) && created["discount_amount"] == .int(7_500))
            #expect(created["surcharge_amount"] == .int(0) && created["applied_amount"] == .int(375_000))

            let payment = try await Self.settled(api, created)
            let id = try #require(payment["id"]?.stringValue)
            let paid = try await api.get("/v1/invoices/\(invoice)").json
            #expect(paid["status"] == .string("paid") && paid["amount_paid"] == .int(375_000) && paid["amount_remaining"] == .int(0))
            #expect(try await Self.balance(api, "receivable:\(buyer)") == .int(0))
            #expect(try await Self.balance(api, "early_payment_discounts") == .int(7_500))
            #expect(try await Self.balance(api, "revenue") == .int(375_000))
            #expect(try await Self.balance(api, "cash_in_transit") == .int(Int(367_500 - Self.wireFee)))
            let discount = try await LedgerAPITests.transfers(api).first { $0["client_id"] == .string("discount:\(id)") }
            #expect(discount?["reason"] == .string("Early-payment discount taken"))
            try await Self.expectBalanced(api)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theBankStatementOfADiscountedPaymentMatchesItsChargedAmount(_ backend: TestBackend) async throws {
        try await Self.run(backend) { api in
            let (invoice, _) = try await Self.invoice(api, issued: Self.issuedInWindow)
            let number = try #require(try await api.get("/v1/invoices/\(invoice)").json["number"]?.stringValue)
            let (_, created) = try await Self.checkout(api, invoice: invoice, confirm: #"{"method": "wire"}"#)
            let id = try #require(try await Self.settled(api, created)["id"]?.stringValue)
            // The bank shows what moved (the charged amount less the rail's fee), not the invoice total.
            let net: Int64 = 367_500 - Self.wireFee
            let day = try #require(CalendarDate(year: 2026, month: 12, day: 5))
            let xml = try StatementFixture.xml(messageID: "MSG-D1", entries: [
                StatementFixture.credit(net, bankReference: "BD1", endToEnd: id, invoices: [(number, net)], payer: "NORTHWIND TRADERS", date: day),
            ])
            let response = try await api.postStatement(xml)
            #expect(response.status == 201, "\(response.text)")
            let statement = response.json["statements"]?.elements.first
            #expect(statement?["matched_count"] == .int(1) && statement?["unmatched_count"] == .int(0), "\(response.text)")
            #expect(try await Self.balance(api, "cash_settled") == .int(Int(net)))
            #expect(try await Self.balance(api, "cash_in_transit") == .int(0))
            #expect(try await api.get("/v1/invoices/\(invoice)").json["status"] == .string("paid"))
            try await Self.expectBalanced(api)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func afterTheWindowTheBuyerPaysTheFullAmount(_ backend: TestBackend) async throws {
        try await Self.run(backend) { api in
            let (invoice, buyer) = try await Self.invoice(api, issued: Self.issuedBeforeWindow)
            let (session, created) = try await Self.checkout(api, invoice: invoice, confirm: #"{"method": "wire"}"#)
            #expect(session["price"]?["discount_amount"] == .int(0) && session["price"]?["early_payment_discount"] == .null)
            #expect(session["price"]?["amount_to_pay"] == .int(375_000))
            #expect(created["amount"] == .int(375_000) && created["discount_amount"] == .int(0) && created["applied_amount"] == .int(375_000))
            _ = try await Self.settled(api, created)
            #expect(try await api.get("/v1/invoices/\(invoice)").json["status"] == .string("paid"))
            #expect(try await Self.balance(api, "receivable:\(buyer)") == .int(0))
            #expect(try await Self.balance(api, "early_payment_discounts") == .int(0))
            try await Self.expectBalanced(api)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func netTermsWithinTheWindowGetNoEarlyPaymentDiscount(_ backend: TestBackend) async throws {
        try await Self.run(backend) { api in
            let (invoice, _) = try await Self.invoice(api, issued: Self.issuedInWindow)
            let (_, created) = try await Self.checkout(api, invoice: invoice, confirm: #"{"method": "net_terms", "settle_method": "wire"}"#)
            #expect(created["method"] == .string("net_terms"))
            #expect(created["amount"] == .int(375_000) && created["discount_amount"] == .int(0) && created["applied_amount"] == .int(375_000))
        }
    }

    @Test func aPaymentScheduledAfterTheWindowGetsNoEarlyPaymentDiscount() async throws {
        try await Self.run(.sqlite) { api in
            let (invoice, _) = try await Self.invoice(api, issued: Self.issuedInWindow)
            let (_, late) = try await Self.checkout(api, invoice: invoice, confirm: #"{"method": "wire", "scheduled_for": "2026-12-12"}"#)
            #expect(late["discount_amount"] == .int(0) && late["amount"] == .int(375_000) && late["scheduled_for"] == .string("2026-12-12"))
            #expect(try await api.post("/v1/payments/\(late["id"]?.stringValue ?? "")/cancel", "{}").status == 200)
            let (_, onTime) = try await Self.checkout(api, invoice: invoice, confirm: #"{"method": "wire", "scheduled_for": "2026-12-11"}"#)
            #expect(onTime["discount_amount"] == .int(7_500) && onTime["amount"] == .int(367_500))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aPolicySurchargeIsChargedOnTopAndBookedAsRevenue(_ backend: TestBackend) async throws {
        try await Self.run(backend) { api in
            let policy = try await api.request(.put, "/v1/policies/checkout", json: """
            {"rules": [{"id": "wire-surcharge", "description": "Wires cost us", "when": "true", "then": [{"type": "surcharge", "bps": 150}]}]}
            """)
            #expect(policy.status == 200, "\(policy.text)")
            let (invoice, buyer) = try await Self.invoice(api, issued: Self.issuedInWindow)
            let (session, created) = try await Self.checkout(api, invoice: invoice, confirm: #"{"method": "wire"}"#)
            // 1.5% of 3,750.00 is 56.25 on top; the early-payment discount still takes 75.00 off.
            #expect(session["price"]?["surcharge_amount"] == .int(5_625) && session["price"]?["amount_to_pay"] == .int(373_125))
            #expect(created["amount"] == .int(373_125) && created["surcharge_amount"] == .int(5_625))
            #expect(created["discount_amount"] == .int(7_500) && created["applied_amount"] == .int(375_000))
            _ = try await Self.settled(api, created)
            #expect(try await api.get("/v1/invoices/\(invoice)").json["status"] == .string("paid"))
            #expect(try await Self.balance(api, "receivable:\(buyer)") == .int(0))
            #expect(try await Self.balance(api, "revenue") == .int(375_000 + 5_625))
            #expect(try await Self.balance(api, "early_payment_discounts") == .int(7_500))
            #expect(try await Self.balance(api, "cash_in_transit") == .int(Int(373_125 - Self.wireFee)))
            try await Self.expectBalanced(api)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aDeclinedPaymentBooksNoDiscountAndTheBuyerOwesTheWholeInvoice(_ backend: TestBackend) async throws {
        var faults = GatewayFaults()
        faults.declineRate = 1
        try await Self.run(backend, faults: faults) { api in
            let (invoice, buyer) = try await Self.invoice(api, issued: Self.issuedInWindow)
            let (_, created) = try await Self.checkout(api, invoice: invoice, confirm: #"{"method": "wire"}"#)
            #expect(created["discount_amount"] == .int(7_500))
            let payment = try await Self.settled(api, created, status: "failed")
            let id = try #require(payment["id"]?.stringValue)
            let owed = try await api.get("/v1/invoices/\(invoice)").json
            #expect(owed["status"] == .string("open") && owed["amount_remaining"] == .int(375_000))
            #expect(try await Self.balance(api, "receivable:\(buyer)") == .int(375_000))
            #expect(try await Self.balance(api, "early_payment_discounts") == .int(0))
            let transfers = try await LedgerAPITests.transfers(api)
            #expect(!transfers.contains { $0["client_id"] == .string("discount:\(id)") })
            #expect(transfers.first { $0["client_id"] == .string("payment_initiated:\(id)") }?["pending_state"] == .string("voided"))
            try await Self.expectBalanced(api)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aReturnedDiscountedPaymentReopensTheInvoiceForTheWholeAmountAndReversesTheBooks(_ backend: TestBackend) async throws {
        try await Self.run(backend) { api in
            let (invoice, buyer) = try await Self.invoice(api, issued: Self.issuedInWindow)
            let (_, created) = try await Self.checkout(api, invoice: invoice,
                                                       confirm: #"{"method": "ach_debit", "bank_account": \#(FileRailTests.achAccount)}"#)
            let payment = try await Self.settled(api, created)
            let id = try #require(payment["id"]?.stringValue)
            #expect(payment["amount"] == .int(367_500) && payment["applied_amount"] == .int(375_000))
            #expect(try await api.get("/v1/invoices/\(invoice)").json["status"] == .string("paid"))
            let content = try #require(try await FileRailTests.railFile(api, payment: id)["content"]?.stringValue)
            let trace = try #require(payment["rail_reference"]?.stringValue)
            let entry = try ACHFileReader().read(content).entries.first
            #expect(entry?.amountCents == 367_500, "the bank debits what the buyer is charged")
            // The addenda tell the buyer's payables the invoice total and the discount it took.
            let number = try #require(try await api.get("/v1/invoices/\(invoice)").json["number"]?.stringValue)
            #expect(entry?.paymentRelatedInformation.hasPrefix("RMR*IV*\(number)*PI*3675.00*3750.00*75.00\\") == true,
                    "\(entry?.paymentRelatedInformation ?? "")")

            let response = try await FileRailTests.postReturns(api, try FileRailTests.returnFile(for: content, traces: [trace]))
            #expect(response.status == 200 && response.json["returned"] == .int(1), "\(response.text)")
            #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("returned"))
            let owed = try await api.get("/v1/invoices/\(invoice)").json
            #expect(owed["status"] == .string("open") && owed["amount_paid"] == .int(0) && owed["amount_remaining"] == .int(375_000))
            #expect(try await Self.balance(api, "receivable:\(buyer)") == .int(375_000))
            #expect(try await Self.balance(api, "early_payment_discounts") == .int(0))
            #expect(try await Self.balance(api, "revenue") == .int(375_000))
            #expect(try await Self.balance(api, "cash_in_transit") == .int(0))
            #expect(try await Self.balance(api, "fees") == .int(0))
            let transfers = try await LedgerAPITests.transfers(api)
            #expect(transfers.contains { $0["client_id"]?.stringValue?.hasPrefix("discount_reversed:\(id):") == true })
            try await Self.expectBalanced(api)
        }
    }
}
