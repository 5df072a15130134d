import RemitCore

/// Decides every simulated outcome from the seed and the idempotency key alone, so two
/// gateways started with the same seed answer the same keys the same way.
///
/// Each decision draws 64 bits from SplitMix64 seeded with an FNV-1a hash of
/// (seed, purpose, key, attempt). What is final for a key (decline, lost answer, charge id)
/// depends on the key only; what a retry may change (a 503 before commit) also on the attempt
/// number, so that an error rate below 1 lets a retry through.
public struct OutcomePlan: Sendable {
    /// A final refusal: a stable code and a sentence.
    public struct Decline: Sendable, Equatable {
        /// A machine-readable reason, such as `insufficient_funds`.
        public var code: String
        /// What happened, for a person.
        public var message: String
    }

    /// The declines the gateway picks from.
    public static let declines: [Decline] = [
        Decline(code: "insufficient_funds", message: "The payer's account has insufficient funds."),
        Decline(code: "do_not_honor", message: "The payer's bank declined the charge."),
        Decline(code: "account_closed", message: "The payer's account is closed."),
        Decline(code: "limit_exceeded", message: "The charge exceeds the payer's limit."),
    ]

    let seed: UInt64
    let faults: GatewayFaults

    /// Creates a plan.
    public init(seed: UInt64, faults: GatewayFaults) {
        self.seed = seed
        self.faults = faults
    }

    /// Whether attempt number `attempt` (1, 2, …) for `key` fails with 503 before committing.
    public func failsBeforeCommit(key: String, attempt: Int64) -> Bool {
        unit("error", key, attempt) < faults.errorBeforeCommitRate
    }

    /// The decline for a new charge under `key`, or nil when it succeeds.
    public func decline(key: String) -> Decline? {
        guard unit("decline", key) < faults.declineRate else { return nil }
        return Self.declines[Int(draw("decline-code", key) % UInt64(Self.declines.count))]
    }

    /// Whether the answer to the request that commits `key`'s charge is lost.
    public func losesAnswer(key: String) -> Bool {
        unit("lost", key) < faults.lostAnswerRate
    }

    /// How long the gateway takes before handling a charge request for `key`.
    public func latencyMilliseconds(key: String) -> Int {
        let span = UInt64(faults.latencyMillisecondsMax - faults.latencyMillisecondsMin + 1)
        return faults.latencyMillisecondsMin + Int(draw("latency", key) % span)
    }

    /// The id (and rail reference) of the charge made under `key`: `ch_` and 120 bits in base 32.
    public func chargeID(key: String) -> String {
        var generator = SplitMix64(seed: draw("charge-id", key))
        let bytes = (0..<15).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        return "ch_" + Base32.encode(bytes)
    }

    /// A draw in [0, 1): 53 random bits, so a rate of 1 always hits and 0 never does.
    func unit(_ purpose: String, _ key: String, _ attempt: Int64 = 0) -> Double {
        Double(draw(purpose, key, attempt) >> 11) / Double(1 << 53)
    }

    func draw(_ purpose: String, _ key: String, _ attempt: Int64 = 0) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: seed >> UInt64(shift))) }
        for byte in purpose.utf8 { mix(byte) }
        mix(0)
        for byte in key.utf8 { mix(byte) }
        mix(0)
        for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: UInt64(bitPattern: attempt) >> UInt64(shift))) }
        var generator = SplitMix64(seed: hash)
        return generator.next()
    }
}
