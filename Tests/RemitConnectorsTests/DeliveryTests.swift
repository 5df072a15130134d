import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RemitConnectors
import RemitCore
import Synchronization
import Testing

/// What the local receiver saw of one request.
struct ReceivedRequest: Sendable {
    var path: String
    var headers: [String: String]
    var body: [UInt8]
}

/// Requests the local receiver has seen, in order.
final class Inbox: Sendable {
    private let requests = Mutex<[ReceivedRequest]>([])
    func append(_ request: ReceivedRequest) { requests.withLock { $0.append(request) } }
    var all: [ReceivedRequest] { requests.withLock { $0 } }
}

/// A webhook receiver on 127.0.0.1 (an ephemeral port): `POST /status/{code}` records the
/// request and answers `code`, adding `Retry-After: 7` to 429 and 503; `POST /slow` answers
/// after 1.5 s, past the deliverer's timeout in the tests that use it.
func withReceiver(_ test: @Sendable (_ port: Int, _ inbox: Inbox) async throws -> Void) async throws {
    let inbox = Inbox()
    let router = Router()
    router.post("/status/:code") { request, context -> Response in
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        // HTTP/1 `Host` arrives as the request's authority.
        headers["host"] = request.head.authority
        inbox.append(ReceivedRequest(path: request.uri.path, headers: headers, body: Array(buffer: body)))
        let code = context.parameters.get("code", as: Int.self) ?? 500
        var responseHeaders = HTTPFields()
        if code == 429 || code == 503 { responseHeaders[.retryAfter] = "7" }
        return Response(status: .init(code: code), headers: responseHeaders)
    }
    router.post("/slow") { _, _ -> Response in
        try await Task.sleep(for: .milliseconds(1_500))
        return Response(status: .noContent)
    }
    var logger = Logger(label: "test-receiver")
    logger.logLevel = .warning
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
    try await app.test(.live) { client in
        let port = try #require(client.port)
        try await test(port, inbox)
    }
}

@Suite("Delivering to a local receiver", .timeLimit(.minutes(1)))
struct DeliveryTests {
    let secret = testSecret(32)
    let message = WebhookMessage(
        id: "evt_delivery1",
        json: .object([(key: "type", value: .string("payment.settled")), (key: "amount", value: .number("1250000"))])
    )

    func deliverer(timeoutMilliseconds: Int64 = 5_000, resolver: AddressResolver = .system) -> WebhookDeliverer {
        var logger = Logger(label: "test-deliverer")
        logger.logLevel = .warning
        return WebhookDeliverer(
            policy: OutboundURLPolicy(configuration: .localTesting, resolver: resolver),
            clock: clock(at: referenceTime),
            requestTimeoutMilliseconds: timeoutMilliseconds,
            logger: logger
        )
    }

    @Test("a delivered webhook arrives signed, and the receiver's verifier accepts it")
    func roundTripVerifies() async throws {
        try await withReceiver { port, inbox in
            let outcome = await deliverer().deliver(message, to: "http://127.0.0.1:\(port)/status/204", signer: WebhookSigner(secret: secret))
            #expect(outcome == .delivered(status: 204))
            let received = try #require(inbox.all.first)
            #expect(received.body == message.body)
            #expect(received.headers["content-type"] == "application/json")
            #expect(received.headers["webhook-id"] == "evt_delivery1")
            #expect(received.headers["webhook-timestamp"] == String(referenceTime))
            let verifier = WebhookVerifier(secrets: [secret], clock: clock(at: referenceTime + 1))
            let verified = try verifier.verify(body: received.body, headers: received.headers)
            #expect(verified.id == "evt_delivery1")
        }
    }

    @Test("during rotation the delivered webhook carries both signatures")
    func rotationSignsTwice() async throws {
        try await withReceiver { port, inbox in
            let new = testSecret(32, from: 9)
            let signer = WebhookSigner(secrets: [new, secret])
            _ = await deliverer().deliver(message, to: "http://127.0.0.1:\(port)/status/200", signer: signer)
            let received = try #require(inbox.all.first)
            #expect(received.headers["webhook-signature"]?.split(separator: " ").count == 2)
            for accepted in [secret, new] {
                let verifier = WebhookVerifier(secrets: [accepted], clock: clock(at: referenceTime))
                #expect(try verifier.verify(body: received.body, headers: received.headers).id == "evt_delivery1")
            }
        }
    }

    @Test("delivery connects to the address the policy checked, not to a fresh DNS answer")
    func deliveryUsesTheCheckedAddress() async throws {
        try await withReceiver { port, inbox in
            // receiver.test is in no DNS: the request can only arrive if the deliverer
            // connects to the address the injected resolver gave the policy.
            let pinned = deliverer(resolver: .table(["receiver.test": [IPAddress("127.0.0.1")!]]))
            let outcome = await pinned.deliver(message, to: "http://receiver.test:\(port)/status/202", signer: WebhookSigner(secret: secret))
            #expect(outcome == .delivered(status: 202))
            #expect(inbox.all.first?.headers["host"] == "receiver.test:\(port)")
        }
    }

    @Test("the receiver's status is classified: 410 disables, 503 retries after Retry-After, 400 fails")
    func statusesAreClassified() async throws {
        try await withReceiver { port, _ in
            let signer = WebhookSigner(secret: secret)
            let base = "http://127.0.0.1:\(port)/status/"
            #expect(await deliverer().deliver(message, to: base + "410", signer: signer) == .disable(status: 410))
            #expect(await deliverer().deliver(message, to: base + "503", signer: signer) == .retry(.status(503), retryAfterSeconds: 7))
            #expect(await deliverer().deliver(message, to: base + "429", signer: signer) == .retry(.status(429), retryAfterSeconds: 7))
            #expect(await deliverer().deliver(message, to: base + "400", signer: signer) == .failed(.status(400)))
            #expect(await deliverer().deliver(message, to: base + "302", signer: signer) == .failed(.status(302)))
        }
    }

    @Test("a receiver slower than the timeout yields a retryable timeout")
    func slowReceiverTimesOut() async throws {
        try await withReceiver { port, _ in
            let outcome = await deliverer(timeoutMilliseconds: 300)
                .deliver(message, to: "http://127.0.0.1:\(port)/slow", signer: WebhookSigner(secret: secret))
            #expect(outcome == .retry(.timeout, retryAfterSeconds: nil))
        }
    }

    @Test("a closed port yields a retryable connection error")
    func closedPortIsRetryable() async {
        let outcome = await deliverer(timeoutMilliseconds: 1_000).deliver(message, to: "http://127.0.0.1:1/", signer: WebhookSigner(secret: secret))
        guard case .retry(.connection, nil) = outcome else {
            Issue.record("expected a connection error, got \(outcome)")
            return
        }
    }

    @Test("a refused URL fails permanently without any connection being made")
    func refusedURLFailsWithoutTraffic() async {
        let outcome = await deliverer().deliver(message, to: "http://10.0.0.1/hooks", signer: WebhookSigner(secret: secret))
        guard case let .failed(.refused(error)) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(error.code == .addressNotAllowed(.privateUse))
    }

    @Test("an unresolvable host is retried later")
    func unresolvableHostIsRetryable() async {
        let outcome = await deliverer(resolver: .table([:])).deliver(message, to: "http://nowhere.test/", signer: WebhookSigner(secret: secret))
        #expect(outcome == .retry(.hostNotResolved, retryAfterSeconds: nil))
    }
}

@Suite("Posting to Slack incoming webhooks", .timeLimit(.minutes(1)))
struct SlackDeliveryTests {
    func slack() -> SlackDeliverer {
        var logger = Logger(label: "test-slack")
        logger.logLevel = .warning
        return SlackDeliverer(policy: OutboundURLPolicy(configuration: .localTesting), clock: clock(at: referenceTime), logger: logger)
    }

    @Test("the message is posted as Slack's {\"text\": …} JSON")
    func postsTextJSON() async throws {
        try await withReceiver { port, inbox in
            let text = "Payment pay_1 over 50,000 EUR needs \"CFO\" approval"
            #expect(await slack().deliver(text: text, to: "http://127.0.0.1:\(port)/status/200") == .delivered(status: 200))
            let received = try #require(inbox.all.first)
            #expect(String(decoding: received.body, as: UTF8.self) == #"{"text":"Payment pay_1 over 50,000 EUR needs \"CFO\" approval"}"#)
            #expect(received.headers["webhook-signature"] == nil)
        }
    }

    @Test("Slack's answers are classified like webhooks")
    func slackStatusesAreClassified() async throws {
        try await withReceiver { port, _ in
            let base = "http://127.0.0.1:\(port)/status/"
            #expect(await slack().deliver(text: "x", to: base + "429") == .retry(.status(429), retryAfterSeconds: 7))
            #expect(await slack().deliver(text: "x", to: base + "410") == .disable(status: 410))
            #expect(await slack().deliver(text: "x", to: base + "404") == .failed(.status(404)))
            #expect(await slack().deliver(text: "x", to: base + "500") == .retry(.status(500), retryAfterSeconds: nil))
        }
    }

    @Test("overlong text is cut to Slack's limit")
    func longTextIsCut() {
        let body = SlackDeliverer.body(text: String(repeating: "a", count: SlackDeliverer.textCharactersMax + 10))
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.hasSuffix("…\"}"))
        #expect(text.count == SlackDeliverer.textCharactersMax + #"{"text":""}"#.count)
    }

    @Test("a Slack URL on a private address is refused")
    func privateSlackURLIsRefused() async {
        let outcome = await slack().deliver(text: "x", to: "https://192.168.0.10/services/T/B/X")
        guard case let .failed(.refused(error)) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(error.code == .addressNotAllowed(.privateUse))
    }
}
