/// The decoded content of a quoted literal: text for strings, raw bytes for bytes literals.
struct QuotedLiteral {
    var string = ""
    var bytes: [UInt8] = []
}

extension Lexer {
    /// Lexes a single-, double- or triple-quoted literal starting at the opening quote.
    mutating func quoted(raw: Bool, bytes isBytes: Bool) throws(CELError) -> QuotedLiteral {
        let start = position
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        position += triple ? 3 : 1
        var result = QuotedLiteral()
        while true {
            guard let c = peek() else { throw error("unterminated string literal", at: start) }
            if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                position += triple ? 3 : 1
                return result
            }
            if !triple && (c == "\n" || c == "\r") {
                throw error("line break in a single-line string literal", at: position)
            }
            if c == "\\" && !raw {
                try escape(into: &result, bytes: isBytes)
                continue
            }
            if c == "\\" && raw, let next = peek(1), next == quote {
                // A raw literal still cannot end at an escaped quote; both characters are kept.
                append(c, to: &result, bytes: isBytes)
                append(next, to: &result, bytes: isBytes)
                position += 2
                continue
            }
            append(c, to: &result, bytes: isBytes)
            position += 1
        }
    }

    static let simpleEscapes: [Unicode.Scalar: Unicode.Scalar] = [
        "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
        "\\": "\\", "?": "?", "\"": "\"", "'": "'", "`": "`",
    ]

    private func append(_ scalar: Unicode.Scalar, to result: inout QuotedLiteral, bytes: Bool) {
        if bytes {
            UTF8.encode(scalar) { result.bytes.append($0) }
        } else {
            result.string.unicodeScalars.append(scalar)
        }
    }

    private mutating func escape(into result: inout QuotedLiteral, bytes: Bool) throws(CELError) {
        let start = position
        position += 1
        guard let c = peek() else { throw error("unterminated escape sequence", at: start) }
        position += 1
        if let mapped = Self.simpleEscapes[c] {
            append(mapped, to: &result, bytes: bytes)
            return
        }
        switch c {
        case "x", "X":
            let value = try hexDigits(2, start: start)
            appendCode(value, to: &result, bytes: bytes)
        case "u", "U":
            guard !bytes else { throw error("unicode escape in a bytes literal", at: start) }
            let value = try hexDigits(c == "u" ? 4 : 8, start: start)
            guard let scalar = Unicode.Scalar(value) else { throw error("invalid unicode code point", at: start) }
            result.string.unicodeScalars.append(scalar)
        case "0"..."3":
            var value = c.value - 48
            for _ in 0..<2 {
                guard let d = peek(), d.value >= 48, d.value <= 55 else { throw error("invalid octal escape", at: start) }
                value = value * 8 + d.value - 48
                position += 1
            }
            appendCode(value, to: &result, bytes: bytes)
        default:
            throw error("invalid escape sequence '\\\(c.escaped(asASCII: true))'", at: start)
        }
    }

    /// Appends a `\x` or octal escape: a byte in bytes literals, a code point in strings.
    private func appendCode(_ value: UInt32, to result: inout QuotedLiteral, bytes: Bool) {
        if bytes {
            result.bytes.append(UInt8(value))
        } else {
            result.string.unicodeScalars.append(Unicode.Scalar(UInt8(value)))
        }
    }

    private mutating func hexDigits(_ count: Int, start: Int) throws(CELError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let d = peek(), isHexDigit(d) else { throw error("invalid hex escape", at: start) }
            value = value * 16 + UInt32(String(d), radix: 16)!
            position += 1
        }
        return value
    }
}
