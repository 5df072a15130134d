/// One lexical token of a CEL expression.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        /// A back-quoted field name such as `` `content-type` ``, valid only after a dot.
        case quotedIdentifier(String)
        /// An unsigned decimal or hex literal without suffix; the parser applies the sign.
        case intLiteral(UInt64)
        case uintLiteral(UInt64)
        case doubleLiteral(Double)
        case stringLiteral(String)
        case bytesLiteral([UInt8])
        case `true`, `false`, null, `in`
        case plus, minus, star, slash, percent, bang
        case equal, notEqual, less, lessEqual, greater, greaterEqual
        case and, or, question, colon, dot, comma
        case leftBracket, rightBracket, leftParen, rightParen, leftBrace, rightBrace
        case end
    }

    var kind: Kind
    /// Offset of the first Unicode scalar of the token in the source.
    var offset: Int
}

extension Token.Kind {
    /// How the token reads in an error message.
    var display: String {
        switch self {
        case .identifier(let name): return "'\(name)'"
        case .quotedIdentifier(let name): return "'`\(name)`'"
        case .intLiteral(let v): return "'\(v)'"
        case .uintLiteral(let v): return "'\(v)u'"
        case .doubleLiteral(let v): return "'\(v)'"
        case .stringLiteral: return "string literal"
        case .bytesLiteral: return "bytes literal"
        case .true: return "'true'"
        case .false: return "'false'"
        case .null: return "'null'"
        case .in: return "'in'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .percent: return "'%'"
        case .bang: return "'!'"
        case .equal: return "'=='"
        case .notEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .and: return "'&&'"
        case .or: return "'||'"
        case .question: return "'?'"
        case .colon: return "':'"
        case .dot: return "'.'"
        case .comma: return "','"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .end: return "end of input"
        }
    }
}

/// Words CEL reserves: they cannot name variables or functions, but may follow a dot.
let reservedWords: Set<String> = [
    "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
    "package", "namespace", "return", "var", "void", "while",
]
