import Foundation
import RemitCore
import RemitISO20022
import RemitLedger
import RemitNACHA
import RemitRails
import RemitServer
import RemitStore
import RemitStripeSim
import RemitTestSupport
import Testing

/// Refunds go back over the rail their payment settled on: Stripe refunds for Stripe
/// payments, a NACHA credit entry for an ACH debit that went out by file.
@Suite struct RefundRailTests {
    @Test func aStripePaymentIsRefundedThroughStripeOnceUnderTheRefundsKey() async throws {
        try await StripeSettlementTests.withStripe { api, stripe in
            var payments: [String] = []
            for number in ["INV-S1", "INV-S2"] {
                let invoice = try await StripeSettlementTests.invoice(api, number: number)
                let id = try #require(try await StripeSettlementTests.pay(api, invoice: invoice, method: "card", paymentMethod: "pm_card_visa")["id"]?.stringValue)
                let settled = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
                #expect(settled["status"] == .string("settled"))
                payments.append(id)
            }
            let intent = try #require(try await api.get("/v1/payments/\(payments[0])").json["rail_reference"]?.stringValue)
            let created = try await Refunds.refund(api, payments[0], #"{"amount": 1000, "reason": "requested_by_customer"}"#)
            #expect(created.status == 201 && created.json["rail"] == .string("stripe"), "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            let done = try await Refunds.finished(api, id)
            #expect(done["status"] == .string("succeeded") && done["rail_reference"]?.stringValue?.hasPrefix("re_") == true, "\(done)")
            let requests = await stripe.state.recordedRequests().filter { $0.method == "POST" && $0.path == "/v1/refunds" }
            #expect(requests.count == 1)
            let request = try #require(requests.first)
            #expect(request.idempotencyKey == "refund:\(id)")
            #expect(request.parameter("payment_intent") == intent && request.parameter("amount") == "1000")
            #expect(request.parameter("reason") == "requested_by_customer")
            #expect(request.parameter("metadata[remit_refund_id]") == id && request.parameter("metadata[invoice_number]") == "INV-S1")
            let refunds = await stripe.state.refunds()
            #expect(refunds.count == 1 && refunds.first?["amount"] == .int(1000) && refunds.first?["payment_intent"] == .string(intent))

            // Remit's own limit answers before Stripe's: the rest of the payment, then nothing more.
            let rest = try await Refunds.refund(api, payments[0], #"{"reason": "The buyer returned the goods"}"#)
            #expect(rest.status == 201 && rest.json["amount"] == .int(Int(Refunds.total - 1000)))
            let restDone = try await Refunds.finished(api, try #require(rest.json["id"]?.stringValue))
            #expect(restDone["status"] == .string("succeeded"), "\(restDone)")
            // Free text is not one of Stripe's reasons: it travels in metadata only.
            let second = try #require(await stripe.state.recordedRequests().filter { $0.path == "/v1/refunds" }.last)
            #expect(second.parameter("reason") == nil && second.parameter("metadata[remit_reason]") == "The buyer returned the goods")
            #expect(try await Refunds.refund(api, payments[0], #"{"amount": 1}"#).status == 409)
            try await Refunds.expectBalancedBooks(api)
        }
    }

    @Test func aRefundStripeLeavesPendingIsLookedUpNotCreatedAgain() async throws {
        try await StripeSettlementTests.withStripe { api, stripe in
            // A Stripe ACH debit settles through its webhook; its refund is `pending` at Stripe
            // until the bank moves it, as on Stripe.
            let invoice = try await StripeSettlementTests.invoice(api, number: "INV-SP1")
            let paymentID = try #require(try await StripeSettlementTests.pay(api, invoice: invoice, method: "ach_debit",
                                                                             paymentMethod: "pm_usBankAccount_success")["id"]?.stringValue)
            let deadline = ContinuousClock.now + .seconds(15)
            while await stripe.state.recordedRequests().isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            _ = await stripe.state.settleProcessing()
            _ = try await StripeSettlementTests.deliverEmitted(api, stripe)
            #expect(try await api.eventually("/v1/payments/\(paymentID)") { $0["status"] == .string("settled") }["status"] == .string("settled"))

            let created = try await Refunds.refund(api, paymentID, #"{"amount": 500}"#)
            #expect(created.status == 201 && created.json["rail"] == .string("stripe"), "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            func posts() async -> Int { await stripe.state.recordedRequests().filter { $0.method == "POST" && $0.path == "/v1/refunds" }.count }
            while await posts() == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(await stripe.state.refunds().first?["status"] == .string("pending"))
            #expect(try await api.get("/v1/refunds/\(id)").json["status"] == .string("pending"))

            // The bank moves it; the processor's next attempt reads it by its remit_refund_id.
            #expect(await stripe.state.settlePendingRefunds().count == 1)
            let done = try await Refunds.finished(api, id)
            let stripeRefund = await stripe.state.refunds().first
            #expect(done["status"] == .string("succeeded") && done["rail_reference"] == stripeRefund?["id"], "\(done)")
            #expect(await posts() == 1, "a refund Stripe already has is never created again")
            let lists = await stripe.state.recordedRequests().filter { $0.method == "GET" && $0.path.hasPrefix("/v1/refunds") }
            #expect(lists.count >= 2)
            try await Refunds.expectBalancedBooks(api)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anACHDebitIsRefundedByANACHACreditEntryToTheBuyersAccount(_ backend: TestBackend) async throws {
        try await FileRailTests.run(backend) { api in
            let (invoice, number) = try await FileRailTests.invoice(api)
            let payment = try await FileRailTests.settledPayment(api, invoice: invoice, method: "ach_debit", account: FileRailTests.achAccount)
            let other = try await FileRailTests.invoice(api)
            _ = try await FileRailTests.settledPayment(api, invoice: other.id, method: "ach_debit", account: FileRailTests.achAccount)
            let paymentID = try #require(payment["id"]?.stringValue)
            let created = try await Refunds.refund(api, paymentID, #"{"amount": 12345}"#)
            #expect(created.status == 201 && created.json["rail"] == .string("ach"), "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            let done = try await Refunds.finished(api, id)
            #expect(done["status"] == .string("succeeded"), "\(done)")
            let trace = try #require(done["rail_reference"]?.stringValue)
            #expect(trace.count == 15 && trace != payment["rail_reference"]?.stringValue)
            let files = try await api.get("/v1/rail_files?payment_id=\(paymentID)").json["data"]
            guard case let .array(items)? = files else { Issue.record("no files"); return }
            let file = try #require(items.first { $0["reference"] == .string(trace) })
            let content = try #require(try await api.get("/v1/rail_files/\(file["id"]?.stringValue ?? "")").json["content"]?.stringValue)
            let nacha = try ACHFileReader().read(content)
            let entry = try #require(nacha.entries.first)
            #expect(nacha.entries.count == 1 && entry.transactionCode.rawValue == 22 && entry.amountCents == 12345)
            #expect(entry.receivingRoutingNumber == "011401533" && entry.accountNumber.hasPrefix("55501234") && entry.traceNumber == trace)
            #expect(entry.paymentRelatedInformation.hasPrefix("REFUND \(number)"))
            #expect(try await Refunds.balance(api, "refunds") == 12345)
            try await Refunds.expectBalancedBooks(api)

            // The buyer's bank sends the credit back: that is no return of the payment, but of the
            // refund. The refund becomes `returned`, the books give the cash back to the tenant,
            // and the tenant may refund again; imported twice, nothing changes.
            let cashBefore = try await Refunds.balance(api, "cash_in_transit")
            let returned = try await FileRailTests.postReturns(api, try FileRailTests.returnFile(for: content, traces: [trace]))
            #expect(returned.status == 200 && returned.json["returned"] == .int(0) && returned.json["refunds_returned"] == .int(1)
                    && returned.json["unmatched"] == .array([]), "\(returned.text)")
            #expect(try await api.get("/v1/payments/\(paymentID)").json["status"] == .string("settled"))
            let refund = try await api.get("/v1/refunds/\(id)").json
            #expect(refund["status"] == .string("returned") && refund["failure_reason"]?.stringValue?.hasPrefix("R01") == true, "\(refund)")
            #expect(try await Refunds.balance(api, "refunds") == 0)
            #expect(try await Refunds.balance(api, "cash_in_transit") == (cashBefore ?? 0) + 12345)
            let events = try await api.get("/v1/events?type=refund.returned").json["data"]
            #expect(Refunds.count(events) == 1)
            try await Refunds.expectBalancedBooks(api)
            let again = try await FileRailTests.postReturns(api, try FileRailTests.returnFile(for: content, traces: [trace]))
            #expect(again.json["already_returned"] == .int(1) && again.json["refunds_returned"] == .int(0), "\(again.text)")
            #expect(try await Refunds.balance(api, "refunds") == 0)
            let anew = try await Refunds.refund(api, paymentID, #"{"amount": 12345}"#)
            #expect(anew.status == 201, "a returned refund no longer counts against the payment: \(anew.text)")
        }
    }

    @Test func aSEPACreditIsRefundedByAPain001CreditTransferBackToTheBuyersIBAN() async throws {
        try await FileRailTests.run { api in
            let (invoice, _) = try await FileRailTests.invoice(api, currency: "EUR")
            let payment = try await FileRailTests.settledPayment(api, invoice: invoice, method: "sepa_credit", account: FileRailTests.sepaAccount)
            let other = try await FileRailTests.invoice(api, currency: "EUR")
            _ = try await FileRailTests.settledPayment(api, invoice: other.id, method: "sepa_credit", account: FileRailTests.sepaAccount)
            let paymentID = try #require(payment["id"]?.stringValue)
            let created = try await Refunds.refund(api, paymentID, #"{"amount": 5000}"#)
            #expect(created.status == 201 && created.json["rail"] == .string("sepa"), "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            let done = try await Refunds.finished(api, id)
            #expect(done["status"] == .string("succeeded") && done["rail_reference"] == .string(id), "\(done)")
            let files = try await api.get("/v1/rail_files?payment_id=\(paymentID)").json["data"]
            guard case let .array(items)? = files else { Issue.record("no files"); return }
            let file = try #require(items.first { $0["reference"] == .string(id) })
            let xml = try #require(try await api.get("/v1/rail_files/\(file["id"]?.stringValue ?? "")").json["content"]?.stringValue)
            try ISO20022Schema.pain001v09.sharedValidator().validate(Array(xml.utf8))
            #expect(xml.contains("<EndToEndId>\(id)</EndToEndId>") && xml.contains("<InstdAmt Ccy=\"EUR\">50.00</InstdAmt>"))
            // The tenant pays now: its IBAN is the debtor's, the buyer's the creditor's.
            let compact = xml.replacingOccurrences(of: "\\s*\\n\\s*", with: "", options: .regularExpression)
            #expect(compact.contains("<DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN>"), "\(xml)")
            #expect(compact.contains("<CdtrAcct><Id><IBAN>GB82WEST12345698765432</IBAN>"), "\(xml)")
            try await Refunds.expectBalancedBooks(api, currency: "EUR")
        }
    }

    @Test func aReturnedPaymentCannotBeRefunded() async throws {
        try await FileRailTests.run { api in
            let (invoice, _) = try await FileRailTests.invoice(api)
            let payment = try await FileRailTests.settledPayment(api, invoice: invoice, method: "ach_debit", account: FileRailTests.achAccount)
            let id = try #require(payment["id"]?.stringValue)
            let content = try #require(try await FileRailTests.railFile(api, payment: id)["content"]?.stringValue)
            let file = try FileRailTests.returnFile(for: content, traces: [try #require(payment["rail_reference"]?.stringValue)])
            #expect(try await FileRailTests.postReturns(api, file).json["returned"] == .int(1))
            let transfers = try await Refunds.transferCount(api)
            let refused = try await Refunds.refund(api, id, #"{"amount": 100}"#)
            #expect(refused.status == 409 && refused.json["detail"]?.stringValue?.contains("returned") == true, "\(refused.text)")
            #expect(try await Refunds.transferCount(api) == transfers)
            #expect(Refunds.count(try await api.get("/v1/payments/\(id)/refunds").json["data"]) == 0)
        }
    }
}
