extension Lexer {
    /// Lexes an integer (decimal or hex, optional `u` suffix) or a floating-point literal.
    mutating func number() throws(CELError) -> Token.Kind {
        let start = position
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            position += 2
            var digits = ""
            while let c = peek(), isHexDigit(c) {
                digits.unicodeScalars.append(c)
                position += 1
            }
            guard let value = UInt64(digits, radix: 16) else {
                throw error(digits.isEmpty ? "invalid hex literal" : "integer literal out of range", at: start)
            }
            return try integerSuffix(value, start: start)
        }
        var text = ""
        var isFloat = false
        while let c = peek(), isDigit(c) {
            text.unicodeScalars.append(c)
            position += 1
        }
        if peek() == ".", let d = peek(1), isDigit(d) {
            isFloat = true
            text += "."
            position += 1
            while let c = peek(), isDigit(c) {
                text.unicodeScalars.append(c)
                position += 1
            }
        }
        if let e = peek(), e == "e" || e == "E" {
            var length = 1
            if let s = peek(1), s == "+" || s == "-" { length = 2 }
            if let d = peek(length), isDigit(d) {
                isFloat = true
                for _ in 0..<length {
                    text.unicodeScalars.append(peek()!)
                    position += 1
                }
                while let c = peek(), isDigit(c) {
                    text.unicodeScalars.append(c)
                    position += 1
                }
            }
        }
        if isFloat {
            if text.hasPrefix(".") { text = "0" + text }
            guard let value = Double(text) else { throw error("invalid floating-point literal", at: start) }
            return .doubleLiteral(value)
        }
        guard let value = UInt64(text) else { throw error("integer literal out of range", at: start) }
        return try integerSuffix(value, start: start)
    }

    private mutating func integerSuffix(_ value: UInt64, start: Int) throws(CELError) -> Token.Kind {
        if let c = peek(), c == "u" || c == "U" {
            position += 1
            return .uintLiteral(value)
        }
        return .intLiteral(value)
    }
}
