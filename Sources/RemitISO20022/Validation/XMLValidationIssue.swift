/// One reason libxml2 gave for refusing a document: where, and what.
public struct XMLValidationIssue: Hashable, Sendable, CustomStringConvertible {
    /// How serious libxml2 rated the issue.
    public enum Severity: String, Sendable {
        /// Not a failure on its own.
        case warning
        /// The document does not satisfy the schema, or has a recoverable syntax error.
        case error
        /// The document is not well-formed XML; parsing stopped.
        case fatal
    }

    /// The 1-based line in the document, or 0 when libxml2 gave none.
    public var line: Int
    /// The 1-based column, or 0 when libxml2 gave none (it gives none for schema errors).
    public var column: Int
    /// How serious the issue is.
    public var severity: Severity
    /// libxml2's message, such as "Element 'Nm': [facet 'maxLength'] The value … has a length of 141 …".
    public var message: String

    /// Creates an issue.
    public init(line: Int, column: Int = 0, severity: Severity, message: String) {
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `line 12: message`.
    public var description: String { "line \(line): \(message)" }
}
