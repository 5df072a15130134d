/// A span of time written the way people write it: `30m`, `48h`, `2d`, or combined, `1d12h`.
///
/// Units are `s`, `m`, `h` and `d` (24 hours; there are no months, whose length varies). The
/// text is kept so a definition reads back exactly as it was written.
public struct WorkflowDuration: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The length in milliseconds, above zero.
    public let milliseconds: Int64
    /// The text it was parsed from.
    public let text: String

    /// The longest duration accepted: 366 days, so a wait or timeout ends within a year.
    public static let millisecondsMax: Int64 = 366 * 86_400_000

    /// Parses `text`, or returns nil when it is not one or more `<digits><unit>` parts, is zero,
    /// or is longer than ``millisecondsMax``.
    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 32 else { return nil }
        var total: Int64 = 0
        var number: Int64?
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                let (scaled, o1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, o2) = scaled.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !o1, !o2 else { return nil }
                number = sum
                continue
            }
            guard let value = number, let unit = Self.unitMilliseconds(byte) else { return nil }
            let (part, o1) = value.multipliedReportingOverflow(by: unit)
            let (sum, o2) = total.addingReportingOverflow(part)
            guard !o1, !o2 else { return nil }
            total = sum
            number = nil
        }
        guard number == nil, total > 0, total <= Self.millisecondsMax else { return nil }
        milliseconds = total
        self.text = text
    }

    public var description: String { text }

    private static func unitMilliseconds(_ byte: UInt8) -> Int64? {
        switch byte {
        case UInt8(ascii: "s"): 1_000
        case UInt8(ascii: "m"): 60_000
        case UInt8(ascii: "h"): 3_600_000
        case UInt8(ascii: "d"): 86_400_000
        default: nil
        }
    }
}
