import Foundation
import RemitCore

/// A date or a date-time: how ISO 20022 gives booking dates, value dates and balance dates
/// (`DateAndDateTime2Choice`).
public enum DateOrDateTime: Hashable, Sendable {
    /// A calendar day: `<Dt>2026-03-02</Dt>`.
    case date(CalendarDate)
    /// An instant: `<DtTm>2026-03-02T10:15:00.000Z</DtTm>`.
    case dateTime(Date)

    /// The day: the date itself, or the UTC day of the instant.
    public var day: CalendarDate {
        switch self {
        case .date(let date): date
        case .dateTime(let instant): CalendarDate(utc: instant)
        }
    }
}

/// Reading and writing `xs:date` and `xs:dateTime` as the schemas use them.
enum ISODateTimeText {
    /// An instant in UTC with milliseconds, such as `2026-03-02T10:15:00.000Z`.
    ///
    /// Rounded to the nearest millisecond, so that an instant read back from this text (held as
    /// a binary fraction of a second) prints the same text again.
    static func text(_ instant: Date) -> String {
        Timestamp.rfc3339(milliseconds: Int64((instant.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Reads an `xs:date`, ignoring a time-zone suffix (`Z`, `+01:00`): the day is the day.
    static func date(_ text: String) -> CalendarDate? {
        let trimmed = text.trimmingXMLWhitespace()
        guard trimmed.utf8.count >= 10 else { return nil }
        let zone = trimmed.dropFirst(10)
        guard zone.isEmpty || zoneOffsetSeconds(String(zone)) != nil else { return nil }
        return CalendarDate(iso8601: String(trimmed.prefix(10)))
    }

    /// Reads an `xs:dateTime`: `YYYY-MM-DDThh:mm:ss`, optional fraction (kept to milliseconds),
    /// optional zone (`Z` or `±hh:mm`). A date-time without a zone is read as UTC.
    static func dateTime(_ text: String) -> Date? {
        let bytes = Array(text.trimmingXMLWhitespace().utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
              bytes[16] == UInt8(ascii: ":"),
              let day = CalendarDate(iso8601: String(decoding: bytes[0..<10], as: UTF8.self)),
              let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]),
              let second = number(bytes[17..<19])
        else { return nil }
        var index = 19
        var milliseconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            let digits = bytes[(index + 1)...].prefix { Mod97.isDigit($0) }
            guard !digits.isEmpty else { return nil }
            let kept = Array(digits.prefix(3)) + Array(repeating: UInt8(ascii: "0"), count: max(0, 3 - digits.count))
            milliseconds = number(kept[...]) ?? 0
            index += 1 + digits.count
        }
        guard let offset = zoneOffsetSeconds(String(decoding: bytes[index...], as: UTF8.self)) else { return nil }
        let isEndOfDay = hour == 24 && minute == 0 && second == 0 && milliseconds == 0
        guard (hour < 24 || isEndOfDay), minute < 60, second < 60 else { return nil }
        let seconds = Int64(day.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        return Date(timeIntervalSince1970: Double(seconds * 1000 + Int64(milliseconds)) / 1000)
    }

    /// Seconds east of UTC for `""` (read as UTC), `Z` or `±hh:mm`; nil for anything else.
    private static func zoneOffsetSeconds(_ zone: String) -> Int? {
        if zone.isEmpty || zone == "Z" { return 0 }
        let bytes = Array(zone.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
              bytes[3] == UInt8(ascii: ":"),
              let hours = number(bytes[1..<3]), let minutes = number(bytes[4..<6]),
              hours <= 14, minutes < 60
        else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// The value of ASCII digits; nil when a byte is not a digit.
    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard Mod97.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
