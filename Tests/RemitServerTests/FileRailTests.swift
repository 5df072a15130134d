import Foundation
import HTTPTypes
import RemitCore
import RemitISO20022
import RemitLedger
import RemitNACHA
import RemitRails
@testable import RemitServer
import RemitStore
import RemitTestSupport
import RemitWorkflow
import Testing

/// Payments with the payer's bank account settle by file (NACHA, pain.001); NACHA returns
/// reverse them.
@Suite struct FileRailTests {
    static func configuration(returnBytesMax: Int = 1 << 20) -> ServerConfiguration {
        var configuration = ServerConfiguration(port: 0)
        configuration.executor.idlePollMilliseconds = 20
        configuration.executor.runPolicy = RunPolicy(attemptsMax: 3, backoffBaseMilliseconds: 20, backoffMaxMilliseconds: 100)
        configuration.achReturnFileBytesMax = returnBytesMax
        return configuration
    }

    static let bank = """
    {"bank": {"ach": {"immediate_origin": "091000019", "company_id": "1234567890", "company_name": "ACME SUPPLY CO",
                      "odfi_routing": "091000019"},
              "sepa": {"iban": "DE89370400440532013000", "bic": "DEUTDEFF", "name": "Acme Supplies GmbH"}}}
    """
    static let achAccount = #"{"routing_number": "011401533", "account_number": "55501234", "account_type": "checking", "holder_name": "Northwind Traders"}"#
    static let sepaAccount = #"{"iban": "GB82WEST12345698765432", "bic": "NWBKGB2L", "holder_name": "Northwind Traders Ltd"}"#

    /// Runs `body` on a live app whose tenant has its bank details set; settlements that are
    /// not by file would go to a rail nobody listens on.
    static func run(_ backend: TestBackend = .sqlite, returnBytesMax: Int = 1 << 20,
                    _ body: @Sendable @escaping (APIHarness) async throws -> Void) async throws {
        try await APIHarness.run(backend, testing: .live, configuration: configuration(returnBytesMax: returnBytesMax)) { api in
            let settings = try await api.request(.put, "/v1/settings", json: bank)
            #expect(settings.status == 200, "\(settings.text)")
            try await body(api)
        }
    }

    /// A new open invoice (3 × 1,250.00) and its number.
    static func invoice(_ api: APIHarness, currency: String = "USD") async throws -> (id: String, number: String) {
        let buyer = try await api.createBuyer(APIHarness.buyerJSON.replacingOccurrences(of: "\"USD\"", with: "\"\(currency)\""))
        let number = "INV-F\(Int.random(in: 1...1_000_000))"
        let response = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: number)
            .replacingOccurrences(of: "\"USD\"", with: "\"\(currency)\""))
        return (try #require(response.json["id"]?.stringValue, "\(response.text)"), number)
    }

    /// Creates a payment with `account` and waits until it is settled.
    static func settledPayment(_ api: APIHarness, invoice: String, method: String, account: String) async throws -> JSONValue {
        let created = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "\#(method)", "bank_account": \#(account)}"#)
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json["id"]?.stringValue)
        let payment = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
        if payment["status"] != .string("settled") {
            Issue.record("not settled: \(try await api.get("/v1/events?type=payment.settlement_failed").text)")
        }
        return payment
    }

    /// Element `index` of a JSON array.
    static func at(_ value: JSONValue?, _ index: Int) -> JSONValue? {
        guard case let .array(items)? = value, items.indices.contains(index) else { return nil }
        return items[index]
    }

    static func railFile(_ api: APIHarness, payment: String) async throws -> JSONValue {
        let list = try await api.get("/v1/rail_files?payment_id=\(payment)")
        guard case let .array(items)? = list.json["data"], items.count == 1, let id = items[0]["id"]?.stringValue else {
            Issue.record("expected one rail file: \(list.text)")
            return .null
        }
        #expect(items[0]["content"] == nil)
        return try await api.get("/v1/rail_files/\(id)").json
    }

    @Test(arguments: TestBackend.allCases)
    func anACHDebitWithABankAccountSettlesThroughANACHAFileCarryingItsRemittance(_ backend: TestBackend) async throws {
        try await Self.run(backend) { api in
            let (invoice, number) = try await Self.invoice(api)
            let payment = try await Self.settledPayment(api, invoice: invoice, method: "ach_debit", account: Self.achAccount)
            #expect(payment["status"] == .string("settled"))
            let trace = try #require(payment["rail_reference"]?.stringValue)
            #expect(trace.count == 15 && trace.hasPrefix("09100001"))
            #expect(payment["bank_account"]?["account_last4"] == .string("1234"))
            #expect(!(try await api.get("/v1/payments/\(payment["id"]?.stringValue ?? "")").text.contains("55501234")))
            let file = try await Self.railFile(api, payment: payment["id"]?.stringValue ?? "")
            #expect(file["format"] == .string("nacha") && file["reference"] == .string(trace))
            let nacha = try ACHFileReader().read(try #require(file["content"]?.stringValue))
            let entry = try #require(nacha.entries.first)
            #expect(nacha.entries.count == 1 && entry.traceNumber == trace && entry.amountCents == 375_000)
            #expect(entry.transactionCode.rawValue == 27 && entry.receivingRoutingNumber == "011401533" && entry.accountNumber.hasPrefix("55501234"))
            #expect(entry.paymentRelatedInformation.hasPrefix("RMR*IV*\(number)*PI*3750.00\\"))
            let paid = try await api.get("/v1/invoices/\(invoice)").json
            #expect(paid["status"] == .string("paid"))
        }
    }

    @Test func aSEPACreditProducesAPain001ThatPassesTheSchema() async throws {
        try await Self.run { api in
            let (invoice, number) = try await Self.invoice(api, currency: "EUR")
            let payment = try await Self.settledPayment(api, invoice: invoice, method: "sepa_credit", account: Self.sepaAccount)
            let id = try #require(payment["id"]?.stringValue)
            #expect(payment["status"] == .string("settled") && payment["rail_reference"] == .string(id))
            #expect(payment["bank_account"]?["iban_last4"] == .string("5432"))
            let file = try await Self.railFile(api, payment: id)
            #expect(file["format"] == .string("pain.001.001.09") && file["reference"] == .string(id))
            let xml = try #require(file["content"]?.stringValue)
            try ISO20022Schema.pain001v09.sharedValidator().validate(Array(xml.utf8))
            #expect(xml.contains("<EndToEndId>\(id)</EndToEndId>"))
            #expect(xml.contains("<Nb>\(number)</Nb>") && xml.contains("<RmtdAmt Ccy=\"EUR\">3750.00</RmtdAmt>"))
            #expect(xml.contains("<IBAN>GB82WEST12345698765432</IBAN>") && xml.contains("<IBAN>DE89370400440532013000</IBAN>"))
            let reference = try RFCreditorReference(creditorReference: number.replacingOccurrences(of: "-", with: ""))
            #expect(xml.contains("<Ref>\(reference.electronicFormat)</Ref>"))
        }
    }

    /// The return file the payer's bank would send for `traces` of the NACHA file `content`.
    static func returnFile(for content: String, traces: [String], code: String = "R01") throws -> String {
        let original = try ACHFileReader().read(content)
        let day = try #require(CalendarDate(year: 2026, month: 11, day: 30))
        return try ACHReturnFileWriter().write(ACHReturnFileInput(
            original: original, returns: traces.map { ACHReturnRequest(originalTraceNumber: $0, reasonCode: code) },
            immediateDestination: "091000019", immediateOrigin: "011401533", creationDate: day,
            creationTime: ACHFileTime(hour: 9, minute: 30), fileIDModifier: "A", effectiveEntryDate: day))
    }

    static func postReturns(_ api: APIHarness, _ text: String, contentType: String = "text/plain",
                            idempotencyKey: String = UUID().uuidString) async throws -> APIResponse {
        try await api.request(.post, "/v1/ach_returns", json: text, idempotencyKey: idempotencyKey, contentType: contentType)
    }

    @Test(arguments: TestBackend.allCases)
    func aReturnFileReversesThePaymentInTheLedgerOnce(_ backend: TestBackend) async throws {
        try await Self.run(backend) { api in
            let (invoice, _) = try await Self.invoice(api)
            let payment = try await Self.settledPayment(api, invoice: invoice, method: "ach_debit", account: Self.achAccount)
            let id = try #require(payment["id"]?.stringValue)
            let buyer = BuyerID(rawValue: try #require(payment["buyer_id"]?.stringValue))
            let trace = try #require(payment["rail_reference"]?.stringValue)
            let content = try #require(try await Self.railFile(api, payment: id)["content"]?.stringValue)
            let tenant = api.tenant.id
            func receivable() async throws -> Int64? {
                let snapshot = try await api.store.ledgerSnapshot(tenant: tenant)
                #expect(LedgerVerifier.verify(snapshot).isValid)
                return snapshot.accounts.first { $0.account.code == ChartOfAccounts.receivableCode(buyer) }?.posted
            }
            #expect(try await receivable() == 0)

            let file = try Self.returnFile(for: content, traces: [trace])
            let first = try await Self.postReturns(api, file, idempotencyKey: "returns-1")
            #expect(first.status == 200, "\(first.text)")
            let replay = try await Self.postReturns(api, file, idempotencyKey: "returns-1")
            #expect(replay.body == first.body && replay.header("Idempotent-Replayed") == "true")
            #expect(first.json["returned"] == .int(1) && Self.at(first.json["returns"], 0)?["outcome"] == .string("returned"))
            #expect(Self.at(first.json["returns"], 0)?["reason_code"] == .string("R01") && Self.at(first.json["returns"], 0)?["payment_id"] == .string(id))
            let returned = try await api.get("/v1/payments/\(id)").json
            #expect(returned["status"] == .string("returned"))
            #expect(returned["failure_reason"] == .string("R01: Insufficient funds"))
            let owed = try await api.get("/v1/invoices/\(invoice)").json
            #expect(owed["status"] == .string("open") && owed["amount_remaining"] == .int(375_000))
            #expect(try await receivable() == 375_000)
            let events = try await api.get("/v1/events?type=payment.returned").json["data"]
            #expect(Self.at(events, 0)?["data"]?["reason_code"] == .string("R01"))
            #expect(Self.at(events, 0)?["data"]?["reason_description"] == .string("Insufficient funds"))
            let transfers = try await api.store.ledgerSnapshot(tenant: tenant).transfers.count

            let again = try await Self.postReturns(api, file)
            #expect(again.status == 200 && again.json["returned"] == .int(0) && again.json["already_returned"] == .int(1))
            #expect(try await api.store.ledgerSnapshot(tenant: tenant).transfers.count == transfers)
            #expect(try await receivable() == 375_000)
            let eventCount = try await api.get("/v1/events?type=payment.returned").json["data"]
            #expect(eventCount.map { if case let .array(items) = $0 { items.count } else { 0 } } == 1)
        }
    }

    @Test func unknownTraceNumbersAreListedAsUnmatched() async throws {
        try await Self.run { api in
            let (invoice, _) = try await Self.invoice(api)
            let payment = try await Self.settledPayment(api, invoice: invoice, method: "ach_debit", account: Self.achAccount)
            let id = try #require(payment["id"]?.stringValue)
            let content = try #require(try await Self.railFile(api, payment: id)["content"]?.stringValue)
            // The same file with the entry's trace number changed: a return for an entry Remit never sent.
            let trace = try #require(payment["rail_reference"]?.stringValue)
            let stranger = String(trace.dropLast(7)) + "0999999"
            let file = try Self.returnFile(for: content, traces: [trace], code: "R02").replacingOccurrences(of: trace, with: stranger)
            let response = try await Self.postReturns(api, file)
            #expect(response.status == 200, "\(response.text)")
            #expect(response.json["unmatched"] == .array([.string(stranger)]))
            #expect(Self.at(response.json["returns"], 0)?["outcome"] == .string("unmatched") && Self.at(response.json["returns"], 0)?["payment_id"] == .null)
            #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("settled"))
        }
    }

    @Test func aBadReturnFileIsRefusedAndChangesNothing() async throws {
        let limit = 2_000
        try await Self.run(returnBytesMax: limit) { api in
            let (invoice, _) = try await Self.invoice(api)
            let payment = try await Self.settledPayment(api, invoice: invoice, method: "ach_debit", account: Self.achAccount)
            let id = try #require(payment["id"]?.stringValue)
            let content = try #require(try await Self.railFile(api, payment: id)["content"]?.stringValue)
            let file = try Self.returnFile(for: content, traces: [try #require(payment["rail_reference"]?.stringValue)])
            // A wrong digit in the file control's entry hash.
            var lines = file.split(separator: "\n").map(String.init)
            let control = try #require(lines.firstIndex { $0.hasPrefix("9") && !$0.hasPrefix("999999") })
            var record = Array(lines[control])
            record[21] = record[21] == "1" ? "2" : "1"
            lines[control] = String(record)
            let broken = try await Self.postReturns(api, lines.joined(separator: "\n") + "\n")
            #expect(broken.status == 422 && broken.problemCode == "validation_failed", "\(broken.text)")
            #expect(broken.text.contains("line"))
            // The originated file itself holds no returns.
            #expect(try await Self.postReturns(api, content).status == 422)
            #expect(try await Self.postReturns(api, file, contentType: "application/json").status == 415)
            // At the size limit, the body is read (and refused as NACHA); one byte over, it is not.
            #expect(try await Self.postReturns(api, String(repeating: "x", count: limit)).status == 422)
            #expect(try await Self.postReturns(api, String(repeating: "x", count: limit + 1)).status == 413)
            #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("settled"))
            #expect(try await api.get("/v1/events?type=payment.returned").json["data"] == .array([]))
        }
    }

    @Test func badBankDetailsAndAccountsAreRefused() async throws {
        try await Self.run { api in
            let bad = try await api.request(.put, "/v1/settings", json: """
            {"bank": {"ach": {"immediate_origin": "091000018", "company_id": "123", "company_name": "ACME", "odfi_routing": "091000019",
                              "entry_class": "PPD"},
                      "sepa": {"iban": "DE89370400440532013001", "bic": "NOPE", "name": "Acme"}}}
            """)
            #expect(bad.status == 422)
            #expect(Set(bad.fieldErrors) == ["bank.ach.immediate_origin", "bank.ach.company_id", "bank.ach.entry_class", "bank.sepa.iban", "bank.sepa.bic"])
            #expect(try await api.get("/v1/settings").json["bank"]?["ach"]?["entry_class"] == .string("CCD"), "CCD+ unless the tenant asks for CTX")
            #expect(try await api.get("/v1/settings").json["bank"]?["ach"]?["company_id"] == .string("1234567890"))

            let (invoice, _) = try await Self.invoice(api)
            func create(_ body: String) async throws -> APIResponse {
                try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", \#(body)}"#)
            }
            let missing = try await create(#""method": "ach_debit""#)
            #expect(missing.status == 422 && missing.fieldErrors == ["bank_account"] && missing.rules == ["required"])
            let wrongRouting = try await create(#""method": "ach_debit", "bank_account": {"routing_number": "011401534", "account_number": "55501234", "account_type": "checking", "holder_name": "N"}"#)
            #expect(wrongRouting.status == 422 && wrongRouting.fieldErrors == ["bank_account.routing_number"])
            let shortAccount = try await create(#""method": "ach_debit", "bank_account": {"routing_number": "011401533", "account_number": "123", "account_type": "loan", "holder_name": "Naïve"}"#)
            #expect(Set(shortAccount.fieldErrors) == ["bank_account.account_number", "bank_account.account_type", "bank_account.holder_name"])
            let forCard = try await create(#""method": "card", "bank_account": \#(Self.achAccount)"#)
            #expect(forCard.status == 422 && forCard.rules == ["not_allowed"])
            let ibanForSEPA = try await create(#""method": "sepa_credit", "bank_account": {"iban": "GB82WEST12345698765431", "bic": "NWBKGB2L", "holder_name": "N"}"#)
            #expect(ibanForSEPA.status == 422 && ibanForSEPA.fieldErrors == ["bank_account.iban"])
            let usdAccountForEUR = try await Self.invoice(api, currency: "EUR")
            let eur = try await api.post("/v1/payments", #"{"invoice_id": "\#(usdAccountForEUR.id)", "method": "ach_debit", "bank_account": \#(Self.achAccount)}"#)
            #expect(eur.status == 422 && eur.rules == ["currency"])
            #expect(try await api.get("/v1/payments").json["data"] == .array([]))
        }
    }

    @Test func withoutBankDetailsAnAccountIsRefusedAndTheMethodKeepsItsRail() async throws {
        try await APIHarness.run { api in
            let (invoice, _) = try await Self.invoice(api)
            let response = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "ach_debit", "bank_account": \#(Self.achAccount)}"#)
            #expect(response.status == 422 && response.rules == ["rail_not_configured"])
            #expect(try await api.get("/v1/settings").json["bank"] == .null)
        }
    }

    @Test func aFileRailWritesOneFilePerIdempotencyKey() async throws {
        try await Self.run { api in
            let (invoice, _) = try await Self.invoice(api)
            let payment = try await Self.settledPayment(api, invoice: invoice, method: "ach_debit", account: Self.achAccount)
            let id = PaymentID(rawValue: try #require(payment["id"]?.stringValue))
            let tenant = api.tenant.id
            let stored = try #require(try await api.store.read { try await $0.railFiles(tenant: tenant, paymentID: id, page: PageRequest()) }.items.first)
            let rail = FileRail(store: api.store, format: ACHFileRail(environment: Environment()), fallback: APIHarness.unusedRail)
            let instruction = SettlementInstruction(paymentID: id, amount: Money(minorUnits: 375_000, currency: .usd), method: .achDebit,
                                                    reference: "Invoice")
            let again = await rail.settle(instruction, idempotencyKey: stored.idempotencyKey)
            #expect(again == .settled(railReference: stored.reference))
            let files = try await api.store.read { try await $0.railFiles(tenant: tenant, paymentID: id, page: PageRequest()) }.items
            #expect(files.count == 1 && files.first?.content == stored.content)
            // Another key is another instruction: a new file with the next trace number.
            let other = await rail.settle(instruction, idempotencyKey: "another-key")
            guard case let .settled(reference) = other else { Issue.record("\(other)"); return }
            #expect(reference != stored.reference && reference.hasSuffix("0000002"))
        }
    }
}
