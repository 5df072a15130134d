extension JSONValue {
    /// A JSON integer.
    public static func int(_ value: Int64) -> JSONValue { .number(String(value)) }

    /// A JSON integer.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }
    /// A finite double as a JSON number (NaN and infinities, which JSON cannot hold, become 0).
    public static func double(_ value: Double) -> JSONValue { .number(value.isFinite ? String(value) : "0") }

    /// A string, or null when nil.
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// An integer, or null when nil.
    public static func optional(_ value: Int64?) -> JSONValue { value.map { JSONValue.int($0) } ?? .null }

    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}

/// A value with a JSON representation in Remit's API.
public protocol JSONRepresentable {
    /// The value as the API shows it.
    var jsonValue: JSONValue { get }
}
