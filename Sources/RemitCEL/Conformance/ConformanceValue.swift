import Foundation

extension CELValue {
    /// Decodes the VALUE encoding of the conformance files, e.g. `{"int": "123"}`,
    /// `{"map": [[KEY, VALUE], …]}`, `{"double": "NaN"}`, `{"bytes_b64": "…"}`.
    public init(conformanceJSON object: Any) throws(CELError) {
        guard let dict = object as? [String: Any], dict.count == 1, let (kind, payload) = dict.first else {
            throw CELError(.conformanceFile, "a VALUE must be an object with one key")
        }
        let bad = CELError(.conformanceFile, "malformed '\(kind)' VALUE")
        switch kind {
        case "null": self = .null
        case "bool":
            guard let b = payload as? Bool else { throw bad }
            self = .bool(b)
        case "int":
            guard let text = payload as? String, let i = Int64(text) else { throw bad }
            self = .int(i)
        case "uint":
            guard let text = payload as? String, let u = UInt64(text) else { throw bad }
            self = .uint(u)
        case "double":
            if let text = payload as? String {
                switch text {
                case "NaN": self = .double(.nan)
                case "Infinity": self = .double(.infinity)
                case "-Infinity": self = .double(-.infinity)
                default: throw bad
                }
            } else if let number = payload as? NSNumber {
                self = .double(number.doubleValue)
            } else {
                throw bad
            }
        case "string":
            guard let s = payload as? String else { throw bad }
            self = .string(s)
        case "bytes_b64":
            guard let text = payload as? String, let data = Data(base64Encoded: text) else { throw bad }
            self = .bytes(Array(data))
        case "list":
            guard let elements = payload as? [Any] else { throw bad }
            var list: [CELValue] = []
            for element in elements { list.append(try CELValue(conformanceJSON: element)) }
            self = .list(list)
        case "map":
            guard let pairs = payload as? [[Any]] else { throw bad }
            var map = CELMap()
            for pair in pairs {
                guard pair.count == 2 else { throw bad }
                try map.insertNew(try CELValue(conformanceJSON: pair[0]), try CELValue(conformanceJSON: pair[1]))
            }
            self = .map(map)
        case "type":
            guard let name = payload as? String else { throw bad }
            self = .type(CELType(identifier: name) ?? .named(name))
        case "timestamp":
            guard let text = payload as? String else { throw bad }
            self = .timestamp(try CELTimestamp(parsing: text))
        case "duration":
            guard let text = payload as? String else { throw bad }
            self = .duration(try CELDuration(parsing: text))
        default:
            throw CELError(.conformanceFile, "unknown VALUE kind '\(kind)'")
        }
    }

    /// Encodes the value in the conformance VALUE encoding as compact JSON text,
    /// e.g. `{"list":[{"int":"1"},{"string":"a"}]}`. Map entries keep insertion order.
    public var conformanceJSON: String {
        switch self {
        case .null: return #"{"null":null}"#
        case .bool(let b): return #"{"bool":\#(b)}"#
        case .int(let i): return #"{"int":"\#(i)"}"#
        case .uint(let u): return #"{"uint":"\#(u)"}"#
        case .double(let d):
            if d.isNaN { return #"{"double":"NaN"}"# }
            if d.isInfinite { return d > 0 ? #"{"double":"Infinity"}"# : #"{"double":"-Infinity"}"# }
            return #"{"double":\#(d)}"#
        case .string(let s): return #"{"string":\#(jsonString(s))}"#
        case .bytes(let b): return #"{"bytes_b64":"\#(Data(b).base64EncodedString())"}"#
        case .list(let l): return #"{"list":["# + l.map(\.conformanceJSON).joined(separator: ",") + "]}"
        case .map(let m):
            let pairs = m.entries.map { "[\($0.key.conformanceJSON),\($0.value.conformanceJSON)]" }
            return #"{"map":["# + pairs.joined(separator: ",") + "]}"
        case .type(let t): return #"{"type":\#(jsonString(t.name))}"#
        case .timestamp(let t): return #"{"timestamp":"\#(t.formatted)"}"#
        case .duration(let d): return #"{"duration":"\#(d.formatted)"}"#
        }
    }

    /// Exact equality for checking results: same kinds (no numeric conversion), maps in any
    /// order, and NaN matching NaN, as cel-spec's test runner compares.
    public func isIdentical(to other: CELValue) -> Bool {
        switch (self, other) {
        case (.double(let a), .double(let b)): return (a.isNaN && b.isNaN) || a == b
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.isIdentical(to: $1) }
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            return a.entries.allSatisfy { entry in
                b.entries.contains { $0.key.isIdentical(to: entry.key) && $0.value.isIdentical(to: entry.value) }
            }
        default:
            return celType == other.celType && self == other
        }
    }
}

/// A JSON string literal with the escapes JSON requires.
func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
