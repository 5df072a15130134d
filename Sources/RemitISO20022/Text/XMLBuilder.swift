/// Writes an XML document element by element, checking every text against its schema type.
///
/// It keeps the path of open elements, with 1-based positions where the caller gives them,
/// so that an error names the element at fault: `PmtInf[1]/CdtTrfTxInf[3]/Cdtr/Nm`.
struct XMLBuilder {
    /// The document so far.
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    /// The open elements' names, and each one's label in paths.
    private var open: [(name: String, label: String)] = []

    /// The path of the open elements, with `child` appended when given.
    func path(_ child: String? = nil) -> String {
        (open.dropFirst().map(\.label) + (child.map { [$0] } ?? [])).joined(separator: "/")
    }

    /// Writes `<name attributes>`, the body, then `</name>`.
    ///
    /// - Parameter position: The element's 1-based position among its siblings of that name,
    ///   shown in error paths.
    mutating func element<E: Error>(
        _ name: String, position: Int? = nil, attributes: [(String, String)] = [],
        _ body: (inout XMLBuilder) throws(E) -> Void
    ) throws(E) {
        indent()
        text += "<\(name)\(Self.attributeText(attributes))>\n"
        open.append((name, position.map { "\(name)[\($0)]" } ?? name))
        try body(&self)
        open.removeLast()
        indent()
        text += "</\(name)>\n"
    }

    /// Writes `<name>value</name>` after checking `value` against `type`.
    mutating func text(_ name: String, _ value: String, as type: ISOTextType) throws(ISO20022Error) {
        try type.check(value, path: path(name))
        leaf(name, value)
    }

    /// Writes `<name>value</name>` for a value the caller built and knows to be valid, such as
    /// a date, an amount or a code.
    mutating func leaf(_ name: String, _ value: String, attributes: [(String, String)] = []) {
        indent()
        text += "<\(name)\(Self.attributeText(attributes))>\(XMLEscaping.escaped(value))</\(name)>\n"
    }

    /// Two spaces per open element.
    private mutating func indent() {
        text += String(repeating: "  ", count: open.count)
    }

    /// ` a="1" b="2"`, escaped.
    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XMLEscaping.escaped($0.1))\"" }.joined()
    }
}
