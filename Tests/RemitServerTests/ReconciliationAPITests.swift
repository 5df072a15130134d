import Foundation
import HTTPTypes
import RemitCore
import RemitISO20022
import RemitServer
import RemitStore
import RemitTestSupport
import Testing

/// `POST /v1/bank_statements`, `GET /v1/reconciliation/unmatched` and manual matching, through the API.
@Suite struct ReconciliationAPITests {
    @Test(arguments: TestBackend.allCases)
    func aStatementForAPIPaymentsConfirmsThemInTheLedgerOnceAndAReimportChangesNothing(_ backend: TestBackend) async throws {
        try await APIHarness.runWithGateway(backend) { api in
            let payments = try await api.settledPayments(buyer: "Northwind Traders", prefix: "INV-BANK", amounts: [120_000, 45_050, 99_900])
            let transit = try await api.ledgerBalance("cash_in_transit")
            #expect(transit == payments.map(\.net).reduce(0, +))
            let xml = try StatementFixture.xml(messageID: "MSG-1", entries: [
                StatementFixture.credit(payments[0].net, bankReference: "B1", endToEnd: payments[0].id,
                                        invoices: [(payments[0].invoiceNumber, payments[0].net)], payer: "NORTHWIND TRADERS"),
                StatementFixture.credit(payments[1].net, bankReference: "B2", endToEnd: payments[1].id, payer: "NORTHWIND TRADERS"),
                StatementFixture.credit(payments[2].net, bankReference: "B3", text: ["Invoice \(payments[2].invoiceNumber) thank you"]),
            ])
            let response = try await api.postStatement(xml, idempotencyKey: "import-1")
            #expect(response.status == 201, "\(response.text)")
            let statement = try #require(response.json["statements"]?.elements.first)
            #expect(statement["matched_count"] == .int(3) && statement["unmatched_count"] == .int(0), "\(response.text)")
            let rules = statement["entries"]?.elements.compactMap { $0["match"]?["rule"]?.stringValue }
            #expect(rules == ["structured_remittance", "end_to_end_id", "unstructured_remittance"])
            let allocated = statement["entries"]?.elements.compactMap { $0["match"]?["allocations"]?.elements.first?["payment_id"]?.stringValue }
            #expect(allocated == payments.map(\.id))
            #expect(try await api.ledgerBalance("cash_settled") == payments.map(\.net).reduce(0, +))
            #expect(try await api.ledgerBalance("cash_in_transit") == 0)
            let before = try await api.ledgerState()
            #expect(before.clean, "\(before.summary)")

            let again = try await api.postStatement(xml)
            #expect(again.status == 409 && again.problemCode == "conflict", "\(again.text)")
            let retried = try await api.postStatement(xml, idempotencyKey: "import-1")
            #expect(retried.status == 201 && retried.body == response.body && retried.header("Idempotent-Replayed") == "true")
            let after = try await api.ledgerState()
            #expect(after.transfers == before.transfers && after.clean)
            let id = try #require(statement["id"]?.stringValue)
            let shown = try await api.get("/v1/bank_statements/\(id)")
            #expect(shown.status == 200 && shown.json["entries"]?.elements.count == 3)
            #expect(try await api.get("/v1/reconciliation/unmatched").json["data"]?.elements.isEmpty == true)

            // The same money on a later statement (a duplicate by the bank) is not confirmed twice.
            let duplicate = try StatementFixture.xml(messageID: "MSG-2", entries: [
                StatementFixture.credit(payments[0].net, bankReference: "B1-AGAIN", endToEnd: payments[0].id,
                                        invoices: [(payments[0].invoiceNumber, payments[0].net)], payer: "NORTHWIND TRADERS"),
            ])
            let second = try await api.postStatement(duplicate)
            #expect(second.status == 201 && second.json["statements"]?.elements.first?["unmatched_count"] == .int(1), "\(second.text)")
            #expect(try await api.ledgerBalance("cash_settled") == payments.map(\.net).reduce(0, +))
        }
    }

    @Test func aBadOrSchemaInvalidFileIsRefusedWithTheReasonAndStoresNothing() async throws {
        try await APIHarness.run { api in
            let valid = try StatementFixture.xml(messageID: "MSG-BAD", entries: [StatementFixture.credit(1_000, bankReference: "X1")])
            let broken = try await api.postStatement(Array("<Document><unclosed></Document>".utf8))
            #expect(broken.status == 422 && broken.problemCode == "validation_failed", "\(broken.text)")
            #expect(broken.json["errors"]?.elements.isEmpty == false)
            let text = String(decoding: valid, as: UTF8.self).replacingOccurrences(of: "<MsgId>", with: "<MsgIdent>")
                .replacingOccurrences(of: "</MsgId>", with: "</MsgIdent>")
            let invalid = try await api.postStatement(Array(text.utf8))
            #expect(invalid.status == 422, "\(invalid.text)")
            #expect(invalid.json["errors"]?.elements.first?["message"]?.stringValue?.contains("MsgIdent") == true, "\(invalid.text)")
            let json = try await api.postStatement(valid, contentType: "application/json")
            #expect(json.status == 415)
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(api.key)"
            headers[.contentType] = "application/xml"
            let keyless = try await api.raw(.post, "/v1/bank_statements", headers: headers, body: valid)
            #expect(keyless.status == 400 && keyless.problemCode == "idempotency_key_missing")
            #expect(try await api.get("/v1/reconciliation/unmatched").json["data"]?.elements.isEmpty == true)
            #expect(try await api.ledgerState().transfers == 0)
        }
    }

    @Test func aStatementAtTheSizeLimitIsReadAndOneByteMoreIsRefused() async throws {
        let xml = try StatementFixture.xml(messageID: "MSG-SIZE", entries: [StatementFixture.credit(1_000, bankReference: "S1")])
        var configuration = ServerConfiguration(port: 0)
        configuration.bankStatementBytesMax = xml.count
        try await APIHarness.run(configuration: configuration) { api in
            let over = try await api.postStatement(xml + Array("\n".utf8))
            #expect(over.status == 413 && over.problemCode == "payload_too_large", "\(over.text)")
            let exact = try await api.postStatement(xml)
            #expect(exact.status == 201, "\(exact.text)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aCombinedPaymentSettlesTwoInvoicesAShortOneLeavesTheRestOpenAndAnUnrelatedOneIsMatchedByHand(_ backend: TestBackend) async throws {
        try await APIHarness.run(backend) { api in
            let invoices = try await api.openInvoices(buyer: "Globex Corporation", prefix: "INV-OPEN", amounts: [30_000, 20_000, 100_000])
            let xml = try StatementFixture.xml(messageID: "MSG-OPEN", entries: [
                StatementFixture.credit(50_000, bankReference: "C1", invoices: [(invoices[0].number, 30_000), (invoices[1].number, 20_000)],
                                        payer: "GLOBEX CORP"),
                StatementFixture.credit(40_000, bankReference: "C2", invoices: [(invoices[2].number, nil)], payer: "GLOBEX CORP"),
                StatementFixture.credit(77_777, bankReference: "C3", payer: "SOMEONE ELSE LTD"),
                StatementFixture.debit(1_500, bankReference: "D1", text: ["Bank fee"]),
            ])
            let response = try await api.postStatement(xml)
            #expect(response.status == 201, "\(response.text)")
            for invoice in invoices.prefix(2) {
                #expect(try await api.get("/v1/invoices/\(invoice.id)").json["status"] == .string("paid"))
            }
            let short = try await api.get("/v1/invoices/\(invoices[2].id)").json
            #expect(short["status"] == .string("open") && short["amount_paid"] == .int(40_000) && short["amount_remaining"] == .int(60_000))
            #expect(try await api.ledgerBalance("cash_settled") == 90_000)

            let unmatched = try await api.get("/v1/reconciliation/unmatched").json["data"]?.elements ?? []
            #expect(unmatched.count == 2)
            let unrelated = try #require(unmatched.first { $0["bank_reference"] == .string("C3") })
            #expect(unrelated["unmatched"]?["reason"] == .string("no_match"))
            let debit = try #require(unmatched.first { $0["bank_reference"] == .string("D1") })
            #expect(debit["unmatched"]?["reason"] == .string("debit_entry"))
            let entry = try #require(unrelated["id"]?.stringValue)

            let over = try await api.post("/v1/reconciliation/unmatched/\(entry)/match",
                                          #"{"allocations": [{"invoice_id": "\#(invoices[2].id)", "amount": 77777}]}"#)
            #expect(over.status == 422 && over.rules == ["manual_over_allocated"], "\(over.text)")
            let wrongSum = try await api.post("/v1/reconciliation/unmatched/\(entry)/match",
                                              #"{"allocations": [{"invoice_id": "\#(invoices[2].id)", "amount": 60000}]}"#)
            #expect(wrongSum.status == 422 && wrongSum.rules == ["manual_sum_mismatch"], "\(wrongSum.text)")
            let onDebit = try await api.post("/v1/reconciliation/unmatched/\(try #require(debit["id"]?.stringValue))/match",
                                             #"{"allocations": [{"invoice_id": "\#(invoices[2].id)", "amount": 1500}]}"#)
            #expect(onDebit.status == 422 && onDebit.rules == ["manual_entry_not_credit"], "\(onDebit.text)")
            #expect(try await api.ledgerBalance("cash_settled") == 90_000)

            let matched = try await api.post("/v1/reconciliation/unmatched/\(entry)/match",
                                             #"{"allocations": [{"invoice_id": "\#(invoices[2].id)", "amount": 60000}], "unapplied_amount": 17777}"#)
            #expect(matched.status == 200 && matched.json["status"] == .string("matched"), "\(matched.text)")
            #expect(matched.json["match"]?["rule"] == .string("manual"))
            #expect(try await api.get("/v1/invoices/\(invoices[2].id)").json["status"] == .string("paid"))
            // The whole 777.77 is at the bank; the 177.77 no invoice claims is owed to the payer.
            #expect(try await api.ledgerBalance("cash_settled") == 167_777)
            #expect(try await api.ledgerBalance("unapplied_cash") == 17_777)
            let twice = try await api.post("/v1/reconciliation/unmatched/\(entry)/match",
                                           #"{"allocations": [{"invoice_id": "\#(invoices[2].id)", "amount": 1}], "unapplied_amount": 77776}"#)
            #expect(twice.status == 409, "\(twice.text)")
            let left = try await api.get("/v1/reconciliation/unmatched").json["data"]?.elements ?? []
            #expect(left.count == 1)
            let state = try await api.ledgerState()
            #expect(state.clean, "\(state.summary)")
            #expect(try await api.get("/v1/bank_statements/bst_nope").status == 404)
        }
    }

    @Test func unmatchedEntriesArePaginated() async throws {
        try await APIHarness.run { api in
            let xml = try StatementFixture.xml(messageID: "MSG-PAGE", entries: (1...5).map {
                StatementFixture.credit(Int64(1_000 + $0), bankReference: "P\($0)", payer: "NOBODY \($0)")
            })
            #expect(try await api.postStatement(xml).status == 201)
            let first = try await api.get("/v1/reconciliation/unmatched?limit=3").json
            #expect(first["data"]?.elements.count == 3 && first["has_more"] == .bool(true))
            let cursor = try #require(first["next_cursor"]?.stringValue)
            let second = try await api.get("/v1/reconciliation/unmatched?limit=3&cursor=\(cursor)").json
            #expect(second["data"]?.elements.count == 2 && second["has_more"] == .bool(false))
        }
    }
}
