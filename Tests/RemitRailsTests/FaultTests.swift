import Foundation
import RemitCore
import RemitGatewaySim
import RemitRails
import Testing

@Suite("Faults of the simulated gateway")
struct FaultTests {
    @Test(arguments: [1_500, 0])
    func aLostAnswerIsUnknownAndARetryWithTheSameKeySettlesOnce(holdMilliseconds: Int) async throws {
        let faults = GatewayFaults(lostAnswerRate: 1, lostAnswerHoldMilliseconds: holdMilliseconds)
        try await GatewayHarness.withGateway(faults: faults) { gateway in
            let client = gateway.client(timeout: GatewayHarness.shortTimeout)
            let first = await client.settle(instruction(10), idempotencyKey: "run_10:settle")
            guard case .unknown = first else { Issue.record("expected unknown, got \(first)"); return }
            // The charge was committed before its answer was lost.
            let log = try await gateway.settlements()
            #expect(log.count == 1)
            let reference = try #require(log.first?["rail_reference"]?.stringValue)
            let retry = await client.settle(instruction(10), idempotencyKey: "run_10:settle")
            #expect(retry == .settled(railReference: reference))
            let finalLog = try await gateway.settlements()
            #expect(finalLog.count == 1)
        }
    }

    @Test func withoutTheLostAnswerFaultTheFirstAnswerArrives() async throws {
        try await GatewayHarness.withGateway(faults: GatewayFaults(lostAnswerRate: 0)) { gateway in
            let outcome = await gateway.client().settle(instruction(11), idempotencyKey: "run_11:settle")
            #expect(outcome.isFinal)
        }
    }

    @Test func declinesAreFinalAndStablePerKeyAndMoveNoMoney() async throws {
        try await GatewayHarness.withGateway(faults: GatewayFaults(declineRate: 1)) { gateway in
            let client = gateway.client()
            let first = await client.settle(instruction(12), idempotencyKey: "run_12:settle")
            guard case let .declined(code, _) = first else { Issue.record("expected declined, got \(first)"); return }
            #expect(OutcomePlan.declines.map(\.code).contains(code))
            #expect(await client.settle(instruction(12), idempotencyKey: "run_12:settle") == first)
            #expect(await client.status(idempotencyKey: "run_12:settle") == .recorded(first))
            let log = try await gateway.settlements()
            #expect(log.isEmpty)
        }
    }

    @Test func anErrorRateOfOneRecordsNothing() async throws {
        try await GatewayHarness.withGateway(faults: GatewayFaults(errorBeforeCommitRate: 1)) { gateway in
            let client = gateway.client()
            for _ in 0..<3 {
                guard case let .unknown(reason) = await client.settle(instruction(13), idempotencyKey: "run_13:settle") else {
                    Issue.record("expected unknown"); return
                }
                #expect(reason.contains("503"))
            }
            #expect(await client.status(idempotencyKey: "run_13:settle") == .notFound)
            let log = try await gateway.settlements()
            #expect(log.isEmpty)
            let raw = try await gateway.postCharge(key: "raw-503", body: #"{"payment_id":"p","amount":1,"currency":"USD","method":"card"}"#)
            #expect(raw.status == 503)
            #expect(raw.headers["retry-after"] == "1")
        }
    }

    @Test func underAHalfErrorRateRetriesWithTheSameKeyEventuallySettleEachKeyOnce() async throws {
        try await GatewayHarness.withGateway(faults: GatewayFaults(errorBeforeCommitRate: 0.5)) { gateway in
            let client = gateway.client()
            var failures = 0
            for number in 0..<10 {
                var outcome = SettlementOutcome.unknown(reason: "not tried")
                for _ in 0..<40 where !outcome.isFinal {
                    outcome = await client.settle(instruction(100 + number), idempotencyKey: "run_\(100 + number):settle")
                    if !outcome.isFinal { failures += 1 }
                }
                guard case .settled = outcome else { Issue.record("key \(number) did not settle: \(outcome)"); return }
            }
            #expect(failures > 0)
            let log = try await gateway.settlements()
            #expect(log.count == 10)
        }
    }

    @Test func allFaultsAtOnceStillSettleEachKeyAtMostOnce() async throws {
        let faults = GatewayFaults(declineRate: 0.3, errorBeforeCommitRate: 0.3, lostAnswerRate: 0.5, lostAnswerHoldMilliseconds: 0)
        try await GatewayHarness.withGateway(seed: 7, faults: faults) { gateway in
            let client = gateway.client()
            var settled: [String: String] = [:]
            for number in 0..<15 {
                let key = "run_\(200 + number):settle"
                var outcome = SettlementOutcome.unknown(reason: "not tried")
                for _ in 0..<40 where !outcome.isFinal { outcome = await client.settle(instruction(200 + number), idempotencyKey: key) }
                #expect(outcome.isFinal)
                if case let .settled(reference) = outcome { settled[key] = reference }
            }
            let log = try await gateway.settlements()
            #expect(log.count == settled.count)
            #expect(Set(log.compactMap { $0["idempotency_key"]?.stringValue }) == Set(settled.keys))
            #expect(Set(log.compactMap { $0["rail_reference"]?.stringValue }) == Set(settled.values))
        }
    }

    @Test func latencyWithinTheClientTimeoutStillSettles() async throws {
        try await GatewayHarness.withGateway(faults: GatewayFaults(latencyMillisecondsMin: 20, latencyMillisecondsMax: 40)) { gateway in
            let started = ContinuousClock.now
            let outcome = await gateway.client().settle(instruction(14), idempotencyKey: "run_14:settle")
            #expect(outcome.isFinal)
            #expect(ContinuousClock.now - started >= .milliseconds(20))
        }
    }

    @Test func latencyBeyondTheClientTimeoutIsUnknownAndTheChargeStillHappensOnce() async throws {
        try await GatewayHarness.withGateway(faults: GatewayFaults(latencyMillisecondsMin: 500, latencyMillisecondsMax: 500)) { gateway in
            let client = gateway.client(timeout: GatewayHarness.shortTimeout)
            guard case .unknown = await client.settle(instruction(15), idempotencyKey: "run_15:settle") else {
                Issue.record("expected unknown"); return
            }
            let patient = gateway.client(timeout: .seconds(5))
            // The second request waits its own 500 ms and then finds the first one's charge.
            guard case .settled = await patient.settle(instruction(15), idempotencyKey: "run_15:settle") else {
                Issue.record("expected settled"); return
            }
            let log = try await gateway.settlements()
            #expect(log.count == 1)
        }
    }

    @Test func aReplayOfARecordedChargeIsAnsweredWithoutTheSimulatedLatency() async throws {
        // The latency is long enough that a replay answered within it cannot have waited it out,
        // however loaded the machine is.
        try await GatewayHarness.withGateway(faults: GatewayFaults(latencyMillisecondsMin: 1_500, latencyMillisecondsMax: 1_500)) { gateway in
            let client = gateway.client(timeout: .seconds(5))
            let first = ContinuousClock.now
            guard case .settled = await client.settle(instruction(16), idempotencyKey: "run_16:settle") else {
                Issue.record("expected settled"); return
            }
            #expect(ContinuousClock.now - first >= .milliseconds(1_500))
            let replay = ContinuousClock.now
            guard case .settled = await client.settle(instruction(16), idempotencyKey: "run_16:settle") else {
                Issue.record("expected settled"); return
            }
            #expect(ContinuousClock.now - replay < .milliseconds(1_500))
        }
    }
}
