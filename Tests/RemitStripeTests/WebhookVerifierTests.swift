import Foundation
import RemitCore
import RemitRails
import Testing

@Suite struct WebhookVerifierTests {
    static let now: Int64 = 1_764_441_600
    static let secret = "whsec_current_secret_0001"
    static let oldSecret = "whsec_previous_secret_0002"
    let payload = Array(#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded","created":1764441600,"livemode":false,"data":{"object":{"id":"pi_1","object":"payment_intent","amount":125000,"currency":"usd","status":"succeeded","metadata":{"payment_id":"pay_1","invoice_number":"INV-1"},"last_payment_error":null}}}"#.utf8)

    func verifier(_ secrets: [String] = [secret], now: Int64 = now, tolerance: Int64 = StripeWebhookVerifier.toleranceSecondsDefault) -> StripeWebhookVerifier {
        StripeWebhookVerifier(secrets: secrets, toleranceSeconds: tolerance, clock: .fixed(Date(timeIntervalSince1970: TimeInterval(now))))
    }

    func header(_ payload: [UInt8], at timestamp: Int64 = now, secrets: [String] = [secret]) -> String {
        StripeWebhookVerifier.signatureHeader(payload: payload, timestamp: timestamp, secrets: secrets)
    }

    /// The code `body` is refused with, or nil when it passes.
    func refusal(_ body: () throws -> Void) -> StripeError.Code? {
        do {
            try body()
            return nil
        } catch let error as StripeError {
            return error.code
        } catch {
            Issue.record("expected a StripeError, got \(error)")
            return nil
        }
    }

    @Test func aValidSignatureVerifiesAndTheEventIsRead() throws {
        let event = try verifier().event(payload: payload, signatureHeader: header(payload))
        guard case let .paymentIntent(intentEvent) = event else { Issue.record("expected a PaymentIntent event"); return }
        #expect(intentEvent.id == "evt_1")
        #expect(intentEvent.kind == .succeeded)
        #expect(intentEvent.paymentIntent.id == "pi_1")
        #expect(intentEvent.paymentIntent.status == .succeeded)
        #expect(intentEvent.paymentIntent.amount == 125_000)
        #expect(intentEvent.paymentIntent.currency == "usd")
        #expect(intentEvent.paymentIntent.metadata == ["payment_id": "pay_1", "invoice_number": "INV-1"])
        #expect(intentEvent.settlementOutcome == .settled(railReference: "pi_1"))
    }

    @Test func aTamperedBodyIsRefused() {
        var tampered = payload
        tampered[tampered.firstIndex(of: UInt8(ascii: "1"))!] = UInt8(ascii: "9")
        #expect(refusal { try verifier().verify(payload: tampered, signatureHeader: header(payload)) } == .signatureMismatch)
    }

    @Test func aSignatureUnderAnotherSecretIsRefused() {
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: header(payload, secrets: ["whsec_someone_else"])) }
            == .signatureMismatch)
    }

    @Test func timestampsUpTo300SecondsAwayEitherWayAreAccepted() {
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: header(payload, at: Self.now - 300)) } == nil)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: header(payload, at: Self.now - 301)) } == .timestampTooOld)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: header(payload, at: Self.now + 300)) } == nil)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: header(payload, at: Self.now + 301)) } == .timestampTooNew)
        #expect(refusal { try verifier(tolerance: 10).verify(payload: payload, signatureHeader: header(payload, at: Self.now - 11)) } == .timestampTooOld)
    }

    @Test func duringRotationEitherSecretVerifies() {
        let rotating = verifier([Self.secret, Self.oldSecret])
        #expect(refusal { try rotating.verify(payload: payload, signatureHeader: header(payload, secrets: [Self.oldSecret])) } == nil)
        #expect(refusal { try rotating.verify(payload: payload, signatureHeader: header(payload, secrets: [Self.secret])) } == nil)
        #expect(refusal { try verifier([Self.secret]).verify(payload: payload, signatureHeader: header(payload, secrets: [Self.oldSecret])) }
            == .signatureMismatch)
    }

    @Test func oneMatchingV1AmongSeveralIsEnough() {
        let good = header(payload)
        let bad = "v1=" + String(repeating: "ab", count: 32)
        let several = "t=\(Self.now),\(bad),v1=nothex,\(good.split(separator: ",")[1]),v0=\(String(repeating: "00", count: 32))"
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: several) } == nil)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "t=\(Self.now),\(bad),\(bad)") } == .signatureMismatch)
    }

    @Test func aMissingOrMalformedHeaderIsRefusedWithItsOwnCode() {
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: nil) } == .signatureHeaderMissing)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "  ") } == .signatureHeaderMissing)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "v1=abcd") } == .signatureHeaderMalformed)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "t=soon,v1=abcd") } == .signatureHeaderMalformed)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "t=1,t=2,v1=abcd") } == .signatureHeaderMalformed)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "t=\(Self.now),v0=abcd") } == .noV1Signature)
        let long = "t=\(Self.now)," + String(repeating: "v1=ab,", count: 700)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: long) } == .signatureHeaderMalformed)
    }

    @Test func theHeaderIsReadUpTo4096Bytes() {
        let good = header(payload)
        func padded(to length: Int) -> String {
            let filler = length - good.utf8.count - ",x=".utf8.count
            return good + ",x=" + String(repeating: "0", count: filler)
        }
        #expect(padded(to: StripeSignatureHeader.headerBytesMax).utf8.count == 4_096)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: padded(to: 4_096)) } == nil)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: padded(to: 4_097)) } == .signatureHeaderMalformed)
    }

    @Test func atMostSixteenV1SignaturesAreExamined() {
        let good = String(header(payload).split(separator: ",")[1])
        let bad = "v1=" + String(repeating: "ab", count: 32)
        let fifteenBad = Array(repeating: bad, count: 15).joined(separator: ",")
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "t=\(Self.now),\(fifteenBad),\(good)") } == nil)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "t=\(Self.now),\(fifteenBad),\(bad),\(good)") }
            == .signatureMismatch)
    }

    @Test func timestampsHaveAtMostElevenDigits() {
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: header(payload, at: 99_999_999_999)) } == .timestampTooNew)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "t=100000000000,v1=abcd") } == .signatureHeaderMalformed)
        #expect(refusal { try verifier().verify(payload: payload, signatureHeader: "t=-5,v1=abcd") } == .signatureHeaderMalformed)
    }

    @Test func aPayloadOverTheLimitIsRefusedBeforeVerifying() {
        let small = StripeWebhookVerifier(secrets: [Self.secret], payloadBytesMax: payload.count,
                                          clock: .fixed(Date(timeIntervalSince1970: TimeInterval(Self.now))))
        #expect(refusal { try small.verify(payload: payload, signatureHeader: header(payload)) } == nil)
        let longer = payload + [UInt8(ascii: " ")]
        #expect(refusal { try small.verify(payload: longer, signatureHeader: header(longer)) } == .payloadTooLarge)
    }

    @Test func aFailedPaymentCarriesItsLastPaymentError() throws {
        let failed = Array(#"{"id":"evt_2","object":"event","type":"payment_intent.payment_failed","created":1764441600,"data":{"object":{"id":"pi_2","object":"payment_intent","amount":5000,"currency":"usd","status":"requires_payment_method","metadata":{},"last_payment_error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}}}}"#.utf8)
        guard case let .paymentIntent(event) = try verifier().event(payload: failed, signatureHeader: header(failed)) else {
            Issue.record("expected a PaymentIntent event"); return
        }
        #expect(event.kind == .paymentFailed)
        #expect(event.paymentIntent.lastPaymentError == StripePaymentError(type: "card_error", code: "card_declined", declineCode: "insufficient_funds",
                                                                           message: "Your card has insufficient funds."))
        #expect(event.settlementOutcome == .declined(code: "insufficient_funds", message: "Your card has insufficient funds."))
    }

    @Test func otherEventTypesAreVerifiedButUnhandled() throws {
        let other = Array(#"{"id":"evt_3","object":"event","type":"charge.refunded","data":{"object":{"id":"ch_1","object":"charge"}}}"#.utf8)
        #expect(try verifier().event(payload: other, signatureHeader: header(other)) == .unhandled(id: "evt_3", type: "charge.refunded"))
    }

    @Test func aVerifiedPayloadThatIsNotAnEventIsMalformed() {
        for text in [#"{"id":"x"}"#, "not json", #"{"id":"evt_4","object":"event","type":"payment_intent.succeeded","data":{}}"#] {
            let body = Array(text.utf8)
            #expect(refusal { _ = try verifier().event(payload: body, signatureHeader: header(body)) } == .eventMalformed)
        }
    }
}
