import RemitCore

/// Amounts as the ISO 20022 schemas write them: plain decimals with the currency's digits.
public enum ISOAmount {
    /// The most digits an amount may have: `totalDigits` of `ActiveOrHistoricCurrencyAndAmount`
    /// and of `DecimalNumber` (control sums).
    public static let digitsMax = 18

    /// The largest count of minor units that fits in ``digitsMax`` digits.
    static let minorUnitsMax: UInt64 = 999_999_999_999_999_999

    /// The text of an amount, such as `1250.00`, `1000` (JPY) or `1.250` (BHD).
    ///
    /// ISO 20022 amounts carry no sign (a credit/debit indicator does that), so `money` must not
    /// be negative; a payment's amount must also be above zero.
    /// - Throws: ``ISO20022Error/Code/invalidAmount`` for a negative amount, a zero one when
    ///   `positive`, or one with more than ``digitsMax`` digits.
    static func text(_ money: Money, path: String, positive: Bool) throws(ISO20022Error) -> String {
        if money.minorUnits < 0 || (positive && money.minorUnits == 0) {
            let need = positive ? "above zero" : "zero or more"
            throw ISO20022Error(.invalidAmount, "The amount \(money) must be \(need); "
                + "ISO 20022 states direction separately.", path: path)
        }
        guard UInt64(money.minorUnits) <= minorUnitsMax else {
            throw ISO20022Error(.invalidAmount, "The amount \(money) has more than \(digitsMax) digits, "
                + "the most an ISO 20022 amount can have; split the payment.", path: path)
        }
        return money.decimalString
    }

    /// The control sum of amounts, possibly in several currencies: their decimal values added up,
    /// as `CtrlSum` is defined.
    ///
    /// Exact: each amount is scaled to the largest currency exponent among them before adding.
    /// - Throws: ``ISO20022Error/Code/invalidAmount`` when the sum has more than ``digitsMax`` digits.
    static func controlSum(_ amounts: [Money], path: String) throws(ISO20022Error) -> String {
        let scale = amounts.map(\.currency.exponent).max() ?? 0
        var sum: UInt64 = 0
        for amount in amounts {
            let (scaled, overflowScale) = UInt64(amount.minorUnits.magnitude)
                .multipliedReportingOverflow(by: powerOfTen(scale - amount.currency.exponent))
            let (next, overflowSum) = sum.addingReportingOverflow(scaled)
            guard !overflowScale, !overflowSum, next <= minorUnitsMax else {
                throw ISO20022Error(.invalidAmount, "The amounts add up to more than \(digitsMax) digits, "
                    + "the most a control sum can have; split the message.", path: path)
            }
            sum = next
        }
        return decimalText(sum, scale: scale)
    }

    /// Reads a schema-valid `xs:decimal` into an exact amount in the currency named by `code`.
    ///
    /// Accepts what the schema accepts (surrounding spaces, a leading `+`, `.5`, `5.`) and
    /// extra trailing zeros (`100.00` for JPY), since those change no value.
    /// - Throws: ``ISO20022Error/Code/unsupportedContent`` for an unknown currency, more non-zero
    ///   decimals than the currency has, a negative value, or one too large for `Int64` minor units.
    static func money(_ text: String, currencyCode code: String, path: String) throws(ISO20022Error) -> Money {
        let currency: Currency
        do throws(MoneyError) {
            currency = try Currency(code: code)
        } catch {
            throw ISO20022Error(.unsupportedContent, error.description, path: path)
        }
        var decimal = text.trimmingXMLWhitespace()
        if decimal.hasPrefix("+") { decimal.removeFirst() }
        if decimal.hasPrefix(".") { decimal = "0" + decimal }
        if decimal.hasSuffix(".") { decimal.removeLast() }
        let money: Money
        do throws(MoneyError) {
            money = try Money(decimal: decimal, currency: currency)
        } catch {
            throw ISO20022Error(.unsupportedContent, error.description, path: path)
        }
        guard money.minorUnits >= 0 else {
            throw ISO20022Error(.unsupportedContent, "The amount \(money) is negative; ISO 20022 amounts "
                + "carry their direction in CdtDbtInd.", path: path)
        }
        return money
    }

    /// `value` ÷ 10^`scale` written with exactly `scale` decimals.
    static func decimalText(_ value: UInt64, scale: Int) -> String {
        let divisor = powerOfTen(scale)
        let whole = String(value / divisor)
        guard scale > 0 else { return whole }
        let fraction = String(value % divisor)
        return whole + "." + String(repeating: "0", count: scale - fraction.count) + fraction
    }

    /// 10 raised to `exponent` (0…18).
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        precondition((0...18).contains(exponent), "exponent \(exponent) out of range")
        var result: UInt64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}

extension String {
    /// The string without the XML whitespace (space, tab, CR, LF) around it, as the schema's
    /// `collapse` rule reads dates and numbers.
    func trimmingXMLWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
