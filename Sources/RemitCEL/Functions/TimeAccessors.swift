import Foundation
import Synchronization

typealias TimeAccessor = @Sendable (CELValue, CELValue?, String) throws(CELError) -> CELValue

/// The timestamp accessors (`getFullYear`, …, with an optional time zone argument) and the
/// duration accessors (`getHours`, `getMinutes`, `getSeconds`, `getMilliseconds`).
let timeAccessors: [String: TimeAccessor] = [
    "getFullYear": timestampField { civil, _ in civil.year },
    "getMonth": timestampField { civil, _ in civil.month - 1 },
    "getDate": timestampField { civil, _ in civil.day },
    "getDayOfMonth": timestampField { civil, _ in civil.day - 1 },
    "getDayOfWeek": timestampField { civil, _ in ((civil.daysSinceEpoch + 4) % 7 + 7) % 7 },
    "getDayOfYear": timestampField { civil, _ in civil.daysSinceEpoch - daysFromCivil(civil.year, 1, 1) },
    "getHours": timestampField({ civil, _ in civil.hour }, duration: { $0 / 3_600_000_000_000 }),
    "getMinutes": timestampField({ civil, _ in civil.minute }, duration: { $0 / 60_000_000_000 }),
    "getSeconds": timestampField({ civil, _ in civil.second }, duration: { $0 / 1_000_000_000 }),
    "getMilliseconds": timestampField(
        { _, nanos in nanos / 1_000_000 }, duration: { $0 % 1_000_000_000 / 1_000_000 }),
]

private func timestampField(
    _ field: @escaping @Sendable (CivilTime, Int64) -> Int64,
    duration: (@Sendable (Int64) -> Int64)? = nil
) -> TimeAccessor {
    { value, zone, name throws(CELError) in
        switch (value, zone) {
        case (.timestamp(let t), nil):
            return .int(field(CivilTime(secondsSinceEpoch: t.secondsSinceEpoch), t.nanosWithinSecond))
        case (.timestamp(let t), .string(let zoneName)?):
            let offset = try utcOffset(zoneName, at: t.secondsSinceEpoch)
            return .int(field(CivilTime(secondsSinceEpoch: t.secondsSinceEpoch + offset), t.nanosWithinSecond))
        case (.duration(let d), nil) where duration != nil:
            return .int(duration!(d.nanoseconds))
        default:
            if let zone { throw CELError.noOverload(name, value, zone) }
            throw CELError.noOverload(name, value)
        }
    }
}

/// The offset from UTC in seconds of a zone given as `±HH:MM` or an IANA name, at an instant.
func utcOffset(_ zone: String, at seconds: Int64) throws(CELError) -> Int64 {
    let bytes = Array(zone.utf8)
    var sign: Int64 = 1
    var digits = bytes[...]
    if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
        sign = first == UInt8(ascii: "-") ? -1 : 1
        digits = digits.dropFirst()
    }
    if digits.count == 5, digits[digits.startIndex + 2] == UInt8(ascii: ":") {
        var reader = DigitReader(bytes: Array(digits))
        if let hours = reader.number(2), reader.expect(UInt8(ascii: ":")), let minutes = reader.number(2),
            hours < 24, minutes < 60
        {
            return sign * (hours * 3600 + minutes * 60)
        }
    }
    guard let timeZone = TimeZoneCache.shared.zone(named: zone) else {
        throw CELError(.invalidArgument, "unknown time zone", detail: zone)
    }
    return Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
}

/// Time zones by IANA name, looked up once per process: Foundation's lookup reads tzdata.
final class TimeZoneCache: Sendable {
    static let shared = TimeZoneCache()
    /// Unknown names are cached too (as nil); the count is capped so hostile input cannot grow it.
    private let zones = Mutex<[String: TimeZone?]>([:])
    private static let entriesMax = 1_000

    func zone(named name: String) -> TimeZone? {
        if let cached = zones.withLock({ $0[name] }) { return cached }
        let zone = TimeZone(identifier: name)
        zones.withLock { if $0.count < Self.entriesMax { $0[name] = zone } }
        return zone
    }
}
