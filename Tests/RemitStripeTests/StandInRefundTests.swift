import RemitCore
import RemitRails
import RemitStripeSim
import Testing

/// The stand-in's `POST /v1/refunds` checks what Stripe checks and keeps what was refunded.
@Suite struct StandInRefundTests {
    static func post(_ sim: StripeSim, _ body: String, idempotencyKey: String? = nil) async throws -> RawAnswer {
        var headers = ["Content-Type": "application/x-www-form-urlencoded", "Authorization": "Bearer \(StripeHarness.secretKey)"]
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        return try await sim.send("/v1/refunds", method: .POST, headers: headers, body: body)
    }

    static func succeededIntent(_ sim: StripeSim) async throws -> String {
        let answer = try await sim.postPaymentIntent(validBody(amount: 5_000))
        #expect(answer.json["status"] == .string("succeeded"))
        return try #require(answer.json["id"]?.stringValue)
    }

    @Test func refundsAreCheckedAgainstStripesParametersAndNeverExceedThePayment() async throws {
        try await StripeHarness.withSim { sim in
            let intent = try await Self.succeededIntent(sim)
            let unknown = try await Self.post(sim, "payment_intent=\(intent)&amount=100&refund_reason=x")
            #expect(unknown.status == 400 && unknown.errorCode == "parameter_unknown" && unknown.errorParam == "refund_reason")
            let missing = try await Self.post(sim, "amount=100")
            #expect(missing.status == 400 && missing.errorCode == "parameter_missing" && missing.errorParam == "payment_intent")
            let badReason = try await Self.post(sim, "payment_intent=\(intent)&amount=100&reason=changed_mind")
            #expect(badReason.status == 400 && badReason.errorParam == "reason")
            let zero = try await Self.post(sim, "payment_intent=\(intent)&amount=0")
            #expect(zero.status == 400 && zero.errorParam == "amount")
            #expect(await sim.state.refunds().isEmpty)

            let first = try await Self.post(sim, "payment_intent=\(intent)&amount=3000&reason=duplicate&metadata[k]=v", idempotencyKey: "r1")
            #expect(first.status == 200 && first.json["object"] == .string("refund") && first.json["status"] == .string("succeeded"))
            let replay = try await Self.post(sim, "payment_intent=\(intent)&amount=3000&reason=duplicate&metadata[k]=v", idempotencyKey: "r1")
            #expect(replay.json["id"] == first.json["id"] && replay.headers["idempotent-replayed"] == "true")
            let otherParams = try await Self.post(sim, "payment_intent=\(intent)&amount=3001", idempotencyKey: "r1")
            #expect(otherParams.status == 400 && otherParams.errorType == "idempotency_error")
            let tooMuch = try await Self.post(sim, "payment_intent=\(intent)&amount=2001")
            #expect(tooMuch.status == 400 && tooMuch.errorCode == "amount_too_large")
            #expect(try await Self.post(sim, "payment_intent=\(intent)").json["amount"] == .int(2000))
            let again = try await Self.post(sim, "payment_intent=\(intent)&amount=1")
            #expect(again.status == 400 && again.errorCode == "charge_already_refunded")
            #expect(await sim.state.refunds().count == 2)
        }
    }

    @Test func theRefundRailSendsTheFormAndKeyAndReadsTheAnswer() async throws {
        try await StripeHarness.withSim { sim in
            let intent = try await Self.succeededIntent(sim)
            let rail = StripeRefundRail(client: sim.client())
            let instruction = RefundInstruction(refundID: RefundID(rawValue: "rfd_abc"), paymentID: PaymentID(rawValue: "pay_abc"),
                                                amount: Money(minorUnits: 1_500, currency: .usd), paymentRailReference: intent,
                                                reason: "requested_by_customer")
            let outcome = await rail.refund(instruction, idempotencyKey: "refund:rfd_abc")
            guard case let .succeeded(reference) = outcome else { Issue.record("\(outcome)"); return }
            #expect(reference.hasPrefix("re_"))
            // Asked again, the rail finds the refund Stripe has (by metadata[remit_refund_id]) and
            // creates nothing: Stripe forgets idempotency keys after 24 hours.
            #expect(await rail.refund(instruction, idempotencyKey: "refund:rfd_abc") == outcome)
            let posts = await sim.posts().filter { $0.path == "/v1/refunds" }
            #expect(posts.count == 1 && posts.allSatisfy { $0.idempotencyKey == "refund:rfd_abc" })
            #expect(posts.first?.parameter("reason") == "requested_by_customer" && posts.first?.parameter("metadata[remit_refund_id]") == "rfd_abc")
            #expect(await sim.state.refunds().count == 1)
            var tooMuch = instruction
            tooMuch.refundID = RefundID(rawValue: "rfd_other")
            tooMuch.amount = Money(minorUnits: 4_000, currency: .usd)
            #expect(await rail.refund(tooMuch, idempotencyKey: "refund:rfd_other") == .declined(
                code: "amount_too_large", message: "Refund amount (4000) is greater than unrefunded amount on charge (3500). (param: amount)"))
        }
    }

    @Test func refundsAreListedByPaymentIntentNewestFirstWithStripesParametersOnly() async throws {
        try await StripeHarness.withSim { sim in
            let intent = try await Self.succeededIntent(sim)
            let other = try await Self.succeededIntent(sim)
            _ = try await Self.post(sim, "payment_intent=\(intent)&amount=100&metadata[remit_refund_id]=rfd_1")
            _ = try await Self.post(sim, "payment_intent=\(other)&amount=200")
            _ = try await Self.post(sim, "payment_intent=\(intent)&amount=300&metadata[remit_refund_id]=rfd_2")
            guard case let .success(refunds, _) = await sim.client().listRefunds(paymentIntent: intent) else {
                Issue.record("the list failed"); return
            }
            #expect(refunds.map(\.amount) == [300, 100] && refunds.map { $0.metadata["remit_refund_id"] } == ["rfd_2", "rfd_1"])
            let headers = ["Authorization": "Bearer \(StripeHarness.secretKey)"]
            let unknown = try await sim.send("/v1/refunds?payment_intent=\(intent)&status=pending", method: .GET, headers: headers, body: nil)
            #expect(unknown.status == 400 && unknown.errorCode == "parameter_unknown", "\(unknown.json)")
            let tooMany = try await sim.send("/v1/refunds?limit=101", method: .GET, headers: headers, body: nil)
            #expect(tooMany.status == 400, "\(tooMany.json)")
            let one = try await sim.send("/v1/refunds?limit=1", method: .GET, headers: headers, body: nil)
            guard case let .array(page)? = one.json["data"] else { Issue.record("no list: \(one.json)"); return }
            #expect(one.json["has_more"] == .bool(true) && page.count == 1)
        }
    }
}
