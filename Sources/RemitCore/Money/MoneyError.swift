/// The error every money and currency operation in RemitCore throws.
///
/// Each case is something a caller's input can cause; its ``description`` says what went wrong
/// and how to fix it. User input echoed back is cut to ``MoneyError/echoCharactersMax`` characters
/// so that a huge request body cannot be copied into an error, a log line or a response.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The code is not an active ISO 4217 currency with a defined minor unit.
    case unknownCurrency(String)
    /// The text is not a plain decimal number of the form `-?digits(.digits)?`.
    case invalidDecimal(String)
    /// The text has non-zero digits beyond the currency's number of minor-unit digits.
    case tooManyFractionDigits(String, allowed: Int)
    /// The result does not fit in a signed 64-bit count of minor units.
    case overflow
    /// Two amounts in different currencies were combined or compared.
    case currencyMismatch(Currency, Currency)
    /// A split or allocation was asked for with parts or weights it cannot honour; the text says why.
    case invalidAllocation(String)

    /// The longest piece of caller input an error keeps; longer input is cut and marked with "…".
    public static let echoCharactersMax = 64

    /// A message that says what went wrong and what to do about it.
    public var description: String {
        switch self {
        case .unknownCurrency(let code):
            return "'\(code)' is not an active ISO 4217 currency code; "
                + "use an upper-case three-letter code such as USD, EUR or JPY."
        case .invalidDecimal(let text):
            return "'\(text)' is not a plain decimal amount; write digits with an optional leading '-' "
                + "and an optional '.' followed by digits, such as 1250.00 or -3.5 "
                + "(no spaces, '+', thousands separators or exponents)."
        case .tooManyFractionDigits(let text, let allowed) where allowed == 0:
            return "'\(text)' has a fraction, but this currency has no minor unit; send a whole number."
        case .tooManyFractionDigits(let text, let allowed):
            return "'\(text)' has more than \(allowed) digits after the decimal point, "
                + "which is all this currency allows; round it to \(allowed) decimal places."
        case .overflow:
            return "The amount is too large to hold exactly (the limit is 9223372036854775807 minor units "
                + "either side of zero); use smaller amounts."
        case .currencyMismatch(let left, let right):
            return "Cannot combine an amount in \(left.code) with one in \(right.code); "
                + "convert one of them first."
        case .invalidAllocation(let reason):
            return "Cannot divide the amount: \(reason)"
        }
    }

    /// Cuts caller input to ``echoCharactersMax`` characters for keeping in an error.
    static func echo(_ input: String) -> String {
        guard input.count > echoCharactersMax else { return input }
        return String(input.prefix(echoCharactersMax)) + "…"
    }
}
