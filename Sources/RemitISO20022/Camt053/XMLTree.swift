#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation

/// An element of a parsed document: its local name, attributes, children and text.
///
/// Built only from documents that already passed the XSD, so the shape is known and bounded.
final class XMLTreeElement {
    let name: String
    let attributes: [String: String]
    private(set) var children: [XMLTreeElement] = []
    fileprivate(set) var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    fileprivate func append(_ child: XMLTreeElement) {
        children.append(child)
    }

    /// Parses `bytes` with Foundation's `XMLParser`, namespaces resolved to local names, external
    /// entities never resolved; the parser's line and reason when it fails.
    static func parse(_ bytes: [UInt8]) -> Result<XMLTreeElement, ParseFailure> {
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let reason = parser.parserError.map { String(describing: $0) } ?? "no root element"
            return .failure(ParseFailure(line: parser.lineNumber, reason: reason))
        }
        return .success(root)
    }

    /// Why Foundation's parser stopped.
    struct ParseFailure: Error {
        let line: Int
        let reason: String
    }
}

/// Builds the tree from `XMLParser`'s events.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLTreeElement?
    private var stack: [XMLTreeElement] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        let element = XMLTreeElement(name: elementName, attributes: attributes)
        if let parent = stack.last { parent.append(element) } else { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
    }
}
