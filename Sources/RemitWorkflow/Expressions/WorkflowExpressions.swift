import RemitCEL
import RemitCore

/// The names workflow expressions may use, and how they are compiled.
public enum WorkflowExpressions {
    /// What a condition, a wait `until` or a binding may read.
    public static let contextVariables: Set<String> = ["invoice", "buyer", "payment", "context", "now", "steps"]
    /// What a signal filter may read: the signal, and the same context as a condition.
    public static let signalVariables: Set<String> = contextVariables.union(["signal"])

    /// The limits a workflow expression is compiled and evaluated with: the workflow's length
    /// limit, and RemitCEL's defaults for nesting and cost.
    public static func celLimits(_ limits: WorkflowLimits) -> CELLimits {
        CELLimits(expressionLengthMax: limits.expressionLengthMax)
    }

    /// Compiles `source` against `variables`.
    ///
    /// - Throws: ``CELError`` with code `parse`, `check` or `limitExceeded`.
    public static func compile(_ source: String, variables: Set<String>, limits: WorkflowLimits = .default) throws(CELError) -> CELProgram {
        try CELProgram(compiling: source, declarations: CELDeclarations(variables: variables), limits: celLimits(limits))
    }
}

extension CELValue {
    /// Converts a parsed JSON value exactly: integers that fit become `int` (or `uint` above
    /// `Int64.max`), other numbers `double`, objects maps with string keys.
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case let .bool(flag): self = .bool(flag)
        case let .number(text):
            if let integer = Int64(text) {
                self = .int(integer)
            } else if let unsigned = UInt64(text) {
                self = .uint(unsigned)
            } else {
                self = .double(Double(text) ?? .nan)
            }
        case let .string(text): self = .string(text)
        case let .array(elements): self = .list(elements.map(CELValue.init))
        case let .object(members):
            var map = CELMap()
            for member in members {
                // The JSON parser refuses duplicate member names, so insertion cannot fail;
                // a hand-built duplicate keeps its first value.
                try? map.insertNew(.string(member.key), CELValue(member.value))
            }
            self = .map(map)
        }
    }

    /// A timestamp from milliseconds since 1970, clamped into CEL's range (years 1 to 9999).
    static func timestamp(milliseconds: Int64) -> CELValue {
        let nanos = Int128(milliseconds) * 1_000_000
        if let stamp = try? CELTimestamp(nanosecondsSinceEpoch: nanos) { return .timestamp(stamp) }
        return .timestamp(try! CELTimestamp(secondsSinceEpoch: milliseconds < 0 ? -62_135_596_800 : 253_402_300_799))
    }
}
