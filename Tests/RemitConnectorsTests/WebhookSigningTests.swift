import Foundation
import RemitConnectors
import RemitCore
import Testing

@Suite("Standard Webhooks signing against the reference vectors")
struct WebhookSigningTests {
    @Test("the vector file holds rotation, empty-body and secret-size cases")
    func vectorFileCoversTheCases() {
        #expect(WebhookVector.all.count >= 5)
        #expect(WebhookVector.all.contains { $0.secrets.count == 2 })
        #expect(WebhookVector.all.contains { $0.body.isEmpty })
    }

    @Test("the signer produces exactly the reference implementation's signature", arguments: WebhookVector.all)
    func signerMatchesReference(vector: WebhookVector) throws {
        let signer = WebhookSigner(secrets: vector.parsedSecrets)
        #expect(try signer.signature(id: vector.id, timestamp: vector.timestamp, body: vector.bodyBytes) == vector.signature)
    }

    @Test("the verifier accepts the reference signature with any one of the secrets", arguments: WebhookVector.all)
    func verifierAcceptsReference(vector: WebhookVector) throws {
        let headers = [
            "webhook-id": vector.id,
            "webhook-timestamp": String(vector.timestamp),
            "webhook-signature": vector.signature,
        ]
        for secret in vector.parsedSecrets {
            let verifier = WebhookVerifier(secrets: [secret], clock: clock(at: vector.timestamp))
            let verified = try verifier.verify(body: vector.bodyBytes, headers: headers)
            #expect(verified == VerifiedWebhook(id: vector.id, timestamp: vector.timestamp))
        }
    }

    @Test("the headers carry id, timestamp and signature under their specified names")
    func headersUseSpecifiedNames() throws {
        let signer = WebhookSigner(secret: testSecret())
        let headers = try signer.headers(id: "evt_1", timestamp: referenceTime, body: Array("{}".utf8))
        #expect(headers.fields.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers.fields.map(\.value)[0...1] == ["evt_1", "1795975200"])
        #expect(headers.signature.hasPrefix("v1,"))
    }

    @Test("a message id with a dot, a space or nothing in it is refused", arguments: ["", "evt.1", "evt 1", "evt\n1"])
    func signerRefusesAmbiguousIDs(id: String) {
        let signer = WebhookSigner(secret: testSecret())
        let error = #expect(throws: ConnectorError.self) {
            try signer.signature(id: id, timestamp: referenceTime, body: [])
        }
        #expect(error?.code == .invalidMessageID)
    }
}

@Suite("Webhook secrets")
struct WebhookSecretTests {
    @Test("a secret round-trips through its whsec_ form")
    func secretRoundTrips() throws {
        let secret = testSecret(32)
        #expect(secret.serialized == "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
        #expect(try WebhookSecret(secret.serialized) == secret)
    }

    @Test("a secret copied without its base64 padding is accepted")
    func unpaddedSecretIsAccepted() throws {
        #expect(try WebhookSecret("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8") == testSecret(32))
    }

    @Test("a secret's description never shows the key")
    func descriptionIsRedacted() {
        #expect("\(testSecret())" == "whsec_…")
    }

    @Test("malformed, short and long secrets are refused", arguments: [
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",  // no prefix
        "whsec_not base64!",
        "whsec_" + Data(repeating: 1, count: 23).base64EncodedString(),
        "whsec_" + Data(repeating: 1, count: 65).base64EncodedString(),
        "whsec_",
    ])
    func badSecretsAreRefused(text: String) {
        let error = #expect(throws: ConnectorError.self) { try WebhookSecret(text) }
        #expect(error?.code == .invalidSecret)
    }

    @Test("generated secrets have 32 bytes from the injected generator")
    func generatedSecrets() {
        let first = WebhookSecret.generate(using: .seeded(7))
        #expect(first.bytes.count == 32)
        #expect(first == WebhookSecret.generate(using: .seeded(7)))
        #expect(first != WebhookSecret.generate(using: .seeded(8)))
    }
}
