extension Parser {
    /// `member := primary ('.' name ('(' args ')')? | '[' expr ']')*`
    mutating func member() throws(CELError) -> Expr {
        var operand = try primary()
        while true {
            let offset = current.offset
            if accept(.dot) {
                let name = try fieldName()
                if current.kind == .leftParen, !name.quoted {
                    advance()
                    let args = try arguments(closing: .rightParen)
                    operand = try receiverCall(operand, name.text, args, at: offset)
                } else {
                    operand = try node(.select(operand, field: name.text, testOnly: false), at: offset, children: [operand])
                }
            } else if accept(.leftBracket) {
                let index = try expression()
                try expect(.rightBracket)
                operand = try call("_[_]", [operand, index], at: offset)
            } else {
                return operand
            }
        }
    }

    /// A name after a dot: any identifier, including reserved words, or a back-quoted name.
    mutating func fieldName() throws(CELError) -> (text: String, quoted: Bool) {
        switch current.kind {
        case .identifier(let name):
            advance()
            return (name, false)
        case .quotedIdentifier(let name):
            advance()
            return (name, true)
        case .true, .false, .null, .in:
            // Keywords are ordinary names after a dot: `m.in`, `m.null`.
            let text = Self.keywordText(current.kind)
            advance()
            return (text, false)
        default:
            throw error("expected a field name but found \(current.kind.display)")
        }
    }

    static func keywordText(_ kind: Token.Kind) -> String {
        switch kind {
        case .true: "true"
        case .false: "false"
        case .null: "null"
        default: "in"
        }
    }

    /// Comma-separated expressions up to `closing`, allowing a trailing comma.
    mutating func arguments(closing: Token.Kind) throws(CELError) -> [Expr] {
        var args: [Expr] = []
        while current.kind != closing {
            args.append(try expression())
            guard accept(.comma) else { break }
        }
        try expect(closing)
        return args
    }

    mutating func primary() throws(CELError) -> Expr {
        let token = current
        let offset = token.offset
        switch token.kind {
        case .intLiteral(let v):
            advance()
            guard v <= UInt64(Int64.max) else { throw error("integer literal out of range", at: offset) }
            return try node(.literal(.int(Int64(v))), at: offset, children: [])
        case .uintLiteral(let v):
            advance()
            return try node(.literal(.uint(v)), at: offset, children: [])
        case .doubleLiteral(let v):
            advance()
            return try node(.literal(.double(v)), at: offset, children: [])
        case .stringLiteral(let s):
            advance()
            return try node(.literal(.string(s)), at: offset, children: [])
        case .bytesLiteral(let b):
            advance()
            return try node(.literal(.bytes(b)), at: offset, children: [])
        case .true, .false:
            advance()
            return try node(.literal(.bool(token.kind == .true)), at: offset, children: [])
        case .null:
            advance()
            return try node(.literal(.null), at: offset, children: [])
        case .leftParen:
            advance()
            let inner = try expression()
            try expect(.rightParen)
            return inner
        case .leftBracket:
            advance()
            let elements = try arguments(closing: .rightBracket)
            return try node(.list(elements), at: offset, children: elements)
        case .leftBrace:
            advance()
            return try mapLiteral(at: offset)
        case .dot:
            // A leading dot names the root scope; without containers it changes nothing.
            advance()
            guard case .identifier = current.kind else { throw unexpected() }
            return try identifierOrCall()
        case .identifier:
            return try identifierOrCall()
        default:
            throw unexpected()
        }
    }

    mutating func identifierOrCall() throws(CELError) -> Expr {
        guard case .identifier(let name) = current.kind else { throw unexpected() }
        let offset = current.offset
        guard !reservedWords.contains(name) else { throw error("reserved identifier '\(name)'") }
        advance()
        guard accept(.leftParen) else {
            return try node(.identifier(name), at: offset, children: [])
        }
        let args = try arguments(closing: .rightParen)
        if macrosEnabled && name == "has" {
            guard args.count == 1, case .select(let operand, let field, _) = args[0].kind else {
                throw error("invalid argument to has() macro", at: offset)
            }
            return try node(.select(operand, field: field, testOnly: true), at: offset, children: [operand])
        }
        return try call(name, args, at: offset)
    }

    mutating func mapLiteral(at offset: Int) throws(CELError) -> Expr {
        var entries: [(key: Expr, value: Expr)] = []
        var children: [Expr] = []
        while current.kind != .rightBrace {
            let key = try expression()
            try expect(.colon)
            let value = try expression()
            entries.append((key, value))
            children += [key, value]
            guard accept(.comma) else { break }
        }
        try expect(.rightBrace)
        return try node(.map(entries), at: offset, children: children)
    }
}
