/// A parsed `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=<hex>]`.
///
/// Stripe signs `"<t>.<raw body>"` with HMAC-SHA256 under each of the endpoint's active
/// signing secrets and sends one `v1` per secret (several while a secret is being rotated).
/// `v0` is a test-mode signature of a legacy scheme: it is read and never trusted.
public struct StripeSignatureHeader: Sendable, Equatable {
    /// The longest header read, in bytes.
    public static let headerBytesMax = 4_096
    /// The most `v1` signatures examined; later ones are ignored.
    public static let signaturesMax = 16
    /// The most digits a timestamp may have (enough for the year 5138).
    public static let timestampDigitsMax = 11

    /// The signed timestamp, in seconds since 1970.
    public var timestamp: Int64
    /// The `v1` signatures, as bytes; entries that are not hex are dropped.
    public var v1: [[UInt8]]
    /// The number of `v0` entries (never verified).
    public var v0Count: Int

    /// Creates a header value.
    public init(timestamp: Int64, v1: [[UInt8]], v0Count: Int = 0) {
        self.timestamp = timestamp
        self.v1 = v1
        self.v0Count = v0Count
    }

    /// Parses a header value.
    ///
    /// - Throws: ``StripeError`` `signatureHeaderMissing` for nil or blank, `signatureHeaderMalformed`
    ///   when it is too long or has no single well-formed `t=`, and `noV1Signature` when it has no `v1=`.
    public static func parse(_ header: String?) throws(StripeError) -> StripeSignatureHeader {
        guard let header, !header.allSatisfy(\.isWhitespace) else {
            throw StripeError(.signatureHeaderMissing, "The Stripe-Signature header is required.")
        }
        guard header.utf8.count <= headerBytesMax else {
            throw StripeError(.signatureHeaderMalformed, "The Stripe-Signature header is longer than \(headerBytesMax) bytes.")
        }
        var timestamps: [Int64] = []
        var v1: [[UInt8]] = []
        var v1Seen = false
        var v0Count = 0
        for item in header.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = item.firstIndex(of: "=") else { continue }
            let key = item[..<equals].trimmingWhitespace
            let value = item[item.index(after: equals)...].trimmingWhitespace
            switch key {
            case "t":
                guard !value.isEmpty, value.count <= timestampDigitsMax, value.allSatisfy(\.isASCIIDigit), let time = Int64(value) else {
                    throw StripeError(.signatureHeaderMalformed, "The Stripe-Signature timestamp must be whole seconds since 1970, as t=1764441600.")
                }
                timestamps.append(time)
            case "v1":
                v1Seen = true
                if v1.count < signaturesMax, let bytes = hexBytes(value) { v1.append(bytes) }
            case "v0":
                v0Count += 1
            default:
                continue
            }
        }
        guard timestamps.count == 1, let timestamp = timestamps.first else {
            throw StripeError(.signatureHeaderMalformed, "The Stripe-Signature header must carry exactly one t= timestamp.")
        }
        guard v1Seen else {
            throw StripeError(.noV1Signature, "The Stripe-Signature header has no v1 signature.")
        }
        return StripeSignatureHeader(timestamp: timestamp, v1: v1, v0Count: v0Count)
    }

    /// The bytes of an even-length hex string, or nil.
    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        var text = self
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
