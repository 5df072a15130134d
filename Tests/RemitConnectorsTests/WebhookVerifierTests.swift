import Foundation
import RemitConnectors
import RemitCore
import Testing

@Suite("Verifying inbound webhooks")
struct WebhookVerifierTests {
    let secret = testSecret(32)
    let body = Array(#"{"type":"budget.approved","data":{"amount":500000}}"#.utf8)

    func signedHeaders(
        id: String = "evt_1", timestamp: Int64 = referenceTime, secrets: [WebhookSecret]? = nil
    ) -> [String: String] {
        let signer = WebhookSigner(secrets: secrets ?? [secret])
        let signature = try! signer.signature(id: id, timestamp: timestamp, body: body)
        return ["webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature]
    }

    func verifier(now: Int64 = referenceTime, secrets: [WebhookSecret]? = nil) -> WebhookVerifier {
        WebhookVerifier(secrets: secrets ?? [secret], clock: clock(at: now))
    }

    func code<Result>(_ body: () throws -> Result) -> ConnectorError.Code? {
        let error = #expect(throws: ConnectorError.self) { _ = try body() }
        return error?.code
    }

    @Test("a correctly signed webhook verifies and yields its id and timestamp")
    func signedWebhookVerifies() throws {
        let verified = try verifier().verify(body: body, headers: signedHeaders())
        #expect(verified == VerifiedWebhook(id: "evt_1", timestamp: referenceTime))
    }

    @Test("header names are matched without regard to case")
    func headerNamesAreCaseInsensitive() throws {
        let headers = Dictionary(uniqueKeysWithValues: signedHeaders().map { ($0.key.uppercased(), $0.value) })
        #expect(try verifier().verify(body: body, headers: headers).id == "evt_1")
    }

    @Test("each missing or empty header is named in the error", arguments: ["webhook-id", "webhook-timestamp", "webhook-signature"])
    func missingHeaderIsNamed(name: String) {
        var headers = signedHeaders()
        headers[name] = nil
        #expect(code { try verifier().verify(body: body, headers: headers) } == .missingHeader(name))
        headers[name] = "  "
        #expect(code { try verifier().verify(body: body, headers: headers) } == .missingHeader(name))
    }

    @Test("a timestamp that is not whole seconds is refused", arguments: ["abc", "1795975200.5", "-1795975200", "+1795975200", "1e9", "179597520000000000000"])
    func malformedTimestampIsRefused(text: String) {
        var headers = signedHeaders()
        headers["webhook-timestamp"] = text
        #expect(code { try verifier().verify(body: body, headers: headers) } == .invalidTimestamp)
    }

    @Test("a timestamp exactly 300 s old or ahead is accepted; one second more is refused")
    func toleranceEdgesAreInclusive() throws {
        let headers = signedHeaders()
        #expect(try verifier(now: referenceTime + 300).verify(body: body, headers: headers).id == "evt_1")
        #expect(try verifier(now: referenceTime - 300).verify(body: body, headers: headers).id == "evt_1")
        #expect(code { try verifier(now: referenceTime + 301).verify(body: body, headers: headers) } == .timestampTooOld)
        #expect(code { try verifier(now: referenceTime - 301).verify(body: body, headers: headers) } == .timestampTooNew)
    }

    @Test("the tolerance edge holds to the millisecond of the clock")
    func toleranceEdgeAtSubsecondClock() {
        let headers = signedHeaders()
        let justPast = WebhookVerifier(
            secrets: [secret], clock: .fixed(Date(timeIntervalSince1970: TimeInterval(referenceTime + 300) + 0.001))
        )
        #expect(code { try justPast.verify(body: body, headers: headers) } == .timestampTooOld)
    }

    @Test("the tolerance is configurable and defaults to five minutes")
    func toleranceIsConfigurable() throws {
        #expect(WebhookVerifier.toleranceSecondsDefault == 300)
        let strict = WebhookVerifier(secrets: [secret], toleranceSeconds: 10, clock: clock(at: referenceTime + 11))
        #expect(code { try strict.verify(body: body, headers: signedHeaders()) } == .timestampTooOld)
    }

    @Test("a stale timestamp is reported before a bad signature, so replays read as replays")
    func staleBeatsBadSignature() {
        var headers = signedHeaders()
        headers["webhook-signature"] = "v1,AAAA"
        #expect(code { try verifier(now: referenceTime + 3600).verify(body: body, headers: headers) } == .timestampTooOld)
    }

    @Test("a changed body, id or timestamp no longer matches the signature")
    func tamperingIsDetected() {
        let headers = signedHeaders()
        #expect(code { try verifier().verify(body: body + [0x20], headers: headers) } == .noMatchingSignature)
        var otherID = headers
        otherID["webhook-id"] = "evt_2"
        #expect(code { try verifier().verify(body: body, headers: otherID) } == .noMatchingSignature)
        var otherTime = headers
        otherTime["webhook-timestamp"] = String(referenceTime + 1)
        #expect(code { try verifier().verify(body: body, headers: otherTime) } == .noMatchingSignature)
    }

    @Test("a signature made with another secret does not match")
    func wrongSecretDoesNotMatch() {
        let headers = signedHeaders(secrets: [testSecret(32, from: 50)])
        #expect(code { try verifier().verify(body: body, headers: headers) } == .noMatchingSignature)
    }

    @Test("unknown versions, malformed entries and truncated signatures are skipped, not trusted", arguments: [
        "v1a,AAAA", "v2,xyz", "garbage", "v1,", "v1,!!!!", "v1",
    ])
    func malformedSignatureEntriesDoNotMatch(entry: String) throws {
        var headers = signedHeaders()
        let good = headers["webhook-signature"]!
        headers["webhook-signature"] = entry
        #expect(code { try verifier().verify(body: body, headers: headers) } == .noMatchingSignature)
        // A good signature after a bad entry still verifies.
        headers["webhook-signature"] = entry + " " + good
        #expect(try verifier().verify(body: body, headers: headers).id == "evt_1")
    }

    @Test("a signature with the right secret under another version tag does not match")
    func versionTagMatters() {
        var headers = signedHeaders()
        headers["webhook-signature"] = headers["webhook-signature"]!.replacingOccurrences(of: "v1,", with: "v1a,")
        #expect(code { try verifier().verify(body: body, headers: headers) } == .noMatchingSignature)
    }

    @Test("during rotation a verifier with the new and old secrets accepts a sender using either")
    func rotationAcceptsEitherSecret() throws {
        let old = secret
        let new = testSecret(32, from: 7)
        let rotating = verifier(secrets: [new, old])
        #expect(try rotating.verify(body: body, headers: signedHeaders(secrets: [old])).id == "evt_1")
        #expect(try rotating.verify(body: body, headers: signedHeaders(secrets: [new])).id == "evt_1")
        #expect(try rotating.verify(body: body, headers: signedHeaders(secrets: [new, old])).id == "evt_1")
        #expect(code { try verifier(secrets: [new]).verify(body: body, headers: signedHeaders(secrets: [old])) } == .noMatchingSignature)
    }

    @Test("a sender signing with two secrets is accepted by receivers holding either one")
    func dualSignatureReachesBothReceivers() throws {
        let old = secret
        let new = testSecret(32, from: 7)
        let headers = signedHeaders(secrets: [new, old])
        #expect(headers["webhook-signature"]!.split(separator: " ").count == 2)
        #expect(try verifier(secrets: [old]).verify(body: body, headers: headers).id == "evt_1")
        #expect(try verifier(secrets: [new]).verify(body: body, headers: headers).id == "evt_1")
    }

    @Test("only the first 16 signature entries are examined")
    func signatureEntriesAreBounded() {
        var headers = signedHeaders()
        let good = headers["webhook-signature"]!
        headers["webhook-signature"] = Array(repeating: "v1,AAAA", count: WebhookVerifier.signaturesMax).joined(separator: " ") + " " + good
        #expect(code { try verifier().verify(body: body, headers: headers) } == .noMatchingSignature)
    }
}
