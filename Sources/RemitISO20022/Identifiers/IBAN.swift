/// An International Bank Account Number (ISO 13616) whose country, length and check digits are
/// valid.
///
/// Kept in electronic form: upper case, no spaces (`DE89370400440532013000`). Reading accepts the
/// printed form too (`de89 3704 0044 0532 0130 00`).
public struct IBAN: Hashable, Sendable, CustomStringConvertible {
    /// The shortest text that could be an IBAN: country, check digits and one BBAN character.
    public static let charactersMin = 5
    /// The longest IBAN ISO 13616 allows.
    public static let charactersMax = 34

    /// The IBAN in electronic form, such as `DE89370400440532013000`.
    public let electronicFormat: String

    /// Validates an IBAN in electronic or printed form.
    ///
    /// Spaces are removed and letters upper-cased first. Then, in order: letters and digits only,
    /// a two-letter country code and two check digits (02…98); a country in SWIFT's IBAN registry;
    /// that country's length; and the ISO 7064 MOD 97-10 check.
    /// - Throws: ``ISO20022Error`` with code ``ISO20022Error/Code/ibanFormat``,
    ///   ``ISO20022Error/Code/ibanCountry``, ``ISO20022Error/Code/ibanLength`` or
    ///   ``ISO20022Error/Code/ibanChecksum``.
    public init(_ text: String) throws(ISO20022Error) {
        let bytes = Mod97.electronic(text)
        let echo = ISO20022Error.echo(text)
        guard (Self.charactersMin...Self.charactersMax).contains(bytes.count),
              Mod97.isAlphanumeric(bytes),
              Mod97.isLetter(bytes[0]), Mod97.isLetter(bytes[1]),
              Mod97.isDigit(bytes[2]), Mod97.isDigit(bytes[3])
        else {
            throw ISO20022Error(.ibanFormat, "'\(echo)' is not an IBAN: write a two-letter country code, "
                + "two check digits and up to 30 letters or digits, such as DE89 3704 0044 0532 0130 00.")
        }
        let country = String(decoding: bytes[0..<2], as: UTF8.self)
        guard let length = IBANRegistry.lengthByCountry[country] else {
            throw ISO20022Error(.ibanCountry, "'\(echo)' starts with \(country), which does not issue IBANs; "
                + "check the country code.")
        }
        guard bytes.count == length else {
            throw ISO20022Error(.ibanLength, "'\(echo)' has \(bytes.count) characters, but IBANs from "
                + "\(country) have \(length); check for a missing or extra character.")
        }
        let checkDigits = Int(bytes[2] - UInt8(ascii: "0")) * 10 + Int(bytes[3] - UInt8(ascii: "0"))
        guard (2...98).contains(checkDigits), Mod97.remainder(of: Mod97.rotated(bytes)) == 1 else {
            throw ISO20022Error(.ibanChecksum, "'\(echo)' fails the IBAN check digits; "
                + "a character is probably mistyped.")
        }
        electronicFormat = String(decoding: bytes, as: UTF8.self)
    }

    /// The ISO 3166 country code the IBAN starts with, such as `DE`.
    public var countryCode: String { String(electronicFormat.prefix(2)) }

    /// The IBAN in groups of four for people to read: `DE89 3704 0044 0532 0130 00`.
    public var printFormat: String { Mod97.grouped(electronicFormat) }

    /// The electronic format.
    public var description: String { electronicFormat }
}
