/// How the refund processor asks rails for pending refunds.
public struct RefundProcessorConfiguration: Sendable {
    /// Whether this node runs the processor.
    public var enabled: Bool = true
    /// How long the processor sleeps when no refund is due, in milliseconds.
    public var idlePollMilliseconds: Int64 = 200
    /// The most refunds claimed in one round.
    public var refundsPerRoundMax: Int = 20
    /// How long a claimed refund is kept from other nodes while its rail is asked, in milliseconds.
    public var leaseMilliseconds: Int64 = 60_000
    /// The first delay after an unknown answer, in milliseconds; it doubles per attempt.
    public var retryDelayMilliseconds: Int64 = 1_000
    /// The longest delay between two attempts, in milliseconds. A refund whose answer stays
    /// unknown is never failed by Remit (the money may have moved); it is retried at this pace.
    public var retryDelayMaxMilliseconds: Int64 = 300_000

    /// Creates the default configuration.
    public init() {}

    /// The delay before attempt `attempts + 1`.
    func retryDelay(afterAttempts attempts: Int) -> Int64 {
        let doublings = min(max(attempts - 1, 0), 30)
        return min(retryDelayMilliseconds << Int64(doublings), retryDelayMaxMilliseconds)
    }
}
