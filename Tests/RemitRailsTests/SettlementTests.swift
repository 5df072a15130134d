import Foundation
import RemitCore
import RemitGatewaySim
import RemitRails
import Testing

@Suite("Settling on the simulated gateway")
struct SettlementTests {
    @Test func aSettledChargeAppearsInTheSettlementLogOnce() async throws {
        try await GatewayHarness.withGateway { gateway in
            let outcome = await gateway.client().settle(instruction(1), idempotencyKey: "run_1:settle")
            guard case let .settled(reference) = outcome else { Issue.record("expected settled, got \(outcome)"); return }
            #expect(reference.hasPrefix("ch_"))
            let log = try await gateway.settlements()
            #expect(log.count == 1)
            #expect(log.first?["rail_reference"]?.stringValue == reference)
            #expect(log.first?["idempotency_key"]?.stringValue == "run_1:settle")
            #expect(log.first?["amount"]?.int64Value == 125_000)
            #expect(log.first?["currency"]?.stringValue == "USD")
            #expect(log.first?["payment_id"]?.stringValue == "pay_test1")
            #expect(log.first?["reference"]?.stringValue == "INV-1001")
        }
    }

    @Test func theSameKeyTwiceSettlesOnceWithTheSameReference() async throws {
        try await GatewayHarness.withGateway { gateway in
            let client = gateway.client()
            let first = await client.settle(instruction(2), idempotencyKey: "run_2:settle")
            let second = await client.settle(instruction(2), idempotencyKey: "run_2:settle")
            #expect(first.isFinal)
            #expect(first == second)
            let log = try await gateway.settlements()
            #expect(log.count == 1)
            #expect(await client.status(idempotencyKey: "run_2:settle") == .recorded(first))
        }
    }

    @Test func aRepeatedRequestGets201ThenTheSameBodyWith200() async throws {
        try await GatewayHarness.withGateway { gateway in
            let body = #"{"payment_id":"pay_x","amount":500,"currency":"EUR","method":"sepa_credit","reference":"INV-9"}"#
            let first = try await gateway.postCharge(key: "k-raw", body: body)
            let second = try await gateway.postCharge(key: "k-raw", body: body)
            #expect(first.status == 201)
            #expect(second.status == 200)
            #expect(second.headers["idempotent-replayed"] == "true")
            #expect(first.body == second.body)
            let charge = try JSONParser.parse(first.body)
            let id = try #require(charge["id"]?.stringValue)
            let fetched = try await gateway.send("/v1/charges/\(id)", method: .GET, headers: [:], body: nil)
            #expect(fetched.status == 200)
            #expect(fetched.body == first.body)
        }
    }

    @Test func aKeyReusedForADifferentChargeIsRefusedAndChargesNothingMore() async throws {
        try await GatewayHarness.withGateway { gateway in
            let client = gateway.client()
            _ = await client.settle(instruction(3, amount: 100), idempotencyKey: "run_3:settle")
            let reused = await client.settle(instruction(3, amount: 200), idempotencyKey: "run_3:settle")
            #expect(reused == .declined(code: "idempotency_key_reused",
                                        message: "This Idempotency-Key was used for a different charge; use a new key for a new charge."))
            let log = try await gateway.settlements()
            #expect(log.count == 1)
            #expect(log.first?["amount"]?.int64Value == 100)
        }
    }

    @Test func twentyConcurrentSettlesWithOneKeyMakeOneSettlement() async throws {
        try await GatewayHarness.withGateway(faults: GatewayFaults(latencyMillisecondsMin: 0, latencyMillisecondsMax: 20)) { gateway in
            let client = gateway.client(timeout: .seconds(5))
            let outcomes = await withTaskGroup(of: SettlementOutcome.self) { group in
                for _ in 0..<20 { group.addTask { await client.settle(instruction(4), idempotencyKey: "run_4:settle") } }
                return await group.reduce(into: [SettlementOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.count == 20)
            #expect(Set(outcomes.map(\.description)).count == 1)
            guard case .settled = outcomes[0] else { Issue.record("expected settled, got \(outcomes[0])"); return }
            let log = try await gateway.settlements()
            #expect(log.count == 1)
        }
    }

    @Test func aKeyTheGatewayNeverSawIsNotFound() async throws {
        try await GatewayHarness.withGateway { gateway in
            #expect(await gateway.client().status(idempotencyKey: "never sent/&?") == .notFound)
        }
    }

    @Test func aGatewayThatCannotBeReachedLeavesTheOutcomeUnknown() async throws {
        // Nothing listens on port 1, so the connection is refused at once.
        let client = SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:1", requestTimeout: GatewayHarness.shortTimeout),
                                            logger: GatewayHarness.quiet)
        guard case .unknown = await client.settle(instruction(5), idempotencyKey: "run_5:settle") else {
            Issue.record("expected unknown"); return
        }
        guard case .unavailable = await client.status(idempotencyKey: "run_5:settle") else {
            Issue.record("expected unavailable"); return
        }
    }
}
