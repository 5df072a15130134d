import Foundation
import RemitCore
import RemitGatewaySim
import RemitRails
import Testing

@Suite("What the simulated gateway refuses")
struct ChargeValidationTests {
    static let valid = #"{"payment_id":"pay_1","amount":1000,"currency":"USD","method":"card"}"#

    /// The problem's code and the first field at fault.
    static func problem(_ body: [UInt8]) throws -> (code: String?, field: String?) {
        let json = try JSONParser.parse(body)
        guard case let .array(errors)? = json["errors"] else { return (json["code"]?.stringValue, nil) }
        return (json["code"]?.stringValue, errors.first?["field"]?.stringValue)
    }

    @Test(arguments: [
        (#"{"payment_id":"pay_1","amount":0,"currency":"USD","method":"card"}"#, "amount"),
        (#"{"payment_id":"pay_1","amount":-5,"currency":"USD","method":"card"}"#, "amount"),
        (#"{"payment_id":"pay_1","amount":1000000000001,"currency":"USD","method":"card"}"#, "amount"),
        (#"{"payment_id":"pay_1","amount":1.5,"currency":"USD","method":"card"}"#, "amount"),
        (#"{"payment_id":"pay_1","amount":100,"currency":"usd","method":"card"}"#, "currency"),
        (#"{"payment_id":"pay_1","amount":100,"currency":"XAU","method":"card"}"#, "currency"),
        (#"{"payment_id":"pay_1","amount":100,"currency":"USD","method":"cheque"}"#, "method"),
        (#"{"amount":100,"currency":"USD","method":"card"}"#, "payment_id"),
        (#"{"payment_id":"pay_1","amount":100,"currency":"USD","method":"card","colour":"red"}"#, "colour"),
        (#"{"payment_id":"pay_1","amount":100,"currency":"USD","method":"card","metadata":{"a":1}}"#, "metadata.a"),
        (#"{"payment_id":"pay_1","amount":100,"currency":"USD","method":"card","metadata":[]}"#, "metadata"),
    ])
    func anInvalidChargeIsRefusedNamingTheField(body: String, field: String) async throws {
        try await GatewayHarness.withGateway { gateway in
            let response = try await gateway.postCharge(key: "bad-\(field)", body: body)
            #expect(response.status == 422)
            #expect(response.headers["content-type"] == "application/problem+json")
            let problem = try Self.problem(response.body)
            #expect(problem.code == "validation_failed")
            #expect(problem.field == field)
            let log = try await gateway.settlements()
            #expect(log.isEmpty)
        }
    }

    @Test func aChargeWithoutAnIdempotencyKeyIsRefused() async throws {
        try await GatewayHarness.withGateway { gateway in
            let response = try await gateway.postCharge(key: nil, body: Self.valid)
            #expect(response.status == 400)
            #expect(try Self.problem(response.body).code == "idempotency_key_missing")
        }
    }

    @Test(arguments: ["has space", String(repeating: "k", count: 256), "naïve"])
    func anUnprintableOrOverlongIdempotencyKeyIsRefused(key: String) async throws {
        try await GatewayHarness.withGateway { gateway in
            let response = try await gateway.postCharge(key: key, body: Self.valid)
            #expect(response.status == 400)
            #expect(try Self.problem(response.body).code == "invalid_request")
        }
    }

    @Test func aBodyOverTheLimitIsRefusedWith413() async throws {
        try await GatewayHarness.withGateway { gateway in
            let padding = String(repeating: "x", count: 17_000)
            let response = try await gateway.postCharge(key: "big", body: #"{"payment_id":"\#(padding)"}"#)
            #expect(response.status == 413)
            #expect(try Self.problem(response.body).code == "payload_too_large")
        }
    }

    @Test func aBodyThatIsNotJSONIsRefused() async throws {
        try await GatewayHarness.withGateway { gateway in
            let wrongType = try await gateway.postCharge(key: "t", body: Self.valid, contentType: "text/plain")
            #expect(wrongType.status == 415)
            let malformed = try await gateway.postCharge(key: "m", body: "{\"amount\":")
            #expect(malformed.status == 400)
            #expect(try Self.problem(malformed.body).code == "invalid_request")
        }
    }

    @Test func theClientTurnsARefusalIntoAFinalDecline() async throws {
        try await GatewayHarness.withGateway { gateway in
            let outcome = await gateway.client().settle(instruction(50, amount: 0), idempotencyKey: "run_50:settle")
            guard case let .declined(code, message) = outcome else { Issue.record("expected declined, got \(outcome)"); return }
            #expect(code == "validation_failed")
            #expect(message.contains("amount"))
        }
    }

    @Test(arguments: ["", "line\nbreak", "with space"])
    func theClientDeclinesAnUnusableKeyWithoutSendingIt(key: String) async throws {
        try await GatewayHarness.withGateway { gateway in
            let outcome = await gateway.client().settle(instruction(51), idempotencyKey: key)
            guard case .declined("invalid_idempotency_key", _) = outcome else { Issue.record("got \(outcome)"); return }
            let log = try await gateway.settlements()
            #expect(log.isEmpty)
        }
    }

    @Test func anUnknownChargeIdAndAMissingQueryAreProblems() async throws {
        try await GatewayHarness.withGateway { gateway in
            let missing = try await gateway.get("/v1/charges/ch_nope")
            #expect(missing.0 == 404)
            #expect(missing.1["code"]?.stringValue == "not_found")
            let noKey = try await gateway.get("/v1/charges")
            #expect(noKey.0 == 400)
            let badLimit = try await gateway.get("/v1/settlements?limit=1001")
            #expect(badLimit.0 == 400)
            let health = try await gateway.get("/healthz")
            #expect(health.0 == 200)
            #expect(health.1["status"]?.stringValue == "ok")
        }
    }
}
