/// Exponential backoff with full jitter, as a pure function of an injected random value.
public enum Backoff {
    /// The wait before retry number `attempt` (1 for the first retry), in milliseconds:
    /// `jitter × min(max, base × 2^(attempt − 1))`, rounded down ("full jitter": spreading
    /// retries over the whole window keeps many failing runs from retrying in step).
    ///
    /// - Parameters:
    ///   - jitter: A random value in 0..<1; values outside are clamped.
    public static func delay(attempt: Int, base: Int64, max: Int64, jitter: Double) -> Int64 {
        let base = Swift.max(0, base)
        let ceiling = Swift.max(0, max)
        let exponent = Swift.min(Swift.max(attempt - 1, 0), 62)
        let (window, overflow) = base.multipliedReportingOverflow(by: Int64(1) << exponent)
        let capped = overflow ? ceiling : Swift.min(window, ceiling)
        let fraction = jitter.isNaN ? 0 : Swift.min(Swift.max(jitter, 0), 1)
        let scaled = (Double(capped) * fraction).rounded(.down)
        // Double(Int64.max) is 2^63, one above Int64.max: at or beyond it, the window is the answer.
        return scaled >= Double(Int64.max) ? capped : Swift.min(capped, Int64(scaled))
    }
}
