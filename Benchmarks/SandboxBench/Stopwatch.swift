/// Measures the mean time of one run of a body, on the calling thread.
enum Stopwatch {
    /// Runs `body` in growing batches until `seconds` have passed; returns microseconds per run.
    static func microseconds(seconds: Double = 0.5, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<20 { try body() }
        let clock = ContinuousClock()
        var runs = 0
        var batch = 10
        let start = clock.now
        while true {
            for _ in 0..<batch { try body() }
            runs += batch
            let elapsed = start.duration(to: clock.now)
            let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if secondsElapsed >= seconds { return secondsElapsed * 1e6 / Double(runs) }
            batch = min(batch * 2, 100_000)
        }
    }
}

/// Keeps a result alive so the optimizer cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
