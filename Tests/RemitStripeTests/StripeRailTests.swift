import RemitCore
import RemitRails
import RemitStripeSim
import Testing

/// The rail against the local stand-in, over a real socket.
@Suite struct StripeRailTests {
    @Test func aCardPaymentSettlesWithThePaymentIntentAsItsReference() async throws {
        try await StripeHarness.withSim { sim in
            let outcome = await sim.rail().settle(instruction(), idempotencyKey: "run_1:settle")
            let intents = await sim.state.paymentIntents()
            #expect(intents.count == 1)
            let id = try #require(intents.first?["id"]?.stringValue)
            #expect(outcome == .settled(railReference: id))
            #expect(intents.first?["amount"] == .int(125_000))
            #expect(intents.first?["currency"] == .string("usd"))
            #expect(intents.first?["status"] == .string("succeeded"))
        }
    }

    @Test func aDeclinedCardIsDeclinedWithTheIssuersReason() async throws {
        try await StripeHarness.withSim { sim in
            let rail = sim.rail(cardContext(paymentMethod: "pm_card_chargeDeclinedInsufficientFunds"))
            let outcome = await rail.settle(instruction(), idempotencyKey: "run_2:settle")
            #expect(outcome == .declined(code: "insufficient_funds", message: "Your card has insufficient funds."))
            // Stripe keeps the declined answer under the key: the same decline again, no second attempt.
            #expect(await rail.settle(instruction(), idempotencyKey: "run_2:settle") == outcome)
            #expect(await sim.state.paymentIntents().count == 1)
            #expect(await sim.posts().last?.responseStatus == 402)
        }
    }

    @Test func anACHDebitIsUnknownWhileProcessingAndSettlesWhenTheBankDoes() async throws {
        try await StripeHarness.withSim { sim in
            let rail = sim.rail(StripeChargeContext(paymentMethod: "pm_usBankAccount_success", customer: "cus_Ach1", mandate: "mandate_1"))
            let first = await rail.settle(instruction(method: .achDebit), idempotencyKey: "run_3:settle")
            let id = try #require(await sim.state.paymentIntents().first?["id"]?.stringValue)
            guard case let .unknown(reason) = first else { Issue.record("expected unknown, got \(first)"); return }
            #expect(reason.contains(id) && reason.contains("processing") && reason.contains("webhook"))
            #expect(await rail.outcome(ofPaymentIntent: id) == first)

            #expect(await sim.state.settleProcessing() == [id])
            #expect(await rail.outcome(ofPaymentIntent: id) == .settled(railReference: id))
            // Settling again under the same key is a status lookup: the replayed "processing"
            // answer is refreshed, and nothing is charged twice.
            #expect(await rail.settle(instruction(method: .achDebit), idempotencyKey: "run_3:settle") == .settled(railReference: id))
            #expect(await sim.state.paymentIntents().count == 1)
            let post = try #require(await sim.posts().first)
            #expect(post.parameter("mandate") == "mandate_1")
            #expect(post.parameter("statement_descriptor_suffix") == nil)
        }
    }

    @Test func aFailedACHDebitIsDeclinedOnceTheBankReturnsIt() async throws {
        try await StripeHarness.withSim { sim in
            let rail = sim.rail(StripeChargeContext(paymentMethod: "pm_usBankAccount_insufficientFunds"))
            guard case .unknown = await rail.settle(instruction(method: .achDebit), idempotencyKey: "run_4:settle") else {
                Issue.record("expected unknown while processing"); return
            }
            let id = try #require(await sim.state.settleProcessing().first)
            #expect(await rail.outcome(ofPaymentIntent: id) == .declined(code: "insufficient_funds", message: "The customer's bank account has insufficient funds."))
        }
    }

    @Test func aLostAnswerIsUnknownAndTheRetryReturnsTheFirstResultWithoutChargingAgain() async throws {
        try await StripeHarness.withSim(StripeHarness.configuration(faults: [.unavailableAfterProcessing])) { sim in
            let rail = sim.rail()
            guard case let .unknown(reason) = await rail.settle(instruction(), idempotencyKey: "run_5:settle") else {
                Issue.record("a 503 must leave the outcome unknown"); return
            }
            #expect(reason.contains("503"))
            let retry = await rail.settle(instruction(), idempotencyKey: "run_5:settle")
            let intents = await sim.state.paymentIntents()
            #expect(intents.count == 1)
            let id = try #require(intents.first?["id"]?.stringValue)
            #expect(retry == .settled(railReference: id))
            let posts = await sim.posts()
            #expect(posts.map(\.responseStatus) == [503, 200])
            #expect(posts.map(\.idempotencyKey) == ["run_5:settle", "run_5:settle"])
            #expect(await sim.state.emittedEvents().filter { $0.type == "payment_intent.succeeded" }.count == 1)
        }
    }

    @Test func unavailableRateLimitedAndSlowAnswersAreUnknownAndARetrySettlesOnce() async throws {
        let faults: [StripeSimFault] = [.unavailable, .rateLimited, .delay(milliseconds: 1_500)]
        try await StripeHarness.withSim(StripeHarness.configuration(faults: faults)) { sim in
            for expected in ["503", "429"] {
                guard case let .unknown(reason) = await sim.rail().settle(instruction(), idempotencyKey: "run_6:settle") else {
                    Issue.record("expected unknown (\(expected))"); return
                }
                #expect(reason.contains(expected))
            }
            guard case let .unknown(reason) = await sim.rail(timeout: .milliseconds(300)).settle(instruction(), idempotencyKey: "run_6:settle") else {
                Issue.record("expected unknown after the timeout"); return
            }
            #expect(reason.contains("within"))
            // The slow request is processed after the client gave up; the retry gets its answer.
            let intents = try await eventually { await sim.state.paymentIntents() }
            let id = try #require(intents.first?["id"]?.stringValue)
            #expect(await sim.rail().settle(instruction(), idempotencyKey: "run_6:settle") == .settled(railReference: id))
            #expect(await sim.state.paymentIntents().count == 1)
        }
    }

    @Test func theSameKeyWithOtherParametersIsAnIdempotencyError() async throws {
        try await StripeHarness.withSim { sim in
            let rail = sim.rail()
            guard case .settled = await rail.settle(instruction(amount: 5_000), idempotencyKey: "run_7:settle") else {
                Issue.record("expected the first charge to settle"); return
            }
            let outcome = await rail.settle(instruction(amount: 6_000), idempotencyKey: "run_7:settle")
            guard case let .declined(code, message) = outcome else { Issue.record("expected a decline, got \(outcome)"); return }
            #expect(code == "idempotency_error")
            #expect(message.contains("run_7:settle"))
            #expect(await sim.state.paymentIntents().count == 1)
        }
    }

    @Test func hiddenMethodsAreSentAsExcludedPaymentMethodTypes() async throws {
        try await StripeHarness.withSim { sim in
            _ = await sim.rail(cardContext(hidden: [.achDebit, .wire])).settle(instruction(), idempotencyKey: "run_8:settle")
            let post = try #require(await sim.posts().first)
            #expect(post.parameter("excluded_payment_method_types[0]") == "us_bank_account")
            #expect(post.parameter("excluded_payment_method_types[1]") == nil)
            #expect(await sim.state.paymentIntents().first?["excluded_payment_method_types"] == .strings(["us_bank_account"]))
            #expect(await sim.state.paymentIntents().first?["payment_method_types"] == .strings(["card"]))
        }
    }

    @Test func metadataCarriesTheInvoiceThePaymentAndTheBuyersReferences() async throws {
        try await StripeHarness.withSim { sim in
            let context = cardContext(metadata: ["invoice_number": "INV-1009", "po_number": "PO 4711/B", "cost_center": "Zürich-7"])
            _ = await sim.rail(context).settle(instruction(9), idempotencyKey: "run_9:settle")
            let metadata = try #require(await sim.state.paymentIntents().first?["metadata"])
            #expect(metadata["invoice_id"] == .string("inv_9"))
            #expect(metadata["invoice_number"] == .string("INV-1009"))
            #expect(metadata["payment_id"] == .string("pay_test9"))
            #expect(metadata["po_number"] == .string("PO 4711/B"))
            #expect(metadata["cost_center"] == .string("Zürich-7"))
            #expect(metadata["run_id"] == .string("run_9"))
            let post = try #require(await sim.posts().first)
            #expect(post.body.contains("metadata[po_number]=PO+4711%2FB"))
            #expect(post.headers["content-type"] == "application/x-www-form-urlencoded")
            #expect(post.headers["authorization"] == "Bearer sk_test_****0001")
            #expect(post.headers["stripe-version"] == StripeConfiguration.apiVersionDefault)
        }
    }

    @Test func everyPostCarriesTheIdempotencyKey() async throws {
        try await StripeHarness.withSim(StripeHarness.configuration(faults: [.unavailable])) { sim in
            let rail = sim.rail()
            for number in 1...3 {
                _ = await rail.settle(instruction(number), idempotencyKey: "run_\(number):settle")
            }
            _ = await rail.settle(instruction(1), idempotencyKey: "run_1:settle")
            let posts = await sim.posts()
            #expect(posts.map(\.idempotencyKey) == ["run_1:settle", "run_2:settle", "run_3:settle", "run_1:settle"])
            #expect(posts.map(\.responseStatus) == [503, 200, 200, 200])
        }
    }

    @Test func nothingIsSentForAMethodStripeDoesNotCarryOrAKeyStripeWouldRefuse() async throws {
        try await StripeHarness.withSim { sim in
            let rail = sim.rail()
            #expect(await rail.settle(instruction(method: .sepaCredit), idempotencyKey: "k1") == .declined(
                code: "method_not_supported", message: "Stripe carries card and ACH debit payments, not sepa_credit."))
            guard case .declined("method_excluded", _) = await sim.rail(cardContext(hidden: [.card])).settle(instruction(), idempotencyKey: "k2") else {
                Issue.record("a hidden method must be declined"); return
            }
            guard case .declined("invalid_idempotency_key", _) = await rail.settle(instruction(), idempotencyKey: String(repeating: "k", count: 256)) else {
                Issue.record("a 256-byte key must be refused"); return
            }
            #expect(await sim.state.recordedRequests().isEmpty)
            guard case .settled = await rail.settle(instruction(), idempotencyKey: String(repeating: "k", count: 255)) else {
                Issue.record("a 255-byte key is allowed"); return
            }
        }
    }

    @Test func aWrongKeyIsAConfigurationProblemNotADecline() async throws {
        try await StripeHarness.withSim { sim in
            let outcome = await sim.rail(key: "sk_test_wrong_key_9999").settle(instruction(), idempotencyKey: "run_10:settle")
            guard case let .unknown(reason) = outcome else { Issue.record("expected unknown, got \(outcome)"); return }
            #expect(reason.contains("401"))
            #expect(await sim.state.paymentIntents().isEmpty)
        }
    }

    @Test func aContextThatCannotBeFoundLeavesTheOutcomeUnknownAndAMissingMethodDeclines() async throws {
        struct StoreDown: Error {}
        try await StripeHarness.withSim { sim in
            let failing = StripeRail(client: sim.client(), context: { _ in throw StoreDown() }, logger: StripeHarness.quiet)
            guard case .unknown = await failing.settle(instruction(), idempotencyKey: "k") else { Issue.record("expected unknown"); return }
            let missing = StripeRail(client: sim.client(), context: { _ in throw StripeError(.paymentMethodMissing, "No saved card.") },
                                     logger: StripeHarness.quiet)
            #expect(await missing.settle(instruction(), idempotencyKey: "k") == .declined(code: "payment_method_missing", message: "No saved card."))
            #expect(await sim.state.recordedRequests().isEmpty)
        }
    }

    @Test func anAnswerLargerThanTheLimitIsUnknown() async throws {
        try await StripeHarness.withSim { sim in
            let configuration = StripeConfiguration(baseURL: sim.baseURL, secretKey: StripeHarness.secretKey, limits: StripeLimits(responseBodyBytesMax: 256))
            let client = StripeClient(configuration: configuration, logger: StripeHarness.quiet)
            let rail = StripeRail(client: client, context: { _ in cardContext() }, logger: StripeHarness.quiet)
            guard case let .unknown(reason) = await rail.settle(instruction(), idempotencyKey: "run_11:settle") else {
                Issue.record("an answer over responseBodyBytesMax must be unknown"); return
            }
            #expect(reason.contains("no usable answer"))
            // The charge happened; with room for the answer, the retry reads it.
            let intents = await sim.state.paymentIntents()
            let id = try #require(intents.first?["id"]?.stringValue)
            #expect(await sim.rail().settle(instruction(), idempotencyKey: "run_11:settle") == .settled(railReference: id))
        }
    }
}
