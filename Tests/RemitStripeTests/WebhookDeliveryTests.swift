import Foundation
import RemitCore
import RemitRails
import RemitStripeSim
import Testing

/// Webhooks the stand-in signs and sends, verified by Remit's verifier.
@Suite struct WebhookDeliveryTests {
    @Test func aWebhookFromTheStandInVerifiesAndSettlesTheCardPayment() async throws {
        try await WebhookReceiver.withReceiver { url, deliveries in
            try await StripeHarness.withSim(StripeHarness.configuration(webhookURL: url)) { sim in
                let outcome = await sim.rail().settle(instruction(), idempotencyKey: "run_1:settle")
                let delivery = try await next(deliveries)
                let signature = try #require(delivery.signature)
                #expect(signature.hasPrefix("t="))
                #expect(signature.contains(",v1="))
                #expect(signature.contains(",v0="))
                let verifier = StripeWebhookVerifier(secrets: [StripeHarness.signingSecret], clock: .system)
                guard case let .paymentIntent(event) = try verifier.event(payload: delivery.payload, signatureHeader: signature) else {
                    Issue.record("expected a PaymentIntent event"); return
                }
                #expect(event.kind == .succeeded)
                #expect(event.settlementOutcome == outcome)
                #expect(event.paymentIntent.metadata["payment_id"] == "pay_test1")
                let wrong = StripeWebhookVerifier(secrets: ["whsec_not_this_one"], clock: .system)
                #expect(throws: StripeError.self) { try wrong.verify(payload: delivery.payload, signatureHeader: signature) }
            }
        }
    }

    @Test func theACHWebhooksSayProcessingThenSucceeded() async throws {
        try await WebhookReceiver.withReceiver { url, deliveries in
            try await StripeHarness.withSim(StripeHarness.configuration(webhookURL: url)) { sim in
                let rail = sim.rail(StripeChargeContext(paymentMethod: "pm_usBankAccount_success"))
                guard case .unknown = await rail.settle(instruction(method: .achDebit), idempotencyKey: "run_2:settle") else {
                    Issue.record("expected unknown while processing"); return
                }
                let verifier = StripeWebhookVerifier(secrets: [StripeHarness.signingSecret], clock: .system)
                let processing = try await next(deliveries)
                guard case let .unhandled(_, type) = try verifier.event(payload: processing.payload, signatureHeader: processing.signature) else {
                    Issue.record("payment_intent.processing is not acted on"); return
                }
                #expect(type == "payment_intent.processing")
                let id = try #require(await sim.state.settleProcessing().first)
                let settled = try await next(deliveries)
                guard case let .paymentIntent(event) = try verifier.event(payload: settled.payload, signatureHeader: settled.signature) else {
                    Issue.record("expected payment_intent.succeeded"); return
                }
                #expect(event.settlementOutcome == .settled(railReference: id))
                let events = await sim.state.emittedEvents()
                #expect(events.map(\.type) == ["payment_intent.processing", "payment_intent.succeeded"])
                #expect(events.first?.deliveryStatus == 200)
            }
        }
    }

    @Test func aDeclineSendsPaymentFailedSignedWithEveryActiveSecret() async throws {
        let secrets = ["whsec_new_secret_0003", "whsec_old_secret_0004"]
        try await WebhookReceiver.withReceiver { url, deliveries in
            try await StripeHarness.withSim(StripeHarness.configuration(webhookURL: url, signingSecrets: secrets)) { sim in
                _ = await sim.rail(cardContext(paymentMethod: "pm_card_chargeDeclined")).settle(instruction(), idempotencyKey: "run_3:settle")
                let delivery = try await next(deliveries)
                let header = try StripeSignatureHeader.parse(delivery.signature)
                #expect(header.v1.count == 2)
                #expect(header.v0Count == 1)
                for secret in secrets {
                    let verifier = StripeWebhookVerifier(secrets: [secret], clock: .system)
                    guard case let .paymentIntent(event) = try verifier.event(payload: delivery.payload, signatureHeader: delivery.signature) else {
                        Issue.record("expected payment_intent.payment_failed"); return
                    }
                    #expect(event.kind == .paymentFailed)
                    #expect(event.settlementOutcome == .declined(code: "generic_decline", message: "Your card was declined."))
                }
            }
        }
    }

    @Test func aStandInWithAManualClockSignsItsTime() async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_764_441_600))
        try await StripeHarness.withSim(StripeHarness.configuration(), clock: clock.wallClock) { sim in
            _ = await sim.rail().settle(instruction(), idempotencyKey: "run_4:settle")
            let event = try #require(await sim.state.emittedEvents().first)
            #expect(event.deliveryStatus == nil)
            let verifier = StripeWebhookVerifier(secrets: [StripeHarness.signingSecret], clock: clock.wallClock)
            #expect(try verifier.verify(payload: event.payload, signatureHeader: event.signatureHeader).timestamp == 1_764_441_600)
            clock.advance(by: 301)
            #expect(throws: StripeError(.timestampTooOld, "The Stripe-Signature timestamp is more than 300 s in the past.")) {
                try verifier.verify(payload: event.payload, signatureHeader: event.signatureHeader)
            }
        }
    }
}
