/// A signed span of time in nanoseconds, limited to what fits in 64 bits (about ±292 years).
public struct CELDuration: Sendable, Hashable, Comparable {
    /// The length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a duration from nanoseconds.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates a duration from seconds and nanoseconds, failing when it does not fit.
    public init(seconds: Int64, nanos: Int64 = 0) throws(CELError) {
        let (scaled, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = scaled.addingReportingOverflow(nanos)
        guard !o1, !o2 else { throw CELError(.range, "duration out of range") }
        nanoseconds = total
    }

    /// Orders by length, negative before positive.
    public static func < (lhs: CELDuration, rhs: CELDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Parses Go/protobuf duration text such as `1.5s`, `-2h45m`, `100ms`, `3us`, `9ns`.
    public init(parsing text: String) throws(CELError) {
        var scalars = Array(text.unicodeScalars)[...]
        var negative = false
        if scalars.first == "-" || scalars.first == "+" {
            negative = scalars.first == "-"
            scalars = scalars.dropFirst()
        }
        if String(String.UnicodeScalarView(scalars)) == "0" {
            nanoseconds = 0
            return
        }
        guard !scalars.isEmpty else { throw CELError(.conversion, "invalid duration", detail: text) }
        // Accumulate in Double-free integer arithmetic so large values fail exactly at the edge.
        var total: Int128 = 0
        while !scalars.isEmpty {
            var whole: Int128 = 0
            var fraction: Int128 = 0
            var fractionScale: Int128 = 1
            var sawDigit = false
            while let c = scalars.first, let digit = Self.digit(c) {
                whole = whole * 10 + Int128(digit)
                guard whole < Int128(1) << 80 else { throw CELError(.range, "duration out of range") }
                sawDigit = true
                scalars = scalars.dropFirst()
            }
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                while let c = scalars.first, let digit = Self.digit(c) {
                    if fractionScale < 1_000_000_000_000_000_000 {
                        fraction = fraction * 10 + Int128(digit)
                        fractionScale *= 10
                    }
                    sawDigit = true
                    scalars = scalars.dropFirst()
                }
            }
            guard sawDigit else { throw CELError(.conversion, "invalid duration", detail: text) }
            var unit = ""
            while let c = scalars.first, !(c == "." || Self.digit(c) != nil) {
                unit.unicodeScalars.append(c)
                scalars = scalars.dropFirst()
            }
            guard let unitNanos = Self.unitNanos[unit] else {
                throw CELError(.conversion, "invalid duration unit", detail: text)
            }
            total += whole * unitNanos + fraction * unitNanos / fractionScale
            guard total <= Int128(Int64.max) else { throw CELError(.range, "duration out of range") }
        }
        nanoseconds = Int64(negative ? -total : total)
    }

    private static let unitNanos: [String: Int128] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    private static func digit(_ c: Unicode.Scalar) -> Int? {
        c.value >= 48 && c.value <= 57 ? Int(c.value - 48) : nil
    }

    /// Seconds with as many fractional digits as needed (up to nine) and an `s` suffix:
    /// `1.5s`, `-0.000000001s`, `3600s`, as cel-go's `string(duration)` prints.
    public var formatted: String {
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        let seconds = magnitude / 1_000_000_000
        let nanos = magnitude % 1_000_000_000
        var text = (negative ? "-" : "") + String(seconds)
        if nanos != 0 { text += "." + fractionDigits(nanos) }
        return text + "s"
    }
}

/// The fractional digits of a nanosecond count, without trailing zeros (`500_000_000` → `5`).
func fractionDigits(_ nanos: UInt64) -> String {
    var digits = String(nanos)
    digits = String(repeating: "0", count: 9 - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return digits
}
