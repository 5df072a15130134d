import Foundation

/// A Swift type that converts to a ``CELValue`` for bindings.
public protocol CELValueConvertible {
    /// The CEL value of this Swift value.
    var celValue: CELValue { get }
}

extension CELValue: CELValueConvertible {
    /// The value itself.
    public var celValue: CELValue { self }
}

extension Bool: CELValueConvertible {
    /// A CEL `bool`.
    public var celValue: CELValue { .bool(self) }
}

extension Int: CELValueConvertible {
    /// A CEL `int`.
    public var celValue: CELValue { .int(Int64(self)) }
}

extension Int64: CELValueConvertible {
    /// A CEL `int`.
    public var celValue: CELValue { .int(self) }
}

extension Int32: CELValueConvertible {
    /// A CEL `int`.
    public var celValue: CELValue { .int(Int64(self)) }
}

extension UInt64: CELValueConvertible {
    /// A CEL `uint`.
    public var celValue: CELValue { .uint(self) }
}

extension Double: CELValueConvertible {
    /// A CEL `double`.
    public var celValue: CELValue { .double(self) }
}

extension String: CELValueConvertible {
    /// A CEL `string`.
    public var celValue: CELValue { .string(self) }
}

extension Substring: CELValueConvertible {
    /// A CEL `string`.
    public var celValue: CELValue { .string(String(self)) }
}

extension Data: CELValueConvertible {
    /// CEL `bytes`.
    public var celValue: CELValue { .bytes(Array(self)) }
}

extension Date: CELValueConvertible {
    /// The instant as a timestamp, truncated to whole microseconds (a `Date` holds no more);
    /// dates outside years 1–9999 are clamped to that range.
    public var celValue: CELValue {
        let micros = (timeIntervalSince1970 * 1_000_000).rounded(.down)
        // Clamp in Double first so the Int64 conversion cannot trap, then exactly in Int128.
        let wholeMicros = micros.isNaN ? 0 : Int64(min(max(micros, -9e18), 9e18))
        let lowest = CELTimestamp.minSeconds * CELTimestamp.nanosPerSecond
        let highest = (CELTimestamp.maxSeconds + 1) * CELTimestamp.nanosPerSecond - 1
        let nanos = min(max(Int128(wholeMicros) * 1000, lowest), highest)
        // In range by construction, so this cannot fail.
        return .timestamp(try! CELTimestamp(nanosecondsSinceEpoch: nanos))
    }
}

extension Duration: CELValueConvertible {
    /// The span as a duration, saturating at about ±292 years.
    public var celValue: CELValue {
        let (seconds, attoseconds) = components
        let nanos = Int128(seconds) * 1_000_000_000 + Int128(attoseconds / 1_000_000_000)
        let clamped = min(max(nanos, Int128(Int64.min)), Int128(Int64.max))
        return .duration(CELDuration(nanoseconds: Int64(clamped)))
    }
}

extension Optional: CELValueConvertible where Wrapped: CELValueConvertible {
    /// The wrapped value, or `null`.
    public var celValue: CELValue { self?.celValue ?? .null }
}

extension Array: CELValueConvertible where Element: CELValueConvertible {
    /// A CEL `list` of the converted elements.
    public var celValue: CELValue { .list(map(\.celValue)) }
}

extension Dictionary: CELValueConvertible where Key == String, Value: CELValueConvertible {
    /// A CEL `map` with string keys.
    public var celValue: CELValue {
        var map = CELMap()
        // String keys of a Swift dictionary are distinct, so insertion cannot fail.
        for (key, value) in self { try! map.insertNew(.string(key), value.celValue) }
        return .map(map)
    }
}

extension CELValue {
    /// Converts any ``CELValueConvertible`` Swift value.
    public init(_ value: some CELValueConvertible) {
        self = value.celValue
    }
}
