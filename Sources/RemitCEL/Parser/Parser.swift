/// A recursive-descent parser for CEL, producing an ``Expr`` tree.
///
/// Recursion is bounded by `nestingDepthMax` so hostile input fails with an error long before
/// the stack can overflow.
struct Parser {
    let tokens: [Token]
    let source: [Unicode.Scalar]
    let nestingDepthMax: Int
    let macrosEnabled: Bool
    var position = 0
    var recursionDepth = 0

    init(text: String, nestingDepthMax: Int, macrosEnabled: Bool = true) throws(CELError) {
        (tokens, source) = try Lexer.tokenize(text)
        self.nestingDepthMax = nestingDepthMax
        self.macrosEnabled = macrosEnabled
    }

    /// Parses the whole input as one expression.
    mutating func parseAll() throws(CELError) -> Expr {
        let expr = try expression()
        guard current.kind == .end else { throw unexpected() }
        return expr
    }

    var current: Token { tokens[position] }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    mutating func accept(_ kind: Token.Kind) -> Bool {
        guard current.kind == kind else { return false }
        advance()
        return true
    }

    mutating func expect(_ kind: Token.Kind) throws(CELError) {
        guard accept(kind) else { throw error("expected \(kind.display) but found \(current.kind.display)") }
    }

    func error(_ message: String, at offset: Int? = nil) -> CELError {
        let (line, column) = lineAndColumn(of: offset ?? current.offset, in: source)
        return CELError(.parse, message, line: line, column: column)
    }

    func unexpected() -> CELError { error("unexpected \(current.kind.display)") }

    /// Builds a node, enforcing the nesting limit on the tree height.
    func node(_ kind: Expr.Kind, at offset: Int, children: [Expr]) throws(CELError) -> Expr {
        let depth = 1 + (children.map(\.depth).max() ?? 0)
        guard depth <= nestingDepthMax else {
            throw CELError(.limitExceeded, "expression nesting exceeds nestingDepthMax (\(nestingDepthMax))",
                line: lineAndColumn(of: offset, in: source).0, column: lineAndColumn(of: offset, in: source).1)
        }
        return Expr(kind: kind, offset: offset, depth: depth)
    }

    func call(_ function: String, _ args: [Expr], at offset: Int, target: Expr? = nil) throws(CELError) -> Expr {
        try node(.call(target: target, function: function, args: args), at: offset, children: args + (target.map { [$0] } ?? []))
    }

    /// `expr := or ('?' or ':' expr)?`
    mutating func expression() throws(CELError) -> Expr {
        recursionDepth += 1
        defer { recursionDepth -= 1 }
        guard recursionDepth <= nestingDepthMax else {
            throw CELError(.limitExceeded, "expression nesting exceeds nestingDepthMax (\(nestingDepthMax))",
                line: lineAndColumn(of: current.offset, in: source).0, column: lineAndColumn(of: current.offset, in: source).1)
        }
        let condition = try binary(level: 0)
        guard current.kind == .question else { return condition }
        let offset = current.offset
        advance()
        let then = try binary(level: 0)
        try expect(.colon)
        let otherwise = try expression()
        return try call("_?_:_", [condition, then, otherwise], at: offset)
    }

    /// Binary operator levels, loosest first.
    static let levels: [[(Token.Kind, String)]] = [
        [(.or, "_||_")],
        [(.and, "_&&_")],
        [(.equal, "_==_"), (.notEqual, "_!=_"), (.less, "_<_"), (.lessEqual, "_<=_"),
         (.greater, "_>_"), (.greaterEqual, "_>=_"), (.in, "@in")],
        [(.plus, "_+_"), (.minus, "_-_")],
        [(.star, "_*_"), (.slash, "_/_"), (.percent, "_%_")],
    ]

    /// Parses a left-associative chain at `level`; chains are loops, not recursion.
    mutating func binary(level: Int) throws(CELError) -> Expr {
        guard level < Self.levels.count else { return try unary() }
        var lhs = try binary(level: level + 1)
        while let (_, function) = Self.levels[level].first(where: { $0.0 == current.kind }) {
            let offset = current.offset
            advance()
            let rhs = try binary(level: level + 1)
            lhs = try call(function, [lhs, rhs], at: offset)
        }
        return lhs
    }

    /// `unary := member | '!'+ member | '-'+ member`, folding a minus into a numeric literal.
    mutating func unary() throws(CELError) -> Expr {
        var operators: [(String, Int)] = []
        while current.kind == .bang || current.kind == .minus {
            operators.append((current.kind == .bang ? "!_" : "-_", current.offset))
            advance()
        }
        var operand: Expr
        if let last = operators.last, last.0 == "-_", let literal = try negativeLiteral(at: last.1) {
            operators.removeLast()
            operand = literal
        } else {
            operand = try member()
        }
        for (function, offset) in operators.reversed() {
            operand = try call(function, [operand], at: offset)
        }
        return operand
    }

    /// A negative int or double literal, so `-9223372036854775808` is representable.
    mutating func negativeLiteral(at offset: Int) throws(CELError) -> Expr? {
        let value: CELValue
        switch current.kind {
        case .intLiteral(let magnitude):
            guard magnitude <= UInt64(Int64.max) + 1 else { throw error("integer literal out of range") }
            value = .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        case .doubleLiteral(let d):
            value = .double(-d)
        default:
            return nil
        }
        // A literal followed by member access (`-1.foo`) binds the access first; keep the generic path.
        if tokens[position + 1].kind == .dot || tokens[position + 1].kind == .leftBracket { return nil }
        advance()
        return try node(.literal(value), at: offset, children: [])
    }
}
