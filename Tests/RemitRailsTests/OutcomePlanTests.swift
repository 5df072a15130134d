import RemitGatewaySim
import Testing

@Suite("The gateway's deterministic outcome plan")
struct OutcomePlanTests {
    static let keys = (0..<500).map { "key_\($0)" }

    @Test func ratesOfZeroNeverFireAndRatesOfOneAlwaysDo() {
        let off = OutcomePlan(seed: 1, faults: GatewayFaults())
        let on = OutcomePlan(seed: 1, faults: GatewayFaults(declineRate: 1, errorBeforeCommitRate: 1, lostAnswerRate: 1))
        for key in Self.keys {
            #expect(off.decline(key: key) == nil)
            #expect(!off.failsBeforeCommit(key: key, attempt: 1))
            #expect(!off.losesAnswer(key: key))
            #expect(on.decline(key: key) != nil)
            #expect(on.failsBeforeCommit(key: key, attempt: 1))
            #expect(on.losesAnswer(key: key))
        }
    }

    @Test func aRateOfAQuarterFiresForAboutAQuarterOfKeys() {
        let plan = OutcomePlan(seed: 9, faults: GatewayFaults(declineRate: 0.25))
        let declined = Self.keys.filter { plan.decline(key: $0) != nil }.count
        #expect((90...160).contains(declined))
    }

    @Test func theSameSeedAndKeyAlwaysDecideTheSame() {
        let faults = GatewayFaults(declineRate: 0.5, errorBeforeCommitRate: 0.5, lostAnswerRate: 0.5,
                                   latencyMillisecondsMin: 5, latencyMillisecondsMax: 50)
        let a = OutcomePlan(seed: 3, faults: faults)
        let b = OutcomePlan(seed: 3, faults: faults)
        let c = OutcomePlan(seed: 4, faults: faults)
        for key in Self.keys {
            #expect(a.decline(key: key) == b.decline(key: key))
            #expect(a.losesAnswer(key: key) == b.losesAnswer(key: key))
            #expect(a.failsBeforeCommit(key: key, attempt: 2) == b.failsBeforeCommit(key: key, attempt: 2))
            #expect(a.chargeID(key: key) == b.chargeID(key: key))
            #expect((5...50).contains(a.latencyMilliseconds(key: key)))
        }
        #expect(Self.keys.contains { a.chargeID(key: $0) != c.chargeID(key: $0) })
        #expect(Set(Self.keys.map { a.chargeID(key: $0) }).count == Self.keys.count)
    }

    @Test func anErrorBelowRateOneLetsALaterAttemptThrough() {
        let plan = OutcomePlan(seed: 5, faults: GatewayFaults(errorBeforeCommitRate: 0.9))
        for key in Self.keys.prefix(50) {
            #expect((1...200).contains { !plan.failsBeforeCommit(key: key, attempt: Int64($0)) })
        }
    }

    /// A key's attempts draw independently: with an error rate of 0.3, about 0.3³ = 2.7% of
    /// keys fail three attempts in a row, and a key's second attempt fails about as often
    /// after a failed first attempt as overall.
    @Test func theAttemptsOfOneKeyFailIndependently() {
        let plan = OutcomePlan(seed: 7, faults: GatewayFaults(errorBeforeCommitRate: 0.3))
        let keys = (0..<10_000).map { "run_\($0):pay:1" }
        let threeInARow = keys.filter { key in (1...3).allSatisfy { plan.failsBeforeCommit(key: key, attempt: Int64($0)) } }.count
        #expect((200...340).contains(threeInARow), "\(threeInARow) of 10,000 keys failed three attempts in a row; expected about 270")
        let failedFirst = keys.filter { plan.failsBeforeCommit(key: $0, attempt: 1) }
        let thenSecond = failedFirst.filter { plan.failsBeforeCommit(key: $0, attempt: 2) }.count
        let share = Double(thenSecond) / Double(failedFirst.count)
        #expect((0.25...0.35).contains(share), "after a failed first attempt the second failed for \(share) of keys")
    }

    @Test func faultsOutsideTheirRangesAreNamed() {
        #expect(GatewayFaults().problems.isEmpty)
        #expect(GatewayFaults(declineRate: 1.5).problems.count == 1)
        #expect(GatewayFaults(errorBeforeCommitRate: -0.1).problems.count == 1)
        #expect(GatewayFaults(latencyMillisecondsMin: 10, latencyMillisecondsMax: 5).problems.count == 1)
        #expect(GatewayFaults(lostAnswerHoldMilliseconds: -1).problems.count == 1)
    }
}
