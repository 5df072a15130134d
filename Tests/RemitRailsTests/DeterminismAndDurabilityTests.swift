import Foundation
import RemitCore
import RemitGatewaySim
import RemitRails
import Testing

@Suite("Determinism and durability of the simulated gateway")
struct DeterminismAndDurabilityTests {
    static let faults = GatewayFaults(declineRate: 0.4, lostAnswerRate: 0.3, lostAnswerHoldMilliseconds: 0)

    /// Settles keys 0..<count once each and returns each key's first outcome, with rail
    /// references and decline codes but without transport wording.
    static func outcomes(seed: UInt64, count: Int) async throws -> [String] {
        try await GatewayHarness.withGateway(seed: seed, faults: faults) { gateway in
            var results: [String] = []
            for number in 0..<count {
                let key = "det_\(number)"
                switch await gateway.client().settle(instruction(number), idempotencyKey: key) {
                case let .settled(reference): results.append("settled \(reference)")
                case let .declined(code, _): results.append("declined \(code)")
                case .unknown: results.append("unknown")
                }
            }
            return results
        }
    }

    @Test func theSameSeedAndKeysGiveTheSameOutcomesOnTwoGateways() async throws {
        let first = try await Self.outcomes(seed: 42, count: 30)
        let second = try await Self.outcomes(seed: 42, count: 30)
        #expect(first == second)
        #expect(first.contains { $0.hasPrefix("settled") })
        #expect(first.contains { $0.hasPrefix("declined") })
        #expect(first.contains("unknown"))
        let other = try await Self.outcomes(seed: 43, count: 30)
        #expect(other != first)
    }

    @Test func theGatewayKeepsItsChargesAcrossARestart() async throws {
        let path = GatewayHarness.temporaryPath()
        defer { GatewayHarness.removeDatabase(at: path) }
        let first = try await GatewayHarness.withGateway(path: path) { gateway in
            await gateway.client().settle(instruction(30), idempotencyKey: "run_30:settle")
        }
        guard case .settled = first else { Issue.record("expected settled, got \(first)"); return }
        try await GatewayHarness.withGateway(path: path) { gateway in
            let client = gateway.client()
            #expect(await client.status(idempotencyKey: "run_30:settle") == .recorded(first))
            #expect(await client.settle(instruction(30), idempotencyKey: "run_30:settle") == first)
            let log = try await gateway.settlements()
            #expect(log.count == 1)
        }
    }

    @Test func theGatewayFileIsInWALModeWithFullSynchronous() async throws {
        let path = GatewayHarness.temporaryPath()
        defer { GatewayHarness.removeDatabase(at: path) }
        let store = try await ChargeStore(path: path)
        let settings = try await store.durabilitySettings()
        try store.close()
        #expect(settings.journalMode == "wal")
        #expect(settings.synchronous == 2)
    }

    @Test func theSettlementLogPagesInOrder() async throws {
        try await GatewayHarness.withGateway { gateway in
            for number in 0..<5 { _ = await gateway.client().settle(instruction(40 + number), idempotencyKey: "page_\(number)") }
            let log = try await gateway.settlements()
            #expect(log.compactMap { $0["idempotency_key"]?.stringValue } == (0..<5).map { "page_\($0)" })
            #expect(log.compactMap { $0["sequence"]?.int64Value } == [1, 2, 3, 4, 5])
        }
    }
}
