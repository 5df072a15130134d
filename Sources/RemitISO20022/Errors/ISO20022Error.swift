/// Why an ISO 20022 message could not be written, read or validated.
///
/// One error type for the module. ``code`` is stable and machine-readable; ``message`` says what
/// went wrong and how to fix it; ``path`` names the element at fault when there is one, such as
/// `CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]/Cdtr/Nm`; ``issues`` carries libxml2's own reasons
/// when a document was refused by the parser or the schema. Caller input echoed back is cut to
/// ``echoCharactersMax`` characters.
public struct ISO20022Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; stable, and part of the API.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// An IBAN has characters other than letters and digits, or no country and check digits.
        case ibanFormat = "iban_format"
        /// An IBAN's country code is not in the IBAN registry.
        case ibanCountry = "iban_country"
        /// An IBAN is not as long as its country's IBANs are.
        case ibanLength = "iban_length"
        /// An IBAN's check digits do not match (ISO 7064 mod 97-10).
        case ibanChecksum = "iban_checksum"
        /// A BIC is not 8 or 11 characters of the ISO 9362 pattern.
        case bicFormat = "bic_format"
        /// A BIC's country code is not an ISO 3166 country.
        case bicCountry = "bic_country"
        /// An ISO 11649 creditor reference is malformed or its check digits do not match.
        case creditorReference = "creditor_reference"
        /// A text field is empty or blank, and the schema needs at least one character.
        case textEmpty = "text_empty"
        /// A text field is longer than its schema type allows (Max35Text, Max140Text, …).
        case textTooLong = "text_too_long"
        /// A text field holds a character XML 1.0 cannot carry (a control character).
        case invalidCharacter = "invalid_character"
        /// An amount is zero or negative where a payment needs it positive, or has too many digits.
        case invalidAmount = "invalid_amount"
        /// A message has more payments, transfers or documents than a named limit allows, or
        /// lacks one it needs (a payment block, a transfer, a statement, a balance).
        case limitExceeded = "limit_exceeded"
        /// A document is larger than the byte limit it is read under.
        case documentTooLarge = "document_too_large"
        /// A document carries a DOCTYPE: DTDs and entity declarations are never processed.
        case doctypeNotAllowed = "doctype_not_allowed"
        /// A document is not well-formed XML.
        case malformedXML = "malformed_xml"
        /// A document is well-formed but does not satisfy the XSD.
        case schemaViolation = "schema_violation"
        /// A bundled XSD could not be found or compiled.
        case schemaUnavailable = "schema_unavailable"
        /// A schema-valid document holds a value Remit cannot represent exactly, such as an
        /// unknown currency or more decimals than the currency has.
        case unsupportedContent = "unsupported_content"
    }

    /// The longest piece of caller input an error keeps; longer input is cut and marked with "…".
    public static let echoCharactersMax = 64

    /// The kind of failure.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// The element at fault, as slash-separated names with 1-based positions; nil when none.
    public var path: String?
    /// libxml2's reasons, for ``Code/malformedXML`` and ``Code/schemaViolation``.
    public var issues: [XMLValidationIssue]

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String? = nil, issues: [XMLValidationIssue] = []) {
        self.code = code
        self.message = message
        self.path = path
        self.issues = issues
    }

    /// The code, the element and the message in one line.
    public var description: String {
        let at = path.map { " at \($0)" } ?? ""
        return "\(code.rawValue)\(at): \(message)"
    }

    /// Cuts caller input to ``echoCharactersMax`` characters for keeping in an error.
    static func echo(_ input: String) -> String {
        guard input.count > echoCharactersMax else { return input }
        return String(input.prefix(echoCharactersMax)) + "…"
    }
}
