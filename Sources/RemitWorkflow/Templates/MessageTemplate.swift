import RemitCore

/// A notification text with `{{path.to.value}}` variables, parsed once and rendered per run.
///
/// A variable is a dotted path whose first segment is one of ``roots``; later segments are
/// member names or array indexes (`{{invoice.lines.0.description}}`). Spaces inside the braces
/// are allowed. Parsing refuses an unknown root, so a typo like `{{invoce.number}}` is caught
/// when the workflow is saved; rendering never fails: a value that is missing at run time
/// renders as nothing and is reported in ``RenderedMessage/missingVariables``.
public struct MessageTemplate: Sendable, Equatable {
    /// The variable roots a template may use.
    public static let roots: Set<String> = ["invoice", "buyer", "payment", "context", "approval", "run"]
    /// The longest rendered text, in characters, unless the caller gives another bound.
    public static let renderedLengthMaxDefault = 8_000

    /// The text as written.
    public let source: String
    let parts: [Part]

    enum Part: Sendable, Equatable {
        case text(String)
        case variable(path: [String])
    }

    /// Parses `source`.
    ///
    /// - Throws: ``WorkflowError`` with code `templateSyntax` (an unclosed `{{`, an empty or
    ///   malformed path) or `templateVariable` (a root outside ``roots``).
    public init(parsing source: String) throws(WorkflowError) {
        var parts: [Part] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                throw WorkflowError(.templateSyntax, "a '{{' has no closing '}}'")
            }
            let inner = afterOpen[..<close.lowerBound]
            let name = inner.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
            parts.append(.variable(path: try Self.path(Substring(String(name)))))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.source = source
        self.parts = parts
    }

    /// The variables used, as written (`payment.amount`), in order of first use.
    public var variables: [String] {
        var seen = Set<String>()
        return parts.compactMap { part in
            guard case let .variable(path) = part else { return nil }
            let name = path.joined(separator: ".")
            return seen.insert(name).inserted ? name : nil
        }
    }

    /// Renders the template with values from `context`, an object whose members are the roots.
    ///
    /// - Parameters:
    ///   - escaping: How substituted values are escaped; the template's own text never is.
    ///   - lengthMax: The most characters of output; the rest is cut and ``RenderedMessage/truncated`` set.
    public func render(_ context: JSONValue, escaping: TemplateEscaping = .none,
                       lengthMax: Int = renderedLengthMaxDefault) -> RenderedMessage {
        var output = ""
        var missing: [String] = []
        for part in parts {
            switch part {
            case let .text(text): output += text
            case let .variable(path):
                if let value = Self.lookup(path, in: context), let text = Self.text(of: value) {
                    output += escaping.escape(text)
                } else {
                    let name = path.joined(separator: ".")
                    if !missing.contains(name) { missing.append(name) }
                }
            }
            if output.count > lengthMax { break }
        }
        let truncated = output.count > lengthMax
        if truncated { output = String(output.prefix(lengthMax)) }
        return RenderedMessage(text: output, missingVariables: missing, truncated: truncated)
    }

    private static func path(_ name: Substring) throws(WorkflowError) -> [String] {
        guard !name.isEmpty else { throw WorkflowError(.templateSyntax, "a variable '{{}}' is empty; write a path such as {{payment.amount}}") }
        let segments = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for segment in segments where !isSegment(segment) {
            throw WorkflowError(.templateSyntax, "'{{\(name.prefix(80))}}' is not a path of names and indexes joined by dots")
        }
        guard roots.contains(segments[0]) else {
            throw WorkflowError(.templateVariable,
                "'{{\(name.prefix(80))}}' starts with '\(segments[0].prefix(40))'; a variable starts with one of \(roots.sorted().joined(separator: ", "))")
        }
        return segments
    }

    private static func isSegment(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64 else { return false }
        let isDigits = text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        let isName = (first == "_" || first.properties.isAlphabetic && first.isASCII)
            && text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
        return isDigits || isName
    }

    private static func lookup(_ path: [String], in context: JSONValue) -> JSONValue? {
        var current = context
        for segment in path {
            switch current {
            case .object: guard let next = current[segment] else { return nil }; current = next
            case let .array(elements):
                guard let index = Int(segment), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default: return nil
            }
        }
        return current
    }

    /// The text a value renders as; nil for null, which counts as missing.
    private static func text(of value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case let .string(text): text
        case let .number(text): text
        case let .bool(flag): flag ? "true" : "false"
        case .array, .object: JSONWriter.string(value)
        }
    }
}

/// How substituted values are escaped for the place a message goes.
public enum TemplateEscaping: Sendable, Equatable {
    /// As they are: webhook payloads and email text.
    case none
    /// Slack's mrkdwn control characters `&`, `<` and `>`, so an invoice memo cannot ping
    /// `<!channel>` or forge a link; the template's own links still work.
    case slack

    func escape(_ text: String) -> String {
        switch self {
        case .none: return text
        case .slack:
            var output = ""
            output.reserveCapacity(text.utf8.count)
            for character in text {
                switch character {
                case "&": output += "&amp;"
                case "<": output += "&lt;"
                case ">": output += "&gt;"
                default: output.append(character)
                }
            }
            return output
        }
    }
}

/// A rendered message and what went wrong while rendering it.
public struct RenderedMessage: Sendable, Equatable {
    /// The text.
    public var text: String
    /// Variables that had no value (or null), rendered as nothing, in order of first use.
    public var missingVariables: [String]
    /// Whether the text was cut to the length bound.
    public var truncated: Bool

    /// Creates a rendered message.
    public init(text: String, missingVariables: [String] = [], truncated: Bool = false) {
        self.text = text
        self.missingVariables = missingVariables
        self.truncated = truncated
    }
}
