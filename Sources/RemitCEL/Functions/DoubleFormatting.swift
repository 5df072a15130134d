/// Formats a double as cel-go's `string(double)` does (Go's `%g`): the shortest digits that
/// round-trip, positional unless the decimal exponent is below -4 or at least 6
/// (`123456`, `1e+06`, `0.0001`, `1e-05`, `1.5e+300`).
func formatDouble(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    if value == 0 { return value.sign == .minus ? "-0" : "0" }
    let (digits, pointPosition) = shortestDigits(value.magnitude)
    let sign = value < 0 ? "-" : ""
    let exponent = pointPosition - 1
    if exponent < -4 || exponent >= 6 {
        var mantissa = String(digits.first!)
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let magnitude = String(abs(exponent))
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
    }
    if pointPosition <= 0 {
        return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
    }
    if pointPosition >= digits.count {
        return sign + digits + String(repeating: "0", count: pointPosition - digits.count)
    }
    let split = digits.index(digits.startIndex, offsetBy: pointPosition)
    return sign + digits[..<split] + "." + digits[split...]
}

/// The shortest round-trip decimal digits of a positive finite double (no leading or trailing
/// zeros) and the position of the decimal point relative to them: `0.0045` → ("45", -2).
private func shortestDigits(_ value: Double) -> (String, Int) {
    // Swift's description already holds the shortest round-trip digits; only the layout varies.
    let text = "\(value)"
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[..<e]
        exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var integerPart = Substring(mantissa)
    var fractionPart = Substring("")
    if let dot = mantissa.firstIndex(of: ".") {
        integerPart = mantissa[..<dot]
        fractionPart = mantissa[mantissa.index(after: dot)...]
    }
    var digits = String(integerPart) + fractionPart
    var pointPosition = integerPart.count + exponent
    while digits.hasPrefix("0") {
        digits.removeFirst()
        pointPosition -= 1
    }
    while digits.hasSuffix("0") { digits.removeLast() }
    return (digits, pointPosition)
}
