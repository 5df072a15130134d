/// The single error type of RemitCEL: every failure to compile or evaluate an expression.
///
/// `description` names the kind of failure and where it happened; it never includes binding
/// values, so it is safe to log. The offending value, when there is one, is in ``detail`` and
/// `String(reflecting:)`. Parse errors also carry the source position and can render
/// a caret under the offending spot with ``rendered(source:)``.
public struct CELError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Equatable {
        /// The expression text is not valid CEL.
        case parse
        /// The expression refers to an undeclared variable or function (only with declarations).
        case check
        /// A variable was not bound at evaluation time.
        case unboundVariable
        /// A function or operator has no overload for the argument types.
        case noSuchOverload
        /// A function name is not known.
        case unknownFunction
        /// A map has no entry for the key, or a value has no such field.
        case noSuchKey
        /// A list index is out of range or of the wrong type.
        case invalidArgument
        /// Integer or duration arithmetic overflowed.
        case overflow
        /// Integer division or modulus by zero.
        case divisionByZero
        /// A conversion or timestamp/duration value is out of its range.
        case range
        /// A value could not be converted, e.g. `bool('maybe')` or a bad timestamp string.
        case conversion
        /// A map literal repeats a key or uses a key type that maps cannot hold.
        case invalidMapKey
        /// A limit from ``CELLimits`` was exceeded.
        case limitExceeded
        /// A binding value (e.g. from JSON) cannot be represented as a CEL value.
        case invalidBinding
        /// A conformance file could not be read or decoded.
        case conformanceFile
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation of what went wrong.
    public var message: String
    /// The offending data (a string that failed to convert, a time zone name, a pattern), kept
    /// out of `description` because it may come from bindings.
    public var detail: String?
    /// 1-based line of a parse error, if known.
    public var line: Int?
    /// 1-based column (in Unicode scalars) of a parse error, if known.
    public var column: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, detail: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
        self.line = line
        self.column = column
    }

    /// The code, the position if known, and the message; never binding values.
    public var description: String {
        if let line, let column {
            return "\(code.rawValue) error at \(line):\(column): \(message)"
        }
        return "\(code.rawValue) error: \(message)"
    }

    /// The description followed by the ``detail``, for debugging.
    public var debugDescription: String {
        detail.map { "\(description) [\($0)]" } ?? description
    }

    /// Renders the error with the offending source line and a caret under the column.
    ///
    /// ```
    /// parse error at 1:5: unexpected token ')'
    ///   | 1 + )
    ///   | ....^
    /// ```
    public func rendered(source: String) -> String {
        guard let line, let column else { return description }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard line - 1 < lines.count else { return description }
        let text = String(lines[line - 1])
        let marker = String(repeating: ".", count: max(0, column - 1)) + "^"
        return "\(description)\n  | \(text)\n  | \(marker)"
    }
}

extension CELError {
    static func noOverload(_ function: String, _ args: CELValue...) -> CELError {
        let types = args.map { $0.celType.name }.joined(separator: ", ")
        return CELError(.noSuchOverload, "found no matching overload for '\(function)' applied to '(\(types))'")
    }

    static func overflow(_ function: String) -> CELError {
        CELError(.overflow, "integer overflow in '\(function)'")
    }
}
