/// When to try a message again: exponential backoff with full jitter, bounded in delay and
/// in attempts, honouring a receiver's `Retry-After`. Pure: randomness is injected.
///
/// The n-th retry waits a uniformly random time in `0...min(delayMax, baseDelay × 2^(n-1))`
/// ("full jitter"), so many endpoints failing at once do not retry in lock-step. A
/// `Retry-After` raises that wait to at least what the receiver asked, up to `delayMax`.
public struct RetrySchedule: Sendable {
    /// The first retry's upper bound by default: 5 s.
    public static let baseDelayMillisecondsDefault: Int64 = 5_000
    /// The longest wait between attempts by default: 6 h.
    public static let delayMaxMillisecondsDefault: Int64 = 6 * 3_600_000
    /// How many attempts a message gets by default, the first included. With the default
    /// delays the 17 retries' ceilings add up to about 35 h; full jitter makes the expected
    /// span about half of that, so a receiver that is down for most of a day still gets it.
    public static let attemptsMaxDefault = 18

    /// The upper bound of the first retry's wait, in milliseconds.
    public let baseDelayMilliseconds: Int64
    /// The longest wait between two attempts, in milliseconds.
    public let delayMaxMilliseconds: Int64
    /// The most attempts a message gets, the first included.
    public let attemptsMax: Int
    /// Where jitter comes from.
    public let random: RandomSource

    /// Creates a schedule.
    public init(
        baseDelayMilliseconds: Int64 = baseDelayMillisecondsDefault,
        delayMaxMilliseconds: Int64 = delayMaxMillisecondsDefault,
        attemptsMax: Int = attemptsMaxDefault,
        random: RandomSource = .system
    ) {
        precondition(baseDelayMilliseconds > 0 && delayMaxMilliseconds >= baseDelayMilliseconds, "retry delays out of order")
        precondition(attemptsMax >= 1, "a message needs at least one attempt")
        self.baseDelayMilliseconds = baseDelayMilliseconds
        self.delayMaxMilliseconds = delayMaxMilliseconds
        self.attemptsMax = attemptsMax
        self.random = random
    }

    /// What to do after attempt number `attempt` (1 for the first) ended in `outcome`.
    public func decide(after attempt: Int, outcome: DeliveryOutcome) -> RetryDecision {
        precondition(attempt >= 1, "attempts are numbered from 1")
        switch outcome {
        case .delivered: return .delivered
        case .disable: return .disableEndpoint
        case .failed: return .giveUp
        case let .retry(_, retryAfterSeconds):
            guard attempt < attemptsMax else { return .giveUp }
            var delay = backoffMilliseconds(retry: attempt)
            if let seconds = retryAfterSeconds {
                delay = max(delay, min(seconds * 1000, delayMaxMilliseconds))
            }
            return .retry(afterMilliseconds: delay)
        }
    }

    /// The upper bound of the wait before retry number `retry` (1 for the first retry):
    /// `min(delayMax, baseDelay × 2^(retry-1))`.
    public func backoffCeilingMilliseconds(retry: Int) -> Int64 {
        precondition(retry >= 1, "retries are numbered from 1")
        // Past 2^40 the product exceeds any sensible cap; stop doubling before it overflows.
        let doublings = min(retry - 1, 40)
        let (product, overflow) = baseDelayMilliseconds.multipliedReportingOverflow(by: Int64(1) << doublings)
        return overflow ? delayMaxMilliseconds : min(product, delayMaxMilliseconds)
    }

    /// A full-jitter wait before retry number `retry`: uniform in `0...ceiling`.
    public func backoffMilliseconds(retry: Int) -> Int64 {
        let ceiling = backoffCeilingMilliseconds(retry: retry)
        let drawn = random.next(UInt64(ceiling))
        precondition(drawn <= UInt64(ceiling), "random source answered beyond its bound")
        return Int64(drawn)
    }
}

/// The dispatcher's next move for a message.
public enum RetryDecision: Sendable, Equatable {
    /// Done: the receiver accepted it.
    case delivered
    /// Try again after this many milliseconds.
    case retry(afterMilliseconds: Int64)
    /// Stop: the failure is permanent, or the attempts are used up.
    case giveUp
    /// Stop and disable the endpoint (410 Gone).
    case disableEndpoint
}

/// A source of uniform random integers, injected so tests fix the jitter.
public struct RandomSource: Sendable {
    /// Returns a uniformly random integer in `0...upperBound`.
    public var next: @Sendable (_ upperBound: UInt64) -> UInt64

    /// Creates a source from a closure.
    public init(next: @escaping @Sendable (_ upperBound: UInt64) -> UInt64) {
        self.next = next
    }

    /// The system's generator.
    public static let system = RandomSource { UInt64.random(in: 0...$0) }

    /// Always the bound's fraction `numerator / denominator`, rounded down; for tests
    /// (`fraction(0, 1)` is always zero, `fraction(1, 1)` always the ceiling).
    public static func fraction(_ numerator: UInt64, _ denominator: UInt64) -> RandomSource {
        precondition(denominator > 0 && numerator <= denominator, "a fraction within 0...1")
        return RandomSource { bound in
            bound.multipliedFullWidth(by: numerator).high == 0
                ? bound * numerator / denominator
                : UInt64((Double(bound) * Double(numerator) / Double(denominator)).rounded(.down))
        }
    }
}
