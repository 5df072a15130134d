import Foundation
import HTTPTypes
import RemitCore
import RemitLedger
import RemitRails
import RemitServer
import RemitStore
import RemitStripeSim
import RemitTestSupport
import RemitWorkflow
import Testing

/// Card and ACH-debit payments that settle through Stripe (the local stand-in), and Stripe's
/// webhooks delivering the outcome of an asynchronous debit.
@Suite struct StripeSettlementTests {
    static let secretKey = "sk_test_remit"
    static let webhookSecret = "whsec_remit_test"

    /// A server configuration that talks to the stand-in at `baseURL`. The retry backoff is
    /// long, so a processing debit waits for its webhook instead of polling Stripe.
    static func configuration(_ baseURL: String, backoffMilliseconds: Int64 = 600_000) -> ServerConfiguration {
        var configuration = ServerConfiguration(port: 0)
        configuration.executor.idlePollMilliseconds = 20
        configuration.executor.runPolicy = RunPolicy(attemptsMax: 5, backoffBaseMilliseconds: backoffMilliseconds,
                                                     backoffMaxMilliseconds: backoffMilliseconds)
        configuration.stripe = StripeConfiguration(baseURL: baseURL, secretKey: secretKey, webhookSigningSecrets: [webhookSecret],
                                                   requestTimeout: .seconds(5))
        return configuration
    }

    /// Runs the stand-in and the server against it. The stand-in records its signed events
    /// without sending them (the server's port is known only once it runs); tests deliver them
    /// byte for byte with their `Stripe-Signature`, as Stripe would.
    static func withStripe(clock: ManualClock? = nil, _ body: @Sendable @escaping (APIHarness, StripeSim) async throws -> Void) async throws {
        let sim = StripeSimConfiguration(port: 0, secretKeys: [secretKey], webhookURL: nil, webhookSigningSecrets: [webhookSecret])
        let wallClock = clock?.wallClock ?? .system
        try await StripeSimService.whileRunning(sim, clock: wallClock, logger: TestDatabase.logger) { stripe in
            try await APIHarness.run(testing: .live, clock: wallClock, configuration: configuration(stripe.baseURL)) { api in
                try await body(api, stripe)
            }
        }
    }

    /// Delivers every event the stand-in emitted since `count`, in order; returns the answers.
    static func deliverEmitted(_ api: APIHarness, _ stripe: StripeSim, after count: Int = 0) async throws -> [(StripeSimEvent, APIResponse)] {
        var answers: [(StripeSimEvent, APIResponse)] = []
        for event in await stripe.state.emittedEvents().dropFirst(count) {
            answers.append((event, try await deliver(api, payload: event.payload, signature: event.signatureHeader)))
        }
        return answers
    }

    /// An invoice for the standard buyer, with a PO number.
    static func invoice(_ api: APIHarness, number: String = "INV-\(Int.random(in: 1_000...999_999))") async throws -> String {
        let buyer = try await api.createBuyer(WorkflowAPITests.buyer)
        let response = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: number, extra: #", "po_number": "PO-77""#))
        return try #require(response.json["id"]?.stringValue, "\(response.text)")
    }

    static func pay(_ api: APIHarness, invoice: String, method: String, paymentMethod: String) async throws -> JSONValue {
        let response = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "\#(method)", "stripe_payment_method": "\#(paymentMethod)"}"#)
        #expect(response.status == 201, "\(response.text)")
        return response.json
    }

    /// The state of the pending transfer a payment's settlement booked.
    static func pendingState(_ api: APIHarness, payment: String) async throws -> PendingState? {
        let tenant = api.tenant.id
        let transfers = try await api.store.read { try await $0.ledgerTransfers(tenant: tenant, page: PageRequest(limit: 200)) }.items
        return transfers.first { $0.transfer.clientID == "payment_initiated:\(payment)" }?.pendingState
    }

    static func transferCount(_ api: APIHarness) async throws -> Int {
        let tenant = api.tenant.id
        return try await api.store.read { try await $0.ledgerTransfers(tenant: tenant, page: PageRequest(limit: 200)) }.items.count
    }

    /// POSTs an event to the webhook as Stripe would.
    static func deliver(_ api: APIHarness, payload: [UInt8], signature: String) async throws -> APIResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[HTTPField.Name("Stripe-Signature")!] = signature
        return try await api.raw(.post, "/v1/stripe/webhook", headers: headers, body: payload)
    }

    @Test func aCardPaymentSettlesThroughStripeAndItsRunCompletes() async throws {
        try await Self.withStripe { api, stripe in
            let invoice = try await Self.invoice(api, number: "INV-1001")
            let payment = try await Self.pay(api, invoice: invoice, method: "card", paymentMethod: "pm_card_visa")
            let id = try #require(payment["id"]?.stringValue)
            let settled = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
            #expect(settled["status"] == .string("settled"))
            #expect(settled["rail_reference"]?.stringValue?.hasPrefix("pi_") == true, "\(settled)")
            let runID = try #require(settled["run_id"]?.stringValue)
            #expect(try await api.get("/v1/runs/\(runID)").json["status"] == .string("completed"))
            #expect(try await Self.pendingState(api, payment: id) == .posted)
            let requests = await stripe.state.recordedRequests().filter { $0.method == "POST" && $0.path == "/v1/payment_intents" }
            #expect(requests.count == 1)
            let request = try #require(requests.first)
            // The key is the settle step's, derived from the run and the step: a retry sends the same.
            let key = try #require(request.idempotencyKey)
            #expect(key.hasPrefix("\(runID):") && key.hasSuffix(":1"), "\(key)")
            #expect(request.parameter("payment_method") == "pm_card_visa")
            #expect(request.parameter("amount") == "375000" && request.parameter("currency") == "usd")
            #expect(request.parameter("metadata[payment_id]") == id)
            #expect(request.parameter("metadata[run_id]") == runID)
            #expect(request.parameter("metadata[invoice_id]") == invoice)
            #expect(request.parameter("metadata[invoice_number]") == "INV-1001")
            #expect(request.parameter("metadata[po_number]") == "PO-77")
            #expect(request.parameter("description") == "Invoice INV-1001")
        }
    }

    @Test func aDeclinedCardFailsTheSettlementAndVoidsThePendingTransfer() async throws {
        try await Self.withStripe { api, stripe in
            let invoice = try await Self.invoice(api)
            let id = try #require(try await Self.pay(api, invoice: invoice, method: "card", paymentMethod: "pm_card_chargeDeclined")["id"]?.stringValue)
            let failed = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("failed") }
            #expect(failed["status"] == .string("failed"), "\(failed)")
            #expect(failed["rail_reference"] == nil || failed["rail_reference"] == .null)
            #expect(try await Self.pendingState(api, payment: id) == .voided)
            let invoiceNow = try await api.get("/v1/invoices/\(invoice)").json
            #expect(invoiceNow["amount_paid"] == .int(0))
            let events = try await api.get("/v1/events?type=payment.settlement_failed").json["data"]?.firstItem
            #expect(events?["data"]?["output"]?["decline_code"] == .string("generic_decline"), "\(String(describing: events))")
            #expect(await stripe.state.recordedRequests().filter { $0.method == "POST" }.count == 1)
        }
    }

    @Test func aCardPaymentWithoutASavedCardIsRefusedWithoutCallingStripe() async throws {
        try await Self.withStripe { api, stripe in
            let invoice = try await Self.invoice(api)
            let response = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "card"}"#)
            let id = try #require(response.json["id"]?.stringValue)
            let failed = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("failed") }
            #expect(failed["status"] == .string("failed"))
            #expect(await stripe.state.recordedRequests().isEmpty)
        }
    }

    @Test func aPaymentWithAMalformedStripePaymentMethodIsRefusedAndNothingIsStored() async throws {
        try await Self.withStripe { api, _ in
            let invoice = try await Self.invoice(api)
            let long = "pm_" + String(repeating: "a", count: 252)
            for (method, value, rule) in [("card", "card_123", "format"), ("card", "pm_", "format"), ("card", long + "a", "format"),
                                          ("wire", "pm_card_visa", "method")] {
                let response = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "\#(method)", "stripe_payment_method": "\#(value)"}"#)
                #expect(response.status == 422, "\(response.text)")
                #expect(response.fieldErrors == ["stripe_payment_method"] && response.rules == [rule], "\(response.text)")
            }
            // At the limit (255 characters) it is accepted.
            #expect(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "card", "stripe_payment_method": "\#(long)"}"#).status == 201)
            #expect(try await api.get("/v1/payments").json["data"].map { if case let .array(items) = $0 { items.count } else { 0 } } == 1)
        }
    }

    @Test func aProcessingACHDebitIsSettledByTheSignedWebhookTheStandInSends() async throws {
        // The clock stands still, so the debit's retry never comes due: only the webhook decides.
        let clock = ManualClock(start: Date())
        try await Self.withStripe(clock: clock) { api, stripe in
            let invoice = try await Self.invoice(api)
            let id = try #require(try await Self.pay(api, invoice: invoice, method: "ach_debit", paymentMethod: "pm_usBankAccount_success")["id"]?.stringValue)
            let runID = try #require(try await api.get("/v1/payments/\(id)").json["run_id"]?.stringValue)
            // The debit is processing: the step waits for a retry that the webhook makes unnecessary.
            let waiting = try await api.eventually("/v1/runs/\(runID)") { run in
                guard case let .array(journal)? = run["journal"] else { return false }
                return journal.contains { $0["kind"] == .string("retry_scheduled") }
            }
            guard case let .array(journal)? = waiting["journal"] else { Issue.record("no journal"); return }
            #expect(journal.contains { $0["kind"] == .string("retry_scheduled") })
            #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("processing"))
            #expect(try await Self.pendingState(api, payment: id) == .pending)
            #expect(await stripe.state.recordedRequests().first?.parameter("payment_method") == "pm_usBankAccount_success")
            // `payment_intent.processing` decides nothing.
            let processing = try await Self.deliverEmitted(api, stripe)
            #expect(processing.map { $0.1.json["status"] } == [.string("ignored")], "\(processing.map { $0.1.text })")

            #expect(await stripe.state.settleProcessing().count == 1)
            let delivered = try await Self.deliverEmitted(api, stripe, after: processing.count)
            #expect(delivered.map(\.0.type) == ["payment_intent.succeeded"])
            #expect(delivered.first?.1.status == 200 && delivered.first?.1.json["status"] == .string("applied"), "\(delivered.map { $0.1.text })")
            let settled = try await api.get("/v1/payments/\(id)").json
            #expect(settled["status"] == .string("settled"), "\(settled)")
            #expect(settled["rail_reference"]?.stringValue?.hasPrefix("pi_") == true)
            #expect(try await api.get("/v1/runs/\(runID)").json["status"] == .string("completed"))
            #expect(try await Self.pendingState(api, payment: id) == .posted)
            #expect(try await api.get("/v1/invoices/\(invoice)").json["amount_paid"] == .int(375_000))
            let eventID = try #require(delivered.first?.0.id)
            let stored = try await api.store.read { try await $0.stripeEvent(eventID) }
            #expect(stored?.status == .applied && stored?.paymentID == id && stored?.tenantID == api.tenant.id)
            // Only one charge was ever asked for.
            #expect(await stripe.state.recordedRequests().filter { $0.method == "POST" }.count == 1)
        }
    }

    @Test func aFailedACHDebitWebhookFailsTheSettlementAndVoidsThePendingTransfer() async throws {
        // The clock stands still, so the debit's retry never comes due: only the webhook decides.
        let clock = ManualClock(start: Date())
        try await Self.withStripe(clock: clock) { api, stripe in
            let invoice = try await Self.invoice(api)
            let id = try #require(try await Self.pay(api, invoice: invoice, method: "ach_debit", paymentMethod: "pm_usBankAccount_insufficientFunds")["id"]?.stringValue)
            let deadline = ContinuousClock.now + .seconds(15)
            while await stripe.state.recordedRequests().isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            _ = try await api.eventually("/v1/payments/\(id)") { _ in true }
            #expect(await stripe.state.settleProcessing().count == 1)
            let delivered = try await Self.deliverEmitted(api, stripe)
            #expect(delivered.contains { $0.0.type == "payment_intent.payment_failed" && $0.1.json["status"] == .string("applied") },
                    "\(delivered.map { $0.1.text })")
            let failed = try await api.get("/v1/payments/\(id)").json
            #expect(failed["status"] == .string("failed"), "\(failed)")
            #expect(try await Self.pendingState(api, payment: id) == .voided)
        }
    }

    /// A processing debit and the stand-in's signed `payment_intent.succeeded`, not yet delivered.
    static func processingDebit(_ api: APIHarness, _ stripe: StripeSim) async throws -> (payment: String, event: StripeSimEvent) {
        let invoice = try await invoice(api)
        let id = try #require(try await pay(api, invoice: invoice, method: "ach_debit", paymentMethod: "pm_usBankAccount_success")["id"]?.stringValue)
        let deadline = ContinuousClock.now + .seconds(15)
        while await stripe.state.recordedRequests().isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        _ = await stripe.state.settleProcessing()
        let event = try #require(await stripe.state.emittedEvents().first { $0.type == "payment_intent.succeeded" })
        return (id, event)
    }

    @Test func aTamperedOrStaleWebhookIsRefusedAndChangesNothing() async throws {
        // The clock stands still, so the debit's retry never comes due: only the webhook decides.
        let clock = ManualClock(start: Date())
        try await Self.withStripe(clock: clock) { api, stripe in
            let (id, event) = try await Self.processingDebit(api, stripe)
            let transfers = try await Self.transferCount(api)
            // One byte more (still valid JSON) no longer matches the signature.
            let tampered = event.payload + Array(" ".utf8)
            let now = clock.wallClock.nowMilliseconds / 1_000
            let refusals = [
                (tampered, event.signatureHeader),
                (event.payload, StripeWebhookVerifier.signatureHeader(payload: event.payload, timestamp: now - 301, secrets: [Self.webhookSecret])),
                (event.payload, StripeWebhookVerifier.signatureHeader(payload: event.payload, timestamp: now, secrets: ["whsec_other"])),
                (event.payload, "t=\(now)"),
            ]
            for (payload, signature) in refusals {
                let response = try await Self.deliver(api, payload: payload, signature: signature)
                #expect(response.status == 401, "\(response.text)")
                #expect(response.header("Content-Type")?.hasPrefix("application/problem+json") == true)
                #expect(response.problemCode == "unauthorized")
            }
            let missing = try await api.raw(.post, "/v1/stripe/webhook", headers: [.contentType: "application/json"], body: event.payload)
            #expect(missing.status == 401 && missing.problemCode == "unauthorized", "\(missing.text)")
            #expect(try await api.store.read { try await $0.stripeEvent(event.id) } == nil)
            #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("processing"))
            #expect(try await Self.transferCount(api) == transfers)
            // At the edge of the tolerance (300 s) it is accepted.
            let edge = StripeWebhookVerifier.signatureHeader(payload: event.payload, timestamp: now - 299, secrets: [Self.webhookSecret])
            let accepted = try await Self.deliver(api, payload: event.payload, signature: edge)
            #expect(accepted.status == 200 && accepted.json["status"] == .string("applied"), "\(accepted.text)")
            #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("settled"))
        }
    }

    @Test func aReplayedEventChangesNothing() async throws {
        // The clock stands still, so the debit's retry never comes due: only the webhook decides.
        let clock = ManualClock(start: Date())
        try await Self.withStripe(clock: clock) { api, stripe in
            let (id, event) = try await Self.processingDebit(api, stripe)
            let first = try await Self.deliver(api, payload: event.payload, signature: event.signatureHeader)
            #expect(first.status == 200 && first.json["status"] == .string("applied") && first.json["duplicate"] == .bool(false), "\(first.text)")
            let settled = try await api.get("/v1/payments/\(id)").json
            #expect(settled["status"] == .string("settled"))
            let transfers = try await Self.transferCount(api)
            let again = try await Self.deliver(api, payload: event.payload, signature: event.signatureHeader)
            #expect(again.status == 200 && again.json["duplicate"] == .bool(true) && again.json["status"] == .string("applied"), "\(again.text)")
            #expect(try await api.get("/v1/payments/\(id)").json == settled)
            #expect(try await Self.transferCount(api) == transfers)
            let settledEvents = try await api.get("/v1/events?type=payment.settled").json["data"]
            #expect(settledEvents.map { if case let .array(items) = $0 { items.count } else { 0 } } == 1)
        }
    }

    @Test func anEventForAnUnknownPaymentIsAcknowledgedAndRecordedAsUnmatched() async throws {
        try await Self.withStripe { api, _ in
            let payload = Array(#"""
            {"id": "evt_unknown_1", "object": "event", "type": "payment_intent.succeeded", "created": 1795000000, "livemode": false,
             "data": {"object": {"id": "pi_unknown", "object": "payment_intent", "amount": 5000, "currency": "usd", "status": "succeeded",
                                 "metadata": {"payment_id": "pay_doesnotexist"}}}}
            """#.utf8)
            let signature = StripeWebhookVerifier.signatureHeader(payload: payload, timestamp: Int64(Date().timeIntervalSince1970),
                                                                  secrets: [Self.webhookSecret])
            let response = try await Self.deliver(api, payload: payload, signature: signature)
            #expect(response.status == 200 && response.json["status"] == .string("unmatched"), "\(response.text)")
            #expect(try await api.store.read { try await $0.stripeEvent("evt_unknown_1") }?.status == .unmatched)
            let other = Array(#"{"id": "evt_other_1", "object": "event", "type": "customer.created", "data": {"object": {}}}"#.utf8)
            let ignored = try await Self.deliver(api, payload: other, signature: StripeWebhookVerifier.signatureHeader(
                payload: other, timestamp: Int64(Date().timeIntervalSince1970), secrets: [Self.webhookSecret]))
            #expect(ignored.status == 200 && ignored.json["status"] == .string("ignored"), "\(ignored.text)")
        }
    }

    @Test func withoutAWebhookSecretTheWebhookIsNotFound() async throws {
        try await APIHarness.run { api in
            let response = try await Self.deliver(api, payload: Array("{}".utf8), signature: "t=1,v1=00")
            #expect(response.status == 404 && response.problemCode == "not_found", "\(response.text)")
        }
    }

    @Test func aNetTermsCheckoutWaitsUntilTheDueDateThenSettlesByTheChosenMethod() async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_795_000_000))
        try await Self.withStripe(clock: clock) { api, stripe in
            let invoice = try await Self.invoice(api)
            let session = try await api.post("/v1/checkout_sessions", #"{"invoice_id": "\#(invoice)"}"#).json
            let sessionID = try #require(session["id"]?.stringValue)
            let due = try #require(session["net_terms_due_date"]?.stringValue.flatMap(CalendarDate.init(iso8601:)))
            #expect(due == CalendarDate(utc: clock.wallClock.now()).adding(days: 60))
            // The built-in policy hides cards from a net-60 buyer, so the money cannot move by card either.
            let refused = try await api.post("/v1/checkout_sessions/\(sessionID)/confirm",
                                             #"{"method": "net_terms", "settle_method": "card", "stripe_payment_method": "pm_card_visa"}"#)
            #expect(refused.status == 422 && refused.fieldErrors == ["settle_method"] && refused.rules == ["offered"], "\(refused.text)")
            let confirmed = try await api.post("/v1/checkout_sessions/\(sessionID)/confirm",
                                               #"{"method": "net_terms", "settle_method": "ach_debit", "stripe_payment_method": "pm_usBankAccount_success"}"#)
            #expect(confirmed.status == 201, "\(confirmed.text)")
            let id = try #require(confirmed.json["payment"]?["id"]?.stringValue)
            #expect(confirmed.json["payment"]?["status"] == .string("waiting"), "\(confirmed.text)")
            // No money moves at confirmation: no charge, no pending transfer.
            #expect(try await Self.pendingState(api, payment: id) == nil)

            let dueInstant = TimeInterval(due.dayNumber) * 86_400
            clock.set(Date(timeIntervalSince1970: dueInstant - 1))
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await api.get("/v1/payments/\(id)").json["status"] == .string("waiting"))
            #expect(await stripe.state.recordedRequests().isEmpty)

            clock.set(Date(timeIntervalSince1970: dueInstant + 1))
            let deadline = ContinuousClock.now + .seconds(15)
            while await stripe.state.recordedRequests().isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let request = try #require(await stripe.state.recordedRequests().first)
            #expect(request.parameter("payment_method") == "pm_usBankAccount_success")
            #expect(request.parameter("excluded_payment_method_types[0]") == "card", "the methods the decision hid are excluded")
            _ = await stripe.state.settleProcessing()
            let event = try #require(await stripe.state.emittedEvents().first { $0.type == "payment_intent.succeeded" })
            let delivered = try await Self.deliver(api, payload: event.payload, signature: event.signatureHeader)
            #expect(delivered.json["status"] == .string("applied"), "\(delivered.text)")
            let settled = try await api.get("/v1/payments/\(id)").json
            #expect(settled["status"] == .string("settled") && settled["method"] == .string("net_terms"), "\(settled)")
            #expect(try await Self.pendingState(api, payment: id) == .posted)
            // The fee booked is ACH debit's (0.8 %, at most 5.00), the method the money moved by.
            let amount = try #require(settled["amount"]?.int64Value)
            let fee = min((amount * 80 + 5_000) / 10_000, 500)
            #expect(fee > 0)
            #expect(try await LedgerAPITests.accounts(api)["fees"]?["balance"] == .int(Int(fee)))
        }
    }

    @Test func aNetTermsPaymentWaitsForItsInvoicesDueDateAndSettleMethodIsForNetTermsOnly() async throws {
        try await APIHarness.run(configuration: Self.configuration("http://127.0.0.1:9")) { api in
            let invoice = try await Self.invoice(api)
            let wrong = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "wire", "settle_method": "ach_debit"}"#)
            #expect(wrong.status == 422 && wrong.rules == ["net_terms_only"], "\(wrong.text)")
            let unknown = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "net_terms", "settle_method": "net_terms"}"#)
            #expect(unknown.status == 422 && unknown.rules == ["offered"], "\(unknown.text)")
            let created = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "net_terms"}"#)
            #expect(created.status == 201 && created.json["status"] == .string("waiting"), "\(created.text)")
            let runID = try #require(created.json["run_id"]?.stringValue)
            let dueDate = try #require(try await api.get("/v1/invoices/\(invoice)").json["due_date"]?.stringValue)
            guard case let .array(journal)? = try await api.get("/v1/runs/\(runID)").json["journal"] else { Issue.record("no journal"); return }
            #expect(journal.contains { $0["kind"] == .string("waiting") && $0["decision"]?.stringValue?.contains(dueDate) == true }, "\(journal)")
            let id = try #require(created.json["id"]?.stringValue.flatMap(PaymentID.init(validating:)))
            let tenant = api.tenant.id
            #expect(try await api.store.read { try await $0.paymentRailDetails(id, tenant: tenant) }?.settleMethod == .achDebit)
        }
    }
}
