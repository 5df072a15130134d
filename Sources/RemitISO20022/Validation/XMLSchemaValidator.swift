internal import CLibXML2

/// Validates XML documents against one W3C XML Schema, with libxml2.
///
/// The schema is compiled once, in the initializer. Each ``validate(_:)`` call then parses the
/// document and validates it with a context of its own, so one validator serves any number of
/// tasks at once: libxml2 only reads a compiled schema during validation.
///
/// Documents are parsed without network access, without loading or applying any DTD and
/// without substituting entities; a document that declares a DOCTYPE at all is refused, which
/// rules out external entities (XXE) and entity expansion bombs.
public final class XMLSchemaValidator: @unchecked Sendable {
    // @unchecked: `schema` is written once in init and only read afterwards, which libxml2
    // allows from many threads; everything per-document lives in `validate`'s own contexts.

    /// Bounds on what one validation reads and reports.
    public struct Limits: Sendable, Equatable {
        /// The largest document accepted, in bytes; 10 MiB by default.
        public var documentBytesMax: Int
        /// The most issues kept per document; the rest are counted, not kept. 20 by default.
        public var issuesMax: Int
        /// The longest issue message kept, in characters; 500 by default.
        public var issueCharactersMax: Int

        /// Creates limits; the defaults suit bank files.
        public init(documentBytesMax: Int = 10 * 1024 * 1024, issuesMax: Int = 20, issueCharactersMax: Int = 500) {
            precondition((0...Int(Int32.max)).contains(documentBytesMax), "libxml2 reads at most 2 GiB at once")
            precondition(issuesMax >= 1 && issueCharactersMax >= 1, "keep at least one issue and one character")
            self.documentBytesMax = documentBytesMax
            self.issuesMax = issuesMax
            self.issueCharactersMax = issueCharactersMax
        }
    }

    /// The bounds this validator applies.
    public let limits: Limits
    /// A name for the schema in messages, such as `pain.001.001.09`.
    public let schemaName: String
    private let schema: xmlSchemaPtr

    /// Compiles an XSD given as bytes.
    ///
    /// - Throws: ``ISO20022Error/Code/schemaUnavailable`` with libxml2's reasons when the XSD
    ///   does not compile.
    public init(xsd: [UInt8], schemaName: String, limits: Limits = Limits()) throws(ISO20022Error) {
        xmlInitParser()
        let collector = IssueCollector(limits: limits)
        let compiled: xmlSchemaPtr? = xsd.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let context = xmlSchemaNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else {
                    return nil
                }
                defer { xmlSchemaFreeParserCtxt(context) }
                xmlSchemaSetParserStructuredErrors(context, IssueCollector.callback, collector.pointer)
                return collector.collecting { xmlSchemaParse(context) }
            }
        }
        guard let compiled else {
            throw ISO20022Error(.schemaUnavailable, "The XSD \(schemaName) does not compile: "
                + collector.summary, issues: collector.issues)
        }
        self.schema = compiled
        self.schemaName = schemaName
        self.limits = limits
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// Checks that `document` is well-formed XML that satisfies the schema.
    ///
    /// - Throws: ``ISO20022Error`` with code ``ISO20022Error/Code/documentTooLarge`` past
    ///   ``Limits/documentBytesMax``, ``ISO20022Error/Code/doctypeNotAllowed`` for a document
    ///   with a DOCTYPE, ``ISO20022Error/Code/malformedXML`` when it does not parse, and
    ///   ``ISO20022Error/Code/schemaViolation`` when it breaks the schema; the last two carry
    ///   libxml2's reasons with line numbers in ``ISO20022Error/issues``.
    public func validate(_ document: [UInt8]) throws(ISO20022Error) {
        guard document.count <= limits.documentBytesMax else {
            throw ISO20022Error(.documentTooLarge, "The document has \(document.count) bytes; at most "
                + "\(limits.documentBytesMax) are accepted.")
        }
        guard !document.isEmpty else {
            throw ISO20022Error(.malformedXML, "The document is empty.",
                                issues: [XMLValidationIssue(line: 1, severity: .fatal, message: "Document is empty")])
        }
        guard !Self.containsDoctype(document) else { throw Self.doctypeError }
        let collector = IssueCollector(limits: limits)
        let outcome = document.withUnsafeBufferPointer { buffer in
            collector.collecting { validate(buffer, collector: collector) }
        }
        switch outcome {
        case .valid:
            return
        case .doctype:
            throw Self.doctypeError
        case .malformed:
            throw ISO20022Error(.malformedXML, "The document is not well-formed XML: " + collector.summary,
                                issues: collector.issues)
        case .invalid:
            throw ISO20022Error(.schemaViolation, "The document does not satisfy \(schemaName): "
                + collector.summary, issues: collector.issues)
        }
    }

    /// What one validation found.
    private enum Outcome { case valid, doctype, malformed, invalid }

    /// Parses and validates the bytes in `buffer`; libxml2's errors go to `collector`.
    private func validate(_ buffer: UnsafeBufferPointer<UInt8>, collector: IssueCollector) -> Outcome {
        guard let parser = xmlNewParserCtxt() else { return .malformed }
        defer { xmlFreeParserCtxt(parser) }
        let document = buffer.withMemoryRebound(to: CChar.self) { chars in
            xmlCtxtReadMemory(parser, chars.baseAddress, Int32(chars.count), "document.xml", nil, Self.parseOptions)
        }
        guard let document else { return .malformed }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil { return .doctype }
        guard parser.pointee.wellFormed != 0 else { return .malformed }
        guard let validation = xmlSchemaNewValidCtxt(schema) else { return .invalid }
        defer { xmlSchemaFreeValidCtxt(validation) }
        xmlSchemaSetValidStructuredErrors(validation, IssueCollector.callback, collector.pointer)
        return xmlSchemaValidateDoc(validation, document) == 0 ? .valid : .invalid
    }

    /// No network, no DTD loading or attribute defaulting, no entity substitution (those are
    /// off unless asked for), and line numbers past 65,535.
    private static let parseOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)

    private static let doctypeError = ISO20022Error(.doctypeNotAllowed, "The document declares a DOCTYPE; "
        + "ISO 20022 messages have none, and Remit does not process DTDs or entity declarations. Remove it.")

    /// Whether the bytes contain `<!DOCTYPE`, checked before libxml2 sees them. A document in
    /// UTF-16 would not match here; the parsed document's DTD check catches it.
    static func containsDoctype(_ bytes: [UInt8]) -> Bool {
        let needle = Array("<!DOCTYPE".utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
