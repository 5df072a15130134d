import RemitConnectors
import Testing

@Suite("The per-destination rate limiter")
struct RateLimiterTests {
    @Test("a new destination may burst up to capacity, then must wait for the next token")
    func burstThenWait() {
        var limiter = RateLimiter<String>(capacity: 3, refillPerSecond: 2)
        for _ in 0..<3 { #expect(limiter.acquire("a", nowMilliseconds: 0) == .allowed) }
        #expect(limiter.acquire("a", nowMilliseconds: 0) == .wait(milliseconds: 500))
        #expect(limiter.acquire("a", nowMilliseconds: 499) == .wait(milliseconds: 1))
        #expect(limiter.acquire("a", nowMilliseconds: 500) == .allowed)
        #expect(limiter.acquire("a", nowMilliseconds: 500) == .wait(milliseconds: 500))
    }

    @Test("destinations have separate buckets")
    func destinationsAreSeparate() {
        var limiter = RateLimiter<String>(capacity: 1, refillPerSecond: 1)
        #expect(limiter.acquire("a", nowMilliseconds: 0) == .allowed)
        #expect(limiter.acquire("b", nowMilliseconds: 0) == .allowed)
        #expect(limiter.acquire("a", nowMilliseconds: 0) == .wait(milliseconds: 1_000))
    }

    @Test("an idle bucket refills to capacity and no further")
    func refillStopsAtCapacity() {
        var limiter = RateLimiter<String>(capacity: 2, refillPerSecond: 10)
        _ = limiter.acquire("a", nowMilliseconds: 0)
        _ = limiter.acquire("a", nowMilliseconds: 0)
        #expect(limiter.availableTokens("a", nowMilliseconds: 100) == 1)
        #expect(limiter.availableTokens("a", nowMilliseconds: 10_000_000) == 2)
        #expect(limiter.acquire("a", nowMilliseconds: Int64.max / 2) == .allowed)
    }

    @Test("a clock that steps backwards grants nothing and takes nothing")
    func backwardsClockIsHarmless() {
        var limiter = RateLimiter<String>(capacity: 1, refillPerSecond: 1)
        #expect(limiter.acquire("a", nowMilliseconds: 10_000) == .allowed)
        #expect(limiter.acquire("a", nowMilliseconds: 5_000) == .wait(milliseconds: 1_000))
        #expect(limiter.acquire("a", nowMilliseconds: 11_000) == .allowed)
    }

    @Test("refused requests take no token")
    func waitingTakesNothing() {
        var limiter = RateLimiter<String>(capacity: 1, refillPerSecond: 1)
        _ = limiter.acquire("a", nowMilliseconds: 0)
        for moment in stride(from: Int64(0), to: 1_000, by: 100) {
            #expect(limiter.acquire("a", nowMilliseconds: moment) != .allowed)
        }
        #expect(limiter.acquire("a", nowMilliseconds: 1_000) == .allowed)
    }

    @Test("tracked destinations are bounded, forgetting full buckets first")
    func trackedDestinationsAreBounded() {
        var limiter = RateLimiter<Int>(capacity: 1, refillPerSecond: 1, destinationsMax: 3)
        for destination in 0..<10 { _ = limiter.acquire(destination, nowMilliseconds: 0) }
        #expect(limiter.trackedDestinations == 3)
        // The newest destination is still tracked and limited.
        #expect(limiter.acquire(9, nowMilliseconds: 0) == .wait(milliseconds: 1_000))
    }
}
