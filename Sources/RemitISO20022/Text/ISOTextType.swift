/// The bounded text types of the ISO 20022 schemas, with the most characters each allows.
///
/// The schemas count characters as Unicode code points (XSD `maxLength` on `xs:string`), so
/// `e` followed by a combining accent counts as two, even though Swift's `String.count` sees one.
public enum ISOTextType: Int, Sendable, CaseIterable {
    /// The external code lists (`ExternalBalanceType1Code`, `ExternalEntryStatus1Code`,
    /// `ExternalBankTransactionDomain1Code`, …): 1 to 4 characters.
    case externalCode = 4
    /// `Max34Text`: account numbers other than IBANs.
    case max34Text = 34
    /// `Max35Text`: identifiers and references.
    case max35Text = 35
    /// `Max70Text`: account names.
    case max70Text = 70
    /// `Max140Text`: party names and unstructured remittance lines.
    case max140Text = 140
    /// `Max500Text`: additional statement and entry information.
    case max500Text = 500

    /// The most code points the type allows.
    public var charactersMax: Int { rawValue }

    /// The schema's name for the type, such as `Max35Text`.
    public var schemaName: String {
        switch self {
        case .externalCode: "external code"
        case .max34Text: "Max34Text"
        case .max35Text: "Max35Text"
        case .max70Text: "Max70Text"
        case .max140Text: "Max140Text"
        case .max500Text: "Max500Text"
        }
    }

    /// Checks `text` against the type before it is written at `path`.
    ///
    /// Refuses rather than truncates: a cut invoice number would not reconcile.
    /// - Throws: ``ISO20022Error`` with code ``ISO20022Error/Code/textEmpty`` for empty or
    ///   all-whitespace text, ``ISO20022Error/Code/textTooLong`` past ``charactersMax`` code
    ///   points, and ``ISO20022Error/Code/invalidCharacter`` for a character XML 1.0 cannot hold.
    public func check(_ text: String, path: String) throws(ISO20022Error) {
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw ISO20022Error(.textEmpty, "The \(schemaName) is empty; give at least one character "
                + "that is not a space.", path: path)
        }
        let count = text.unicodeScalars.count
        guard count <= charactersMax else {
            throw ISO20022Error(.textTooLong, "'\(ISO20022Error.echo(text))' has \(count) characters; "
                + "a \(schemaName) holds at most \(charactersMax). Shorten it: Remit does not cut text.",
                path: path)
        }
        if let bad = text.unicodeScalars.first(where: { !XMLEscaping.isAllowed($0) }) {
            throw ISO20022Error(.invalidCharacter, "The text holds U+\(String(bad.value, radix: 16, uppercase: true)), "
                + "a control character XML cannot carry; remove it.", path: path)
        }
    }
}
