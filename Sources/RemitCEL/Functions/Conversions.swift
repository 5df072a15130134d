import Foundation

/// The type conversion functions: `int`, `uint`, `double`, `string`, `bytes`, `bool`,
/// `timestamp`, `duration`, `type` and `dyn`.
let conversions: [String: Builtin.Unary] = [
    "int": toInt, "uint": toUInt, "double": toDouble, "string": toStringValue, "bytes": toBytes,
    "bool": toBool, "timestamp": toTimestamp, "duration": toDuration,
    "type": { value throws(CELError) in .type(value.celType) },
    "dyn": { value throws(CELError) in value },
]

@Sendable func toInt(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .int: return value
    case .uint(let u):
        guard u <= UInt64(Int64.max) else { throw CELError(.range, "int() range error: uint value too large", detail: String(u)) }
        return .int(Int64(u))
    case .double(let d):
        // Both ends are exclusive: 2^63 is not an Int64, and cel-go also rejects -2^63.
        guard d.isFinite, d > -9_223_372_036_854_775_808.0, d < 9_223_372_036_854_775_808.0 else {
            throw CELError(.range, "int() range error: double value out of int range", detail: String(d))
        }
        return .int(Int64(d))
    case .string(let s):
        guard let i = Int64(s) else { throw CELError(.conversion, "int() cannot convert the string", detail: s) }
        return .int(i)
    case .timestamp(let t): return .int(t.secondsSinceEpoch)
    default: throw CELError.noOverload("int", value)
    }
}

@Sendable func toUInt(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .uint: return value
    case .int(let i):
        guard i >= 0 else { throw CELError(.range, "uint() range error: negative int", detail: String(i)) }
        return .uint(UInt64(i))
    case .double(let d):
        guard d.isFinite, d > -1, d < 18_446_744_073_709_551_616.0 else { throw CELError(.range, "uint() range error: double value out of uint range", detail: String(d)) }
        return .uint(UInt64(d))
    case .string(let s):
        guard let u = UInt64(s) else { throw CELError(.conversion, "uint() cannot convert the string", detail: s) }
        return .uint(u)
    default: throw CELError.noOverload("uint", value)
    }
}

@Sendable func toDouble(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .double: return value
    case .int(let i): return .double(Double(i))
    case .uint(let u): return .double(Double(u))
    case .string(let s):
        guard let d = Double(s) else { throw CELError(.conversion, "double() cannot convert the string", detail: s) }
        return .double(d)
    default: throw CELError.noOverload("double", value)
    }
}

@Sendable func toStringValue(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .string: return value
    case .int(let i): return .string(String(i))
    case .uint(let u): return .string(String(u))
    case .double(let d): return .string(formatDouble(d))
    case .bool(let b): return .string(b ? "true" : "false")
    case .bytes(let b):
        guard let s = String(validating: b, as: UTF8.self) else {
            throw CELError(.conversion, "string() of bytes that are not valid UTF-8")
        }
        return .string(s)
    case .timestamp(let t): return .string(t.formatted)
    case .duration(let d): return .string(d.formatted)
    case .type(let t): return .string(t.name)
    default: throw CELError.noOverload("string", value)
    }
}

@Sendable func toBytes(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .bytes: return value
    case .string(let s): return .bytes(Array(s.utf8))
    default: throw CELError.noOverload("bytes", value)
    }
}

@Sendable func toBool(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .bool: return value
    case .string(let s):
        switch s {
        case "1", "t", "true", "TRUE", "True": return .bool(true)
        case "0", "f", "false", "FALSE", "False": return .bool(false)
        default: throw CELError(.conversion, "Type conversion error: bool() cannot convert the string", detail: s)
        }
    default: throw CELError.noOverload("bool", value)
    }
}

@Sendable func toTimestamp(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .timestamp: return value
    case .string(let s): return .timestamp(try CELTimestamp(parsing: s))
    case .int(let i): return .timestamp(try CELTimestamp(secondsSinceEpoch: i))
    default: throw CELError.noOverload("timestamp", value)
    }
}

@Sendable func toDuration(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .duration: return value
    case .string(let s): return .duration(try CELDuration(parsing: s))
    case .int(let i): return .duration(try CELDuration(seconds: i))
    default: throw CELError.noOverload("duration", value)
    }
}
