import Foundation
import RemitCore

/// What one delivery attempt came to, classified for the outbox dispatcher.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The receiver answered 2xx.
    case delivered(status: Int)
    /// A transient failure: try again later, no sooner than `retryAfterSeconds` when the
    /// receiver said so with `Retry-After`.
    case retry(RetryReason, retryAfterSeconds: Int64?)
    /// The receiver answered 410 Gone: it wants no more messages; disable the endpoint.
    case disable(status: Int)
    /// A failure that repeating will not fix: give up on this message.
    case failed(FailureReason)

    /// Classifies an HTTP answer: 2xx delivered; 410 disable; 408, 429 and 5xx retry
    /// (honouring `Retry-After`); 3xx and every other 4xx a permanent failure.
    ///
    /// - Parameters:
    ///   - retryAfter: the `Retry-After` header, if any: delta-seconds or an HTTP-date.
    ///   - now: the current instant, to turn an HTTP-date into seconds.
    public init(status: Int, retryAfter: String? = nil, now: Date) {
        switch status {
        case 200...299:
            self = .delivered(status: status)
        case 410:
            self = .disable(status: status)
        case 408, 429, 500...599:
            self = .retry(.status(status), retryAfterSeconds: retryAfter.flatMap { RetryAfter.seconds($0, now: now) })
        default:
            // Redirects are not followed (they could lead to an unchecked address), so a 3xx
            // means the endpoint's URL must be updated, just like a 404.
            self = .failed(.status(status))
        }
    }

    /// Whether the dispatcher should try this message again.
    public var isRetryable: Bool {
        if case .retry = self { return true }
        return false
    }
}

/// Why an attempt is worth repeating.
public enum RetryReason: Sendable, Equatable {
    /// The receiver answered 408, 429 or 5xx.
    case status(Int)
    /// No complete answer within the request timeout.
    case timeout
    /// The connection could not be made or broke; the text says how (no secrets, no body).
    case connection(String)
    /// The host name did not resolve; DNS may recover.
    case hostNotResolved
}

/// Why an attempt will never succeed as it stands.
public enum FailureReason: Sendable, Equatable {
    /// The receiver answered 3xx or a 4xx other than 408, 410 and 429.
    case status(Int)
    /// The outbound URL policy refused the destination, or the message id cannot be signed.
    case refused(ConnectorError)
}

/// Parses `Retry-After` (RFC 9110 §10.2.3).
public enum RetryAfter {
    /// The most seconds a `Retry-After` is taken at face value; longer waits are capped by the
    /// retry schedule anyway, and bounding here keeps arithmetic safe.
    public static let secondsMax: Int64 = 7 * 86_400

    /// Seconds to wait from `now`: delta-seconds as given, an HTTP-date as the distance from
    /// `now` (zero when past); nil when the value is neither.
    public static func seconds(_ value: String, now: Date) -> Int64? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Too many digits to fit is still a clear "much later".
            return min(Int64(text) ?? secondsMax, secondsMax)
        }
        guard let date = httpDate(text) else { return nil }
        let delta = Int64((date.timeIntervalSince(now)).rounded(.up))
        return min(max(delta, 0), secondsMax)
    }

    /// Parses the IMF-fixdate form, `Sun, 06 Nov 1994 08:49:37 GMT`, the only one senders may emit.
    static func httpDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","), parts[5] == "GMT",
              let day = Int(parts[1]), parts[1].count == 2, let year = Int(parts[3]), parts[3].count == 4,
              let month = months.firstIndex(of: String(parts[2])).map({ $0 + 1 }),
              let date = CalendarDate(year: year, month: month, day: day)
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
