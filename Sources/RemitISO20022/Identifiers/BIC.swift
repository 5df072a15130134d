import RemitCore

/// A Business Identifier Code (ISO 9362), as the ISO 20022 schemas of 2014 and later define it.
///
/// Eight or eleven characters: a four-character institution code (letters or digits), a
/// two-letter country code, a two-character location code and an optional three-character
/// branch code, such as `DEUTDEFF` or `DEUTDEFF500`. Kept in upper case.
public struct BIC: Hashable, Sendable, CustomStringConvertible {
    /// The code, such as `DEUTDEFF500`.
    public let code: String

    /// Country codes SWIFT uses in BICs that ISO 3166 does not assign: Kosovo.
    static let extraCountryCodes: Set<String> = ["XK"]

    /// Validates a BIC, upper-casing its letters first.
    ///
    /// - Throws: ``ISO20022Error`` with code ``ISO20022Error/Code/bicFormat`` unless it matches
    ///   `[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?`, or ``ISO20022Error/Code/bicCountry``
    ///   when its country code is not an ISO 3166 country.
    public init(_ text: String) throws(ISO20022Error) {
        let bytes = Array(text.uppercased().utf8)
        let echo = ISO20022Error.echo(text)
        guard bytes.count == 8 || bytes.count == 11,
              Mod97.isAlphanumeric(bytes),
              Mod97.isLetter(bytes[4]), Mod97.isLetter(bytes[5])
        else {
            throw ISO20022Error(.bicFormat, "'\(echo)' is not a BIC: write 8 or 11 letters and digits "
                + "(institution, two-letter country, location, optional branch), such as DEUTDEFF500.")
        }
        let country = String(decoding: bytes[4..<6], as: UTF8.self)
        guard CountryCode.isValid(country) || Self.extraCountryCodes.contains(country) else {
            throw ISO20022Error(.bicCountry, "'\(echo)' has country code \(country), which is not a "
                + "country; check characters 5 and 6.")
        }
        code = String(decoding: bytes, as: UTF8.self)
    }

    /// The ISO 3166 country code in characters 5 and 6, such as `DE`.
    public var countryCode: String { String(code.dropFirst(4).prefix(2)) }

    /// The code.
    public var description: String { code }
}
