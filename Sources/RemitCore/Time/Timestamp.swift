/// Formats instants the way the API shows them.
public enum Timestamp {
    /// RFC 3339 in UTC with milliseconds: `2026-11-29T17:31:00.000Z`.
    public static func rfc3339(milliseconds: Int64) -> String {
        let (days, rest) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let dayNumber = rest < 0 ? days - 1 : days
        let msOfDay = rest < 0 ? rest + 86_400_000 : rest
        let date = CalendarDate(dayNumber: Int(dayNumber))
        let hours = msOfDay / 3_600_000
        let minutes = msOfDay / 60_000 % 60
        let seconds = msOfDay / 1000 % 60
        let millis = msOfDay % 1000
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(date)T\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(seconds, 2)).\(pad(millis, 3))Z"
    }
}
