/// Splits CEL source text into tokens.
struct Lexer {
    let source: [Unicode.Scalar]
    var position = 0

    init(_ text: String) {
        source = Array(text.unicodeScalars)
    }

    /// Tokenizes the whole source, ending with an `.end` token.
    static func tokenize(_ text: String) throws(CELError) -> (tokens: [Token], source: [Unicode.Scalar]) {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return (tokens, lexer.source) }
        }
    }

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = position + ahead
        return index < source.count ? source[index] : nil
    }

    func error(_ message: String, at offset: Int) -> CELError {
        let (line, column) = lineAndColumn(of: offset, in: source)
        return CELError(.parse, message, line: line, column: column)
    }

    mutating func skipTrivia() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                position += 1
            } else if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    mutating func next() throws(CELError) -> Token {
        skipTrivia()
        let start = position
        guard let c = peek() else { return Token(kind: .end, offset: start) }
        if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) {
            return Token(kind: try number(), offset: start)
        }
        if c == "\"" || c == "'" {
            return Token(kind: .stringLiteral(try quoted(raw: false, bytes: false).string), offset: start)
        }
        if isIdentifierStart(c) {
            if let literal = try prefixedLiteral() { return Token(kind: literal, offset: start) }
            var name = ""
            while let d = peek(), isIdentifierStart(d) || isDigit(d) {
                name.unicodeScalars.append(d)
                position += 1
            }
            return Token(kind: keyword(name), offset: start)
        }
        if c == "`" {
            position += 1
            var name = ""
            while let d = peek(), d != "`" {
                guard d != "\n" else { break }
                name.unicodeScalars.append(d)
                position += 1
            }
            guard peek() == "`", !name.isEmpty else { throw error("unterminated quoted identifier", at: start) }
            position += 1
            return Token(kind: .quotedIdentifier(name), offset: start)
        }
        return Token(kind: try punctuation(c, at: start), offset: start)
    }

    private func keyword(_ name: String) -> Token.Kind {
        switch name {
        case "true": .true
        case "false": .false
        case "null": .null
        case "in": .in
        default: .identifier(name)
        }
    }

    /// A string or bytes literal with an `r`, `b`, `br` or `rb` prefix (any case), if one starts here.
    private mutating func prefixedLiteral() throws(CELError) -> Token.Kind? {
        var raw = false
        var bytes = false
        var length = 0
        while length < 2, let p = peek(length) {
            if (p == "r" || p == "R") && !raw {
                raw = true
            } else if (p == "b" || p == "B") && !bytes {
                bytes = true
            } else {
                break
            }
            length += 1
        }
        guard length > 0, let q = peek(length), q == "\"" || q == "'" else { return nil }
        position += length
        let literal = try quoted(raw: raw, bytes: bytes)
        return bytes ? .bytesLiteral(literal.bytes) : .stringLiteral(literal.string)
    }

    private mutating func punctuation(_ c: Unicode.Scalar, at start: Int) throws(CELError) -> Token.Kind {
        position += 1
        let next = peek()
        func two(_ kind: Token.Kind) -> Token.Kind {
            position += 1
            return kind
        }
        switch c {
        case "+": return .plus
        case "-": return .minus
        case "*": return .star
        case "/": return .slash
        case "%": return .percent
        case "?": return .question
        case ":": return .colon
        case ".": return .dot
        case ",": return .comma
        case "[": return .leftBracket
        case "]": return .rightBracket
        case "(": return .leftParen
        case ")": return .rightParen
        case "{": return .leftBrace
        case "}": return .rightBrace
        case "!": return next == "=" ? two(.notEqual) : .bang
        case "<": return next == "=" ? two(.lessEqual) : .less
        case ">": return next == "=" ? two(.greaterEqual) : .greater
        case "=" where next == "=": return two(.equal)
        case "&" where next == "&": return two(.and)
        case "|" where next == "|": return two(.or)
        default: throw error("unexpected character '\(c.escaped(asASCII: true))'", at: start)
        }
    }
}

func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

func isHexDigit(_ c: Unicode.Scalar) -> Bool {
    isDigit(c) || (c.value >= 65 && c.value <= 70) || (c.value >= 97 && c.value <= 102)
}

func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
}

/// The 1-based line and column (in scalars) of an offset in the source.
func lineAndColumn(of offset: Int, in source: [Unicode.Scalar]) -> (Int, Int) {
    var line = 1
    var column = 1
    for c in source[..<min(offset, source.count)] {
        if c == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }
    return (line, column)
}
