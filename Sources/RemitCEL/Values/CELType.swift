/// The type of a CEL value, itself a value (`type(1) == int`).
public enum CELType: Sendable, Hashable {
    /// `null_type`, `bool`, `int`, `uint`, `double`, `string`, `bytes`, `list`, `map`, `type`,
    /// `google.protobuf.Timestamp` and `google.protobuf.Duration`.
    case null, bool, int, uint, double, string, bytes, list, map, type, timestamp, duration
    /// A named type that RemitCEL does not model further (e.g. a protobuf message name).
    case named(String)

    /// The CEL name of the type, as `type()` values print it.
    public var name: String {
        switch self {
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        case .type: "type"
        case .timestamp: "google.protobuf.Timestamp"
        case .duration: "google.protobuf.Duration"
        case .named(let name): name
        }
    }

    /// The type denoted by an identifier in an expression (`int`, `google.protobuf.Timestamp`), if any.
    init?(identifier: String) {
        switch identifier {
        case "null_type": self = .null
        case "bool": self = .bool
        case "int": self = .int
        case "uint": self = .uint
        case "double": self = .double
        case "string": self = .string
        case "bytes": self = .bytes
        case "list": self = .list
        case "map": self = .map
        case "type": self = .type
        case "google.protobuf.Timestamp": self = .timestamp
        case "google.protobuf.Duration": self = .duration
        default: return nil
        }
    }
}
