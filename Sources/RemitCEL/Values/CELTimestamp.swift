/// A point in time between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z.
public struct CELTimestamp: Sendable, Hashable, Comparable {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public let nanosecondsSinceEpoch: Int128

    static let minSeconds: Int128 = -62_135_596_800
    static let maxSeconds: Int128 = 253_402_300_799
    static let nanosPerSecond: Int128 = 1_000_000_000

    /// Creates a timestamp, failing outside years 1 through 9999.
    public init(nanosecondsSinceEpoch: Int128) throws(CELError) {
        guard nanosecondsSinceEpoch >= Self.minSeconds * Self.nanosPerSecond,
            nanosecondsSinceEpoch < (Self.maxSeconds + 1) * Self.nanosPerSecond
        else { throw CELError(.range, "timestamp out of range") }
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    /// Creates a timestamp from whole seconds since the epoch.
    public init(secondsSinceEpoch: Int64) throws(CELError) {
        try self.init(nanosecondsSinceEpoch: Int128(secondsSinceEpoch) * Self.nanosPerSecond)
    }

    /// Orders by time.
    public static func < (lhs: CELTimestamp, rhs: CELTimestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    /// Whole seconds since the epoch, rounded toward negative infinity.
    public var secondsSinceEpoch: Int64 {
        let (q, r) = nanosecondsSinceEpoch.quotientAndRemainder(dividingBy: Self.nanosPerSecond)
        return Int64(r < 0 ? q - 1 : q)
    }

    /// The nanoseconds within the second, 0 ..< 1e9.
    var nanosWithinSecond: Int64 {
        let r = nanosecondsSinceEpoch % Self.nanosPerSecond
        return Int64(r < 0 ? r + Self.nanosPerSecond : r)
    }

    /// Adds a duration, failing when the result leaves the timestamp range.
    func adding(_ duration: CELDuration) throws(CELError) -> CELTimestamp {
        try CELTimestamp(nanosecondsSinceEpoch: nanosecondsSinceEpoch + Int128(duration.nanoseconds))
    }

    /// RFC 3339 text in UTC, with fractional seconds only when non-zero.
    public var formatted: String {
        let civil = CivilTime(secondsSinceEpoch: secondsSinceEpoch)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var text = "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
        text += "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2))"
        let nanos = nanosWithinSecond
        if nanos != 0 { text += "." + fractionDigits(UInt64(nanos)) }
        return text + "Z"
    }
}

/// A calendar date and time of day in the proleptic Gregorian calendar.
struct CivilTime {
    var year: Int64, month: Int64, day: Int64
    var hour: Int64, minute: Int64, second: Int64
    /// Days since 1970-01-01.
    var daysSinceEpoch: Int64

    init(secondsSinceEpoch: Int64) {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = secondsSinceEpoch - days * 86_400
        daysSinceEpoch = days
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        (year, month, day) = civilFromDays(days)
    }
}

/// Converts days since 1970-01-01 to (year, month 1-12, day 1-31); Howard Hinnant's algorithm.
func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/// Converts (year, month 1-12, day 1-31) to days since 1970-01-01; Howard Hinnant's algorithm.
func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}
