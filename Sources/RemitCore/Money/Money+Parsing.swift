extension Money {
    /// The longest decimal text ``init(decimal:currency:)`` reads; longer text is rejected.
    public static let decimalCharactersMax = 64

    /// Parses an exact amount written in major units, such as `"1250.00"`, `"-3.5"` or `"0.125"` (KWD).
    ///
    /// The accepted form is `-?[0-9]+(\.[0-9]+)?` in ASCII, at most ``decimalCharactersMax``
    /// characters, independent of locale. In detail:
    /// - Fewer fraction digits than the currency's exponent are fine: `"3.5"` is USD 3.50.
    /// - More are accepted only when the extra digits are zeros: `"1000.00"` is JPY 1000.
    /// - Leading zeros are accepted (`"007.50"`); `"-0"` is zero.
    /// - A digit is required on both sides of the point, so `".5"` and `"1."` are rejected,
    ///   as in JSON numbers.
    /// - Rejected: `""`, `"+1"`, `"+-1"`, `"1,000.00"`, `"1e3"`, `" 1"`, `"NaN"`, `"Infinity"`.
    ///
    /// - Throws: ``MoneyError/invalidDecimal(_:)`` for text of any other form,
    ///   ``MoneyError/tooManyFractionDigits(_:allowed:)`` for a non-zero digit past the exponent,
    ///   and ``MoneyError/overflow`` when the amount does not fit in `Int64` minor units.
    public init(decimal: String, currency: Currency) throws(MoneyError) {
        let units = try Self.parseMinorUnits(decimal, exponent: currency.exponent)
        self.init(minorUnits: units, currency: currency)
    }

    /// The exact amount in major units with exactly the currency's number of fraction digits.
    ///
    /// `"1250.00"` and `"-0.05"` for USD, `"1000"` for JPY, `"1.234"` for KWD: ASCII, no grouping,
    /// no locale. ``init(decimal:currency:)`` reads it back to the same amount.
    public var decimalString: String {
        let scale = Self.powerOfTen(currency.exponent)
        let magnitude = minorUnits.magnitude
        let sign = minorUnits < 0 ? "-" : ""
        let whole = String(magnitude / scale)
        guard currency.exponent > 0 else { return sign + whole }
        let fraction = String(magnitude % scale)
        let padding = String(repeating: "0", count: currency.exponent - fraction.count)
        return sign + whole + "." + padding + fraction
    }

    /// 10 raised to a currency exponent; exponents in the table are 0 through 4.
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        precondition((0...18).contains(exponent), "currency exponent \(exponent) out of range")
        var result: UInt64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// Reads decimal text into minor units; see ``init(decimal:currency:)`` for the form.
    static func parseMinorUnits(_ text: String, exponent: Int) throws(MoneyError) -> Int64 {
        let bytes = Array(text.utf8)
        let invalid = MoneyError.invalidDecimal(MoneyError.echo(text))
        guard bytes.count <= decimalCharactersMax else { throw invalid }
        let negative = bytes.first == UInt8(ascii: "-")
        let body = bytes.dropFirst(negative ? 1 : 0)
        let point = body.firstIndex(of: UInt8(ascii: "."))
        let integerDigits = body[..<(point ?? body.endIndex)]
        var fractionDigits = point.map { body[($0 + 1)...] } ?? []
        guard !integerDigits.isEmpty, integerDigits.allSatisfy(isDigit) else { throw invalid }
        guard point == nil || !fractionDigits.isEmpty, fractionDigits.allSatisfy(isDigit) else {
            throw invalid
        }
        if fractionDigits.count > exponent {
            guard fractionDigits.dropFirst(exponent).allSatisfy({ $0 == UInt8(ascii: "0") }) else {
                throw .tooManyFractionDigits(MoneyError.echo(text), allowed: exponent)
            }
            fractionDigits = fractionDigits.prefix(exponent)
        }
        let padding = repeatElement(UInt8(ascii: "0"), count: exponent - fractionDigits.count)
        // Accumulating below zero reaches Int64.min, which has no positive counterpart.
        var units: Int64 = 0
        for digit in [integerDigits, fractionDigits, ArraySlice(padding)].joined() {
            let (shifted, shiftOverflow) = units.multipliedReportingOverflow(by: 10)
            let (next, addOverflow) = shifted.subtractingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            guard !shiftOverflow, !addOverflow else { throw .overflow }
            units = next
        }
        if negative { return units }
        guard units != .min else { throw .overflow }
        return -units
    }

    /// Whether a UTF-8 byte is an ASCII digit.
    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
