/// An active ISO 4217 currency and the number of minor-unit digits it is counted in.
///
/// Two currencies are equal when their codes are; the exponent always comes from the table.
/// Encodes as its plain code string (`"USD"`) and decodes only an active code.
public struct Currency: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The ISO 4217 alphabetic code, such as `"USD"`.
    public let code: String
    /// The number of minor-unit digits: 0 for JPY, 2 for USD, 3 for KWD, 4 for CLF.
    public let exponent: Int

    /// Looks up an active currency by its ISO 4217 alphabetic code, which is case-sensitive.
    ///
    /// Codes without a minor unit in ISO 4217 (precious metals such as XAU, XDR, XTS, XXX) are
    /// not accepted, because money here is an exact count of minor units.
    /// - Throws: ``MoneyError/unknownCurrency(_:)`` for any other code, including `"usd"`.
    public init(code: String) throws(MoneyError) {
        guard let exponent = CurrencyTable.exponentByCode[code] else {
            throw .unknownCurrency(MoneyError.echo(code))
        }
        self.init(tableCode: code, exponent: exponent)
    }

    /// Builds a currency from a row of ``CurrencyTable``; only the table may call it.
    init(tableCode: String, exponent: Int) {
        self.code = tableCode
        self.exponent = exponent
    }

    /// Every active ISO 4217 currency that has a minor unit, sorted by code.
    public static var all: [Currency] { CurrencyTable.all }

    /// The code, such as `"USD"`.
    public var description: String { code }

    /// Decodes a plain code string and checks that it names an active currency.
    ///
    /// - Throws: `DecodingError.dataCorrupted` whose underlying error is
    ///   ``MoneyError/unknownCurrency(_:)`` when the code is not active.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        do throws(MoneyError) {
            try self.init(code: code)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: error.description,
                underlyingError: error
            ))
        }
    }

    /// Encodes the currency as its plain code string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

extension Currency {
    /// US Dollar, 2 minor-unit digits.
    public static let usd = Currency(tableCode: "USD", exponent: 2)
    /// Euro, 2 minor-unit digits.
    public static let eur = Currency(tableCode: "EUR", exponent: 2)
    /// Pound Sterling, 2 minor-unit digits.
    public static let gbp = Currency(tableCode: "GBP", exponent: 2)
    /// Yen, no minor unit.
    public static let jpy = Currency(tableCode: "JPY", exponent: 0)
    /// Swiss Franc, 2 minor-unit digits.
    public static let chf = Currency(tableCode: "CHF", exponent: 2)
    /// Canadian Dollar, 2 minor-unit digits.
    public static let cad = Currency(tableCode: "CAD", exponent: 2)
    /// Australian Dollar, 2 minor-unit digits.
    public static let aud = Currency(tableCode: "AUD", exponent: 2)
    /// Swedish Krona, 2 minor-unit digits.
    public static let sek = Currency(tableCode: "SEK", exponent: 2)
    /// Singapore Dollar, 2 minor-unit digits.
    public static let sgd = Currency(tableCode: "SGD", exponent: 2)
    /// Indian Rupee, 2 minor-unit digits.
    public static let inr = Currency(tableCode: "INR", exponent: 2)
    /// Kuwaiti Dinar, 3 minor-unit digits.
    public static let kwd = Currency(tableCode: "KWD", exponent: 3)
    /// Bahraini Dinar, 3 minor-unit digits.
    public static let bhd = Currency(tableCode: "BHD", exponent: 3)
    /// Chilean Unidad de Fomento (a funds code), 4 minor-unit digits.
    public static let clf = Currency(tableCode: "CLF", exponent: 4)
}
