/// A token bucket per destination, so one tenant's burst cannot flood a receiver.
///
/// Pure: the caller passes the current time in milliseconds (from its `WallClock`) and keeps
/// the value; nothing here reads a clock or sleeps. A destination starts with a full bucket
/// of `capacity` tokens; each send takes one; tokens come back at `refillPerSecond`.
public struct RateLimiter<Destination: Hashable & Sendable>: Sendable {
    /// Tokens a destination can hold by default: the largest burst.
    public static var capacityDefault: Int { 10 }
    /// Tokens returned per second by default.
    public static var refillPerSecondDefault: Int { 5 }
    /// Destinations tracked at once by default; a full bucket is forgotten first.
    public static var destinationsMaxDefault: Int { 10_000 }

    /// The most tokens a bucket holds.
    public let capacity: Int
    /// Tokens returned per second.
    public let refillPerSecond: Int
    /// The most destinations tracked at once.
    public let destinationsMax: Int

    // Tokens are counted in thousandths (milli-tokens) so refills stay exact integers:
    // at `refillPerSecond` tokens per second, one millisecond returns `refillPerSecond`
    // milli-tokens.
    private var buckets: [Destination: Bucket] = [:]

    private struct Bucket: Sendable {
        var milliTokens: Int64
        var updatedMilliseconds: Int64
    }

    /// Creates a limiter.
    public init(
        capacity: Int = capacityDefault,
        refillPerSecond: Int = refillPerSecondDefault,
        destinationsMax: Int = destinationsMaxDefault
    ) {
        precondition(capacity >= 1 && refillPerSecond >= 1 && destinationsMax >= 1, "rate limits must be positive")
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        self.destinationsMax = destinationsMax
    }

    /// Takes a token for `destination` at `nowMilliseconds` if one is there.
    ///
    /// - Returns: `.allowed`, or `.wait(milliseconds:)` until the next token arrives
    ///   (nothing is taken then; ask again after waiting).
    public mutating func acquire(_ destination: Destination, nowMilliseconds: Int64) -> RateDecision {
        var bucket = refilled(destination, nowMilliseconds: nowMilliseconds)
        if bucket.milliTokens >= 1000 {
            bucket.milliTokens -= 1000
            store(bucket, for: destination, nowMilliseconds: nowMilliseconds)
            return .allowed
        }
        store(bucket, for: destination, nowMilliseconds: nowMilliseconds)
        let missing = 1000 - bucket.milliTokens
        let rate = Int64(refillPerSecond)
        return .wait(milliseconds: (missing + rate - 1) / rate)
    }

    /// The whole tokens `destination` has at `nowMilliseconds`.
    public func availableTokens(_ destination: Destination, nowMilliseconds: Int64) -> Int {
        Int(refilled(destination, nowMilliseconds: nowMilliseconds).milliTokens / 1000)
    }

    /// How many destinations are being tracked.
    public var trackedDestinations: Int { buckets.count }

    private func refilled(_ destination: Destination, nowMilliseconds: Int64) -> Bucket {
        let full = Int64(capacity) * 1000
        guard var bucket = buckets[destination] else {
            return Bucket(milliTokens: full, updatedMilliseconds: nowMilliseconds)
        }
        // A clock that steps backwards returns no tokens rather than taking any away.
        let elapsed = max(0, nowMilliseconds - bucket.updatedMilliseconds)
        let (gained, overflow) = elapsed.multipliedReportingOverflow(by: Int64(refillPerSecond))
        bucket.milliTokens = overflow ? full : min(full, bucket.milliTokens + gained)
        bucket.updatedMilliseconds = max(bucket.updatedMilliseconds, nowMilliseconds)
        return bucket
    }

    private mutating func store(_ bucket: Bucket, for destination: Destination, nowMilliseconds: Int64) {
        buckets[destination] = bucket
        guard buckets.count > destinationsMax else { return }
        // A full bucket carries no information: forgetting it changes no decision.
        let full = Int64(capacity) * 1000
        let forgettable = buckets.first { key, _ in
            key != destination && refilled(key, nowMilliseconds: nowMilliseconds).milliTokens >= full
        }?.key ?? buckets.filter { $0.key != destination }.min { $0.value.updatedMilliseconds < $1.value.updatedMilliseconds }?.key
        if let forgettable { buckets[forgettable] = nil }
    }
}

/// Whether a send may go now.
public enum RateDecision: Sendable, Equatable {
    /// A token was taken: send.
    case allowed
    /// No token: wait this many milliseconds, then ask again.
    case wait(milliseconds: Int64)
}
