internal import CLibXML2

/// Gathers libxml2's errors for one validation, up to the validator's limits.
///
/// Lives for one synchronous call on one thread: libxml2 calls back into it while parsing.
final class IssueCollector {
    private let limits: XMLSchemaValidator.Limits
    /// The issues kept, in the order libxml2 reported them.
    private(set) var issues: [XMLValidationIssue] = []
    /// Issues reported past ``XMLSchemaValidator/Limits/issuesMax``.
    private(set) var droppedCount = 0

    init(limits: XMLSchemaValidator.Limits) {
        self.limits = limits
    }

    /// The collector as libxml2's callback context; valid while the collector is alive.
    var pointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Runs `body` with this collector as the thread's structured error handler, so that
    /// parser errors (which have no per-context handler in libxml2 2.9) reach it too, then puts
    /// back the handler the thread had.
    func collecting<T>(_ body: () -> T) -> T {
        let previous = remit_xml_current_structured_error()
        let previousContext = remit_xml_current_structured_error_context()
        xmlSetStructuredErrorFunc(pointer, Self.callback)
        defer { xmlSetStructuredErrorFunc(previousContext, previous) }
        return withExtendedLifetime(self) { body() }
    }

    /// libxml2's structured error callback: hands each error to the collector behind `context`.
    static var callback: xmlStructuredErrorFunc {
        { context, error in
            guard let context, let error else { return }
            Unmanaged<IssueCollector>.fromOpaque(context).takeUnretainedValue().add(error.pointee)
        }
    }

    /// Keeps one error.
    func add(_ error: xmlError) {
        guard issues.count < limits.issuesMax else {
            droppedCount += 1
            return
        }
        var message = error.message.map { String(cString: $0) } ?? "unknown error"
        while message.last?.isWhitespace == true { message.removeLast() }
        if message.count > limits.issueCharactersMax {
            message = String(message.prefix(limits.issueCharactersMax)) + "…"
        }
        let severity: XMLValidationIssue.Severity = switch error.level {
        case XML_ERR_FATAL: .fatal
        case XML_ERR_WARNING: .warning
        default: .error
        }
        // Parser errors give the column in int2; schema errors leave it 0.
        let column = error.domain == Int32(XML_FROM_PARSER.rawValue) ? Int(error.int2) : 0
        issues.append(XMLValidationIssue(line: Int(error.line), column: column, severity: severity, message: message))
    }

    /// The first issue and a count of the rest, for an error message.
    var summary: String {
        guard let first = issues.first else { return "libxml2 gave no reason." }
        let more = issues.count - 1 + droppedCount
        return first.description + (more > 0 ? " (and \(more) more)" : "")
    }
}
