import Foundation
import RemitCore
import RemitLedger
import RemitRails
import RemitServer
import RemitStore
import RemitTestSupport
import Testing

/// Refunds of settled payments through the API: what may be refunded, how the money goes
/// back over the payment's rail once, and how the books follow — on SQLite and PostgreSQL.
@Suite struct RefundAPITests {
    @Test(arguments: TestBackend.allCases)
    func partialRefundsUpToThePaymentSucceedAndBookTheRefundsAccount(_ backend: TestBackend) async throws {
        try await APIHarness.runWithGateway(backend) { api in
            let paid = try await Refunds.settledCardPayment(api)
            // A second payment's cash, so the first can be refunded in full although its fee
            // was kept by the rail.
            _ = try await Refunds.settledCardPayment(api)
            let cashBefore = try #require(try await Refunds.balance(api, "cash_in_transit"))
            #expect(cashBefore == 2 * (Refunds.total - Refunds.cardFee))

            let first = try await Refunds.refund(api, paid, #"{"amount": 100000, "reason": "requested_by_customer"}"#)
            #expect(first.status == 201, "\(first.text)")
            #expect(first.json["status"] == .string("pending") && first.json["rail"] == .string("gateway"))
            let firstID = try #require(first.json["id"]?.stringValue)
            #expect(firstID.hasPrefix("rfd_") && first.header("Location") == "/v1/refunds/\(firstID)")
            let done = try await Refunds.finished(api, firstID)
            #expect(done["status"] == .string("succeeded") && done["rail_reference"]?.stringValue?.hasPrefix("rf_") == true, "\(done)")

            // No amount: what is still refundable.
            let rest = try await Refunds.refund(api, paid)
            #expect(rest.status == 201 && rest.json["amount"] == .int(Int(Refunds.total - 100_000)), "\(rest.text)")
            let restDone = try await Refunds.finished(api, try #require(rest.json["id"]?.stringValue))
            #expect(restDone["status"] == .string("succeeded"))

            // Refunded in full: one more minor unit is refused and changes nothing.
            let transfers = try await Refunds.transferCount(api)
            let over = try await Refunds.refund(api, paid, #"{"amount": 1}"#)
            #expect(over.status == 409 && over.problemCode == "conflict", "\(over.text)")
            #expect(try await Refunds.transferCount(api) == transfers)

            let list = try await api.get("/v1/payments/\(paid)/refunds").json
            #expect(Refunds.count(list["data"]) == 2)
            #expect(try await Refunds.balance(api, "refunds") == Refunds.total)
            #expect(try await Refunds.balance(api, "cash_in_transit") == cashBefore - Refunds.total)
            #expect(try await LedgerAPITests.accounts(api)["refunds"]?["kind"] == .string("contra_revenue"))
            // The payment stays settled and its invoice paid: a refund is money given back, not a debt reopened.
            let payment = try await api.get("/v1/payments/\(paid)").json
            #expect(payment["status"] == .string("settled"))
            #expect(try await api.get("/v1/invoices/\(payment["invoice_id"]?.stringValue ?? "")").json["status"] == .string("paid"))
            #expect(Refunds.count(try await api.get("/v1/events?type=refund.succeeded").json["data"]) == 2)
            let fully = try await api.get("/v1/events?type=payment.refunded").json["data"]
            #expect(Refunds.count(fully) == 1 && fully?.firstItem?["data"]?["payment_id"] == .string(paid))
            try await Refunds.expectBalancedBooks(api)
        }
    }

    @Test func aRefundComesFromSettledCashOnceTheBankConfirmedThePaymentAndFromCashInTransitBefore() async throws {
        try await APIHarness.runWithGateway { api in
            let payments = try await api.settledPayments(buyer: "Northwind Traders", prefix: "INV-RB", amounts: [120_000, 45_050])
            let statement = try StatementFixture.xml(messageID: "MSG-R1", entries: [
                StatementFixture.credit(payments[0].net, bankReference: "RB1", endToEnd: payments[0].id, payer: "NORTHWIND TRADERS"),
            ])
            #expect(try await api.postStatement(statement).status == 201)
            #expect(try await api.ledgerBalance("cash_settled") == payments[0].net)
            #expect(try await api.ledgerBalance("cash_in_transit") == payments[1].net)

            let confirmed = try await Refunds.refund(api, payments[0].id, #"{"amount": 10000}"#)
            let unconfirmed = try await Refunds.refund(api, payments[1].id, #"{"amount": 5000}"#)
            for response in [confirmed, unconfirmed] {
                #expect(try await Refunds.finished(api, try #require(response.json["id"]?.stringValue))["status"] == .string("succeeded"))
            }
            #expect(try await api.ledgerBalance("cash_settled") == payments[0].net - 10_000)
            #expect(try await api.ledgerBalance("cash_in_transit") == payments[1].net - 5_000)
            #expect(try await api.ledgerBalance("refunds") == 15_000)
            // More than the settled cash holds is refused: the fee the rail kept came out of it.
            let over = try await Refunds.refund(api, payments[0].id, #"{"amount": \#(payments[0].net - 10_000 + 1)}"#)
            #expect(over.status == 409, "\(over.text)")
            try await Refunds.expectBalancedBooks(api)
        }
    }

    @Test func anAmountAboveWhatIsLeftIsRefusedAndChangesNothing() async throws {
        // The rail never answers: the first refund stays pending, and a pending refund counts.
        let rail = ScriptedRefundRail(then: .unknown(reason: "no answer"))
        try await APIHarness.runWithGateway(refundRail: rail) { api in
            let paid = try await Refunds.settledCardPayment(api)
            _ = try await Refunds.settledCardPayment(api)
            let first = try await Refunds.refund(api, paid, #"{"amount": 300000}"#)
            #expect(first.status == 201)
            let transfers = try await Refunds.transferCount(api)
            let over = try await Refunds.refund(api, paid, #"{"amount": 75001}"#)
            #expect(over.status == 422 && over.fieldErrors == ["amount"] && over.rules == ["max"], "\(over.text)")
            #expect(try await Refunds.transferCount(api) == transfers)
            #expect(Refunds.count(try await api.get("/v1/payments/\(paid)/refunds").json["data"]) == 1)
            // Exactly what is left (the pending refund counts) is accepted.
            #expect(try await api.get("/v1/refunds/\(first.json["id"]?.stringValue ?? "")").json["status"] == .string("pending"))
            #expect(try await Refunds.refund(api, paid, #"{"amount": 75000}"#).status == 201)
            #expect(try await Refunds.refund(api, paid, #"{"amount": 1}"#).status == 409)
            try await Refunds.expectBalancedBooks(api)
        }
    }

    @Test func aRefundTheBooksCannotFundIsRefusedAndChangesNothing() async throws {
        try await APIHarness.runWithGateway { api in
            let paid = try await Refunds.settledCardPayment(api)
            let transfers = try await Refunds.transferCount(api)
            // The only cash is the payment less the card fee the rail kept: a full refund would
            // make cash in transit negative.
            let refused = try await Refunds.refund(api, paid)
            #expect(refused.status == 409 && refused.problemCode == "conflict", "\(refused.text)")
            #expect(refused.json["detail"]?.stringValue?.contains("cash") == true)
            #expect(try await Refunds.transferCount(api) == transfers)
            #expect(Refunds.count(try await api.get("/v1/payments/\(paid)/refunds").json["data"]) == 0)
            #expect(try await Refunds.balance(api, "refunds") == 0)
            let partial = try await Refunds.refund(api, paid, #"{"amount": \#(Refunds.total - Refunds.cardFee)}"#)
            #expect(partial.status == 201, "\(partial.text)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentRefundsOfOnePaymentNeverExceedIt(_ backend: TestBackend) async throws {
        try await APIHarness.runWithGateway(backend) { api in
            let paid = try await Refunds.settledCardPayment(api)
            _ = try await Refunds.settledCardPayment(api)
            // Six refunds of 1,000.00 race for a payment of 3,750.00: exactly three fit.
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await Refunds.refund(api, paid, #"{"amount": 100000}"#).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 3 && statuses.filter { $0 == 422 }.count == 3, "\(statuses)")
            let list = try await api.get("/v1/payments/\(paid)/refunds").json["data"]
            #expect(Refunds.count(list) == 3)
            try await Refunds.expectBalancedBooks(api)
        }
    }

    @Test func badInputIsAProblemAndChangesNothing() async throws {
        try await APIHarness.runWithGateway { api in
            let paid = try await Refunds.settledCardPayment(api)
            _ = try await Refunds.settledCardPayment(api)
            let transfers = try await Refunds.transferCount(api)
            for (body, field, rule) in [(#"{"amount": 0}"#, "amount", "range"), (#"{"amount": "10"}"#, "amount", "type"),
                                        (#"{"reason": "\#(String(repeating: "r", count: RefundLimits.reasonLengthMax + 1))"}"#, "reason", "max_length"),
                                        (#"{"amout": 10}"#, "amout", "unknown_field")] {
                let response = try await Refunds.refund(api, paid, body)
                #expect(response.status == 422 && response.header("Content-Type") == "application/problem+json", "\(response.text)")
                #expect(response.fieldErrors == [field] && response.rules == [rule], "\(body): \(response.text)")
            }
            let noKey = try await api.request(.post, "/v1/payments/\(paid)/refunds", json: "{}")
            #expect(noKey.status == 400 && noKey.problemCode == "idempotency_key_missing")
            #expect(try await Refunds.transferCount(api) == transfers)
            #expect(Refunds.count(try await api.get("/v1/payments/\(paid)/refunds").json["data"]) == 0)
            // A reason of exactly the limit is accepted.
            let edge = try await Refunds.refund(api, paid, #"{"amount": 1, "reason": "\#(String(repeating: "r", count: RefundLimits.reasonLengthMax))"}"#)
            #expect(edge.status == 201, "\(edge.text)")
            // Another tenant sees neither the payment nor the refund.
            let other = try await api.otherTenantKey()
            #expect(try await Refunds.refund(api, paid, #"{"amount": 1}"#, key: other).status == 404)
            #expect(try await api.get("/v1/payments/\(paid)/refunds", key: other).status == 404)
            #expect(try await api.get("/v1/refunds/\(edge.json["id"]?.stringValue ?? "")", key: other).status == 404)
            #expect(try await api.get("/v1/refunds/rfd_nothere").status == 404)
            #expect(try await api.get("/v1/refunds/not-an-id").status == 404)
        }
    }

    @Test func aPaymentTakesAtMostRefundsPerPaymentMaxRefundsFailedOnesIncluded() async throws {
        let rail = ScriptedRefundRail(then: .declined(code: "card_expired", message: "The card expired."))
        try await APIHarness.runWithGateway(refundRail: rail) { api in
            let paid = try await Refunds.settledCardPayment(api)
            for index in 1...RefundLimits.refundsPerPaymentMax {
                let response = try await Refunds.refund(api, paid, #"{"amount": 1}"#)
                try #require(response.status == 201, "refund \(index): \(response.text)")
            }
            let refused = try await Refunds.refund(api, paid, #"{"amount": 1}"#)
            #expect(refused.status == 409 && refused.json["detail"]?.stringValue?.contains("refundsPerPaymentMax") == true, "\(refused.text)")
            var count = 0
            var cursor: String?
            repeat {
                let page = try await api.get("/v1/payments/\(paid)/refunds?limit=100" + (cursor.map { "&cursor=\($0)" } ?? "")).json
                count += Refunds.count(page["data"])
                cursor = page["next_cursor"]?.stringValue
            } while cursor != nil
            #expect(count == RefundLimits.refundsPerPaymentMax)
        }
    }

    @Test func onlyASettledPaymentCanBeRefunded() async throws {
        // Nothing listens on the harness's default rail: the payment never settles.
        try await APIHarness.run(testing: .live, configuration: SettlementFlowTests.configuration()) { api in
            let buyer = try await api.createBuyer()
            let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-RN")).json["id"]?.stringValue)
            let id = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "card"}"#).json["id"]?.stringValue)
            let refused = try await Refunds.refund(api, id, #"{"amount": 100}"#)
            #expect(refused.status == 409 && refused.problemCode == "conflict", "\(refused.text)")
            #expect(refused.json["detail"]?.stringValue?.contains("settled") == true)
            #expect(Refunds.count(try await api.get("/v1/payments/\(id)/refunds").json["data"]) == 0)
        }
    }

    @Test func replayingTheIdempotencyKeyAnswersTheSameRefund() async throws {
        try await APIHarness.runWithGateway { api in
            let paid = try await Refunds.settledCardPayment(api)
            let key = UUID().uuidString
            let first = try await Refunds.refund(api, paid, #"{"amount": 500}"#, idempotencyKey: key)
            let again = try await Refunds.refund(api, paid, #"{"amount": 500}"#, idempotencyKey: key)
            #expect(first.status == 201 && again.status == 201)
            #expect(again.json["id"] == first.json["id"] && again.header("Idempotent-Replayed") == "true")
            let reused = try await Refunds.refund(api, paid, #"{"amount": 501}"#, idempotencyKey: key)
            #expect(reused.status == 422 && reused.problemCode == "idempotency_key_reused")
            #expect(Refunds.count(try await api.get("/v1/payments/\(paid)/refunds").json["data"]) == 1)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aRailDeclineFailsTheRefundAndVoidsItsHold(_ backend: TestBackend) async throws {
        let rail = ScriptedRefundRail(then: .declined(code: "insufficient_balance", message: "The merchant balance is too low."))
        try await APIHarness.runWithGateway(backend, refundRail: rail) { api in
            let paid = try await Refunds.settledCardPayment(api)
            let cash = try await Refunds.balance(api, "cash_in_transit")
            let created = try await Refunds.refund(api, paid, #"{"amount": 20000}"#)
            let id = try #require(created.json["id"]?.stringValue, "\(created.text)")
            let failed = try await Refunds.finished(api, id)
            #expect(failed["status"] == .string("failed"))
            #expect(failed["failure_reason"] == .string("insufficient_balance: The merchant balance is too low."))
            let accounts = try await LedgerAPITests.accounts(api)
            #expect(accounts["refunds"]?["balance"] == .int(0) && accounts["refunds"]?["debits_pending"] == .int(0))
            #expect(accounts["cash_in_transit"]?["balance"]?.int64Value == cash && accounts["cash_in_transit"]?["credits_pending"] == .int(0))
            let hold = try await LedgerAPITests.transfers(api).first { $0["client_id"] == .string("refund:\(id)") }
            #expect(hold?["pending_state"] == .string("voided"))
            #expect(Refunds.count(try await api.get("/v1/events?type=refund.failed").json["data"]) == 1)
            // The failed refund does not count: the whole amount may be asked for again.
            #expect(try await Refunds.refund(api, paid, #"{"amount": 20000}"#).status == 201)
            #expect(await rail.keys.first == "refund:\(id)")
            try await Refunds.expectBalancedBooks(api)
        }
    }

    @Test func anUnknownAnswerIsRetriedWithTheSameKeyAndRefundsOnce() async throws {
        let rail = ScriptedRefundRail([.unknown(reason: "timeout"), .unknown(reason: "503")], then: .succeeded(railReference: "gw_re_1"))
        try await APIHarness.runWithGateway(configure: { $0.refunds.retryDelayMilliseconds = 10 }, refundRail: rail) { api in
            let paid = try await Refunds.settledCardPayment(api)
            let id = try #require(try await Refunds.refund(api, paid, #"{"amount": 1000}"#).json["id"]?.stringValue)
            let done = try await Refunds.finished(api, id)
            #expect(done["status"] == .string("succeeded") && done["rail_reference"] == .string("gw_re_1"))
            #expect(await rail.keys == Array(repeating: "refund:\(id)", count: 3))
            let hold = try await LedgerAPITests.transfers(api).first { $0["client_id"] == .string("refund:\(id)") }
            #expect(hold?["pending_state"] == .string("posted"))
            #expect(try await Refunds.balance(api, "refunds") == 1000)
            try await Refunds.expectBalancedBooks(api)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aRefundLeftPendingByAStopIsResumedWithTheSameKey(_ backend: TestBackend) async throws {
        let location = try await TestDatabase.location(backend)
        // First lifetime: no refund processor, as if the process died right after the commit.
        let (tenant, refundID) = try await Self.firstLifetime(backend, location)
        let rail = ScriptedRefundRail(then: .succeeded(railReference: "gw_re_resumed"))
        var configuration = ServerConfiguration(port: 0)
        configuration.refunds.idlePollMilliseconds = 10
        try await APIHarness.run(backend, at: location, testing: .live, configuration: configuration, refundRail: rail) { api in
            let deadline = ContinuousClock.now + .seconds(15)
            var refund: Refund?
            while ContinuousClock.now < deadline {
                refund = try await api.store.read { try await $0.refund(refundID, tenant: tenant) }
                if refund?.status != .pending { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(refund?.status == .succeeded && refund?.railReference == "gw_re_resumed")
            #expect(await rail.keys == ["refund:\(refundID)"])
            let verification = LedgerVerifier.verify(try await api.store.ledgerSnapshot(tenant: tenant))
            #expect(verification.isValid, "\(verification.summary)")
        }
    }

    private static func firstLifetime(_ backend: TestBackend, _ location: StoreLocation) async throws -> (TenantID, RefundID) {
        let box = ResultBox()
        try await APIHarness.runWithGateway(backend, at: location, configure: { $0.refunds.enabled = false }) { api in
            let paid = try await Refunds.settledCardPayment(api)
            let created = try await Refunds.refund(api, paid, #"{"amount": 700}"#)
            #expect(created.status == 201 && created.json["status"] == .string("pending"))
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await api.get("/v1/refunds/\(created.json["id"]?.stringValue ?? "")").json["status"] == .string("pending"))
            await box.set(api.tenant.id, RefundID(rawValue: created.json["id"]?.stringValue ?? ""))
        }
        return try #require(await box.value)
    }
}

/// Carries a value out of a `@Sendable` test body.
private actor ResultBox {
    var value: (TenantID, RefundID)?
    func set(_ tenant: TenantID, _ refund: RefundID) { value = (tenant, refund) }
}
