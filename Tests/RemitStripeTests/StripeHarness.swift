import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import RemitCore
import RemitRails
import RemitStripeSim
import ServiceLifecycle

/// Runs the Stripe stand-in on 127.0.0.1 (a free port) in this process for one closure, with
/// a client and a rail pointed at it.
enum StripeHarness {
    static let secretKey = "sk_test_remit_harness_0001"
    static let signingSecret = "whsec_harness_current"
    /// The timeout of tests that expect an answer: generous, so a loaded machine does not flake.
    static let clientTimeout = Duration.seconds(5)
    static let quiet = Logger(label: "remit.tests.stripe") { _ in SwiftLogNoOpLogHandler() }

    static func configuration(webhookURL: String? = nil, signingSecrets: [String] = [signingSecret],
                              faults: [StripeSimFault] = []) -> StripeSimConfiguration {
        StripeSimConfiguration(port: 0, secretKeys: [secretKey], webhookURL: webhookURL, webhookSigningSecrets: signingSecrets, faults: faults)
    }

    static func withSim<T: Sendable>(_ configuration: StripeSimConfiguration = configuration(), clock: WallClock = .system,
                                     _ body: @Sendable (StripeSim) async throws -> T) async throws -> T {
        try await StripeSimService.whileRunning(configuration, clock: clock, logger: quiet, body)
    }
}

extension StripeSim {
    func client(key: String = StripeHarness.secretKey, timeout: Duration = StripeHarness.clientTimeout) -> StripeClient {
        StripeClient(configuration: StripeConfiguration(baseURL: baseURL, secretKey: key, requestTimeout: timeout), logger: StripeHarness.quiet)
    }

    /// A rail whose every payment uses `context`.
    func rail(_ context: StripeChargeContext = cardContext(), key: String = StripeHarness.secretKey,
              timeout: Duration = StripeHarness.clientTimeout) -> StripeRail {
        StripeRail(client: client(key: key, timeout: timeout), context: { _ in context }, logger: StripeHarness.quiet)
    }

    /// The POSTs the stand-in received.
    func posts() async -> [RecordedStripeRequest] { await state.recordedRequests().filter { $0.method == "POST" } }

    /// A raw `POST /v1/payment_intents`, for checks of exact statuses and error bodies.
    func postPaymentIntent(_ body: String, key: String? = StripeHarness.secretKey, idempotencyKey: String? = nil,
                           contentType: String = "application/x-www-form-urlencoded") async throws -> RawAnswer {
        var headers = ["Content-Type": contentType]
        if let key { headers["Authorization"] = "Bearer \(key)" }
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        return try await send("/v1/payment_intents", method: .POST, headers: headers, body: body)
    }

    func send(_ path: String, method: HTTPMethod, headers: [String: String], body: String?) async throws -> RawAnswer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return RawAnswer(status: Int(response.status.code), headers: fields, json: try JSONParser.parse(Array(buffer: bytes)))
    }
}

/// An answer read raw.
struct RawAnswer: Sendable {
    let status: Int
    let headers: [String: String]
    let json: JSONValue

    var errorType: String? { json["error"]?["type"]?.stringValue }
    var errorCode: String? { json["error"]?["code"]?.stringValue }
    var errorParam: String? { json["error"]?["param"]?.stringValue }
}

/// A card payer's context.
func cardContext(hidden: [PaymentMethod] = [], paymentMethod: String = "pm_card_visa", metadata: [String: String] = [:]) -> StripeChargeContext {
    StripeChargeContext(paymentMethod: paymentMethod, customer: "cus_Harness01", hiddenMethods: hidden, metadata: metadata,
                        statementDescriptorSuffix: "INV 1001")
}

/// A ready-made instruction.
func instruction(_ number: Int = 1, amount: Int64 = 125_000, currency: Currency = .usd, method: PaymentMethod = .card) -> SettlementInstruction {
    SettlementInstruction(paymentID: PaymentID(rawValue: "pay_test\(number)"), amount: Money(minorUnits: amount, currency: currency),
                          method: method, reference: "Invoice INV-\(1000 + number)",
                          metadata: ["invoice_id": "inv_\(number)", "buyer_id": "buy_1", "run_id": "run_\(number)"])
}

/// A minimal valid create body, with `extra` appended.
func validBody(_ extra: String = "", amount: Int64 = 5_000, currency: String = "usd") -> String {
    "amount=\(amount)&currency=\(currency)&confirm=true&payment_method=pm_card_visa"
        + "&automatic_payment_methods[enabled]=true&automatic_payment_methods[allow_redirects]=never" + extra
}

/// Receives webhooks on 127.0.0.1 (a free port) for one closure; deliveries arrive on a stream.
enum WebhookReceiver {
    struct Delivery: Sendable {
        let signature: String?
        let payload: [UInt8]
    }

    static func withReceiver<T: Sendable>(_ body: @Sendable (_ url: String, _ deliveries: AsyncStream<Delivery>) async throws -> T) async throws -> T {
        let (deliveries, sink) = AsyncStream.makeStream(of: Delivery.self)
        let router = Router()
        router.post("hooks/stripe") { request, _ -> HTTPResponse.Status in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            sink.yield(Delivery(signature: request.headers[HTTPField.Name("Stripe-Signature")!], payload: Array(buffer: buffer)))
            return .ok
        }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { portSink.yield($0.localAddress?.port ?? 0) }, logger: StripeHarness.quiet)
        let group = ServiceGroup(configuration: .init(services: [app], logger: StripeHarness.quiet))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError("the webhook receiver did not start") }
            let result: Result<T, any Error>
            do {
                result = .success(try await body("http://127.0.0.1:\(port)/hooks/stripe", deliveries))
            } catch {
                result = .failure(error)
            }
            sink.finish()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}

/// The next element of `stream`, or an error after `timeout` (so a missing delivery fails the test instead of hanging it).
func next<T: Sendable>(_ stream: AsyncStream<T>, timeout: Duration = .seconds(10)) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            var iterator = stream.makeAsyncIterator()
            return await iterator.next()
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw HarnessError("nothing arrived within \(timeout)") }
        return value
    }
}

/// Polls `read` every 20 ms until it returns a non-empty array, for at most `timeout`: for
/// state that a server changes after answering (never to let time pass).
func eventually<T: Sendable>(timeout: Duration = .seconds(10), _ read: @Sendable () async -> [T]) async throws -> [T] {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        let value = await read()
        if !value.isEmpty { return value }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw HarnessError("nothing appeared within \(timeout)")
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
