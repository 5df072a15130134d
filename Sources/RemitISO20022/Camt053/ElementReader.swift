import Foundation
import RemitCore

/// Reads typed values out of a schema-valid element, naming the path of anything it refuses.
struct ElementReader {
    let element: XMLTreeElement
    let path: String

    /// The first child named `name`.
    func child(_ name: String) -> ElementReader? {
        element.children.first { $0.name == name }.map { ElementReader(element: $0, path: path + "/" + name) }
    }

    /// Every child named `name`, with 1-based positions in their paths.
    func children(_ name: String) -> [ElementReader] {
        element.children.filter { $0.name == name }.enumerated().map { index, child in
            ElementReader(element: child, path: "\(path)/\(name)[\(index + 1)]")
        }
    }

    /// The child reached by following `names`, such as `["Refs", "EndToEndId"]`.
    func descendant(_ names: String...) -> ElementReader? {
        names.reduce(Optional(self)) { $0?.child($1) }
    }

    /// The text of the child reached by `names`, as written (strings keep their spaces).
    func text(_ names: String...) -> String? {
        names.reduce(Optional(self)) { $0?.child($1) }?.element.text
    }

    /// The text of the child reached by `names`, which the schema requires.
    func requiredText(_ names: String...) throws(ISO20022Error) -> String {
        guard let node = names.reduce(Optional(self), { $0?.child($1) }) else {
            throw ISO20022Error(.unsupportedContent, "A required element is missing.",
                                path: ([path] + names).joined(separator: "/"))
        }
        return node.element.text
    }

    /// This element read as an amount with its `Ccy` attribute.
    func money() throws(ISO20022Error) -> Money {
        try ISOAmount.money(element.text, currencyCode: element.attributes["Ccy"] ?? "", path: path)
    }

    /// The amount in child `name`, when present.
    func money(_ name: String) throws(ISO20022Error) -> Money? {
        guard let node = child(name) else { return nil }
        return try node.money()
    }

    /// `CRDT` or `DBIT` in child `name`, when present.
    func creditDebit(_ name: String = "CdtDbtInd") throws(ISO20022Error) -> CreditDebit? {
        guard let node = child(name) else { return nil }
        guard let value = CreditDebit(rawValue: node.element.text.trimmingXMLWhitespace()) else {
            throw ISO20022Error(.unsupportedContent, "Expected CRDT or DBIT.", path: node.path)
        }
        return value
    }

    /// An `xs:date` in child `name`, when present.
    func date(_ name: String) throws(ISO20022Error) -> CalendarDate? {
        guard let node = child(name) else { return nil }
        guard let date = ISODateTimeText.date(node.element.text) else {
            throw ISO20022Error(.unsupportedContent, "'\(ISO20022Error.echo(node.element.text))' is not a date "
                + "Remit can hold (years 1 to 9999).", path: node.path)
        }
        return date
    }

    /// An `xs:dateTime` in child `name`, when present.
    func dateTime(_ name: String) throws(ISO20022Error) -> Date? {
        guard let node = child(name) else { return nil }
        guard let instant = ISODateTimeText.dateTime(node.element.text) else {
            throw ISO20022Error(.unsupportedContent, "'\(ISO20022Error.echo(node.element.text))' is not a "
                + "date-time Remit can hold (years 1 to 9999).", path: node.path)
        }
        return instant
    }

    /// A `DateAndDateTime2Choice` in child `name` (`Dt` or `DtTm`), when present.
    func dateOrDateTime(_ name: String) throws(ISO20022Error) -> DateOrDateTime? {
        guard let node = child(name) else { return nil }
        if let day = try node.date("Dt") { return .date(day) }
        if let instant = try node.dateTime("DtTm") { return .dateTime(instant) }
        throw ISO20022Error(.unsupportedContent, "Expected Dt or DtTm.", path: node.path)
    }

    /// An account's `Id`: `IBAN` or `Othr/Id`.
    func accountID() throws(ISO20022Error) -> AccountIdentifier? {
        if let iban = descendant("Id", "IBAN") {
            do throws(ISO20022Error) {
                return .iban(try IBAN(iban.element.text))
            } catch {
                throw ISO20022Error(error.code, error.message, path: iban.path)
            }
        }
        return text("Id", "Othr", "Id").map(AccountIdentifier.other)
    }
}
