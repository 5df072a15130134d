/// A CEL value: the result of an evaluation and the content of a binding.
///
/// Equality (`==`) is CEL equality: numbers compare across `int`, `uint` and `double`, maps
/// ignore entry order, strings compare by code point (no Unicode normalization), and NaN
/// equals nothing.
public enum CELValue: Sendable {
    /// `null`.
    case null
    /// A boolean.
    case bool(Bool)
    /// A signed 64-bit integer.
    case int(Int64)
    /// An unsigned 64-bit integer.
    case uint(UInt64)
    /// An IEEE-754 double.
    case double(Double)
    /// A Unicode string.
    case string(String)
    /// A byte sequence.
    case bytes([UInt8])
    /// A list of values, possibly of mixed types.
    case list([CELValue])
    /// A map with `bool`, `int`, `uint` or `string` keys.
    case map(CELMap)
    /// A type value, such as the result of `type(1)`.
    case type(CELType)
    /// A point in time with nanosecond precision.
    case timestamp(CELTimestamp)
    /// A signed span of time with nanosecond precision.
    case duration(CELDuration)

    /// The CEL type of this value.
    public var celType: CELType {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .list: .list
        case .map: .map
        case .type: .type
        case .timestamp: .timestamp
        case .duration: .duration
        }
    }
}

extension CELValue: Equatable {
    /// CEL equality; see ``CELValue``.
    public static func == (lhs: CELValue, rhs: CELValue) -> Bool {
        celEquals(lhs, rhs)
    }
}

extension CELValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    /// Creates an `int`.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// Creates a `double`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// Creates a `bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates a `string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates a `list`.
    public init(arrayLiteral elements: CELValue...) { self = .list(elements) }
    /// Creates `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension CELValue: ExpressibleByDictionaryLiteral {
    /// Creates a `map`. A repeated or non-key-typed key in a literal is a programming error and traps.
    public init(dictionaryLiteral elements: (CELValue, CELValue)...) {
        do {
            self = .map(try CELMap(elements))
        } catch {
            preconditionFailure("invalid CELValue map literal: \(error)")
        }
    }
}
