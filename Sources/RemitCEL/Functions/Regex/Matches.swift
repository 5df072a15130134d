/// A compiled regular expression for `matches`.
///
/// CEL specifies RE2 syntax and semantics; RemitCEL implements that syntax (see
/// ``RegexParser``) on a linear-time NFA simulation, so no pattern can make matching hang.
final class CompiledRegex: Sendable {
    let program: RegexProgram

    init(_ pattern: String) throws(CELError) {
        do throws(RegexParser.Failure) {
            var parser = RegexParser(pattern)
            program = try RegexProgram(try parser.parse())
        } catch {
            throw CELError(.invalidArgument, "invalid regular expression: \(error.reason)", detail: pattern)
        }
    }

    /// Whether the pattern matches any substring of `text`.
    func matches(_ text: String) -> Bool {
        program.matches(Array(text.unicodeScalars))
    }

    /// The step cost of matching `text`: the NFA may visit every instruction at every scalar.
    func cost(of text: String) -> Int {
        text.utf8.count * program.instructions.count / 64
    }
}

@Sendable func matches(_ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> CELValue {
    guard case .string(let text) = lhs, case .string(let pattern) = rhs else {
        throw CELError.noOverload("matches", lhs, rhs)
    }
    return .bool(try CompiledRegex(pattern).matches(text))
}

/// `text.matches(pattern)` or `matches(text, pattern)`. A literal pattern is compiled once,
/// here; a computed one on each evaluation. Matching is charged to the step budget.
final class MatchesNode: Node, @unchecked Sendable {
    let text: Node
    let pattern: Node
    let constant: Result<CompiledRegex, CELError>?

    init(_ text: Node, pattern: Node) {
        self.text = text
        self.pattern = pattern
        if let literal = pattern as? ConstantNode, case .string(let source) = literal.value {
            do throws(CELError) {
                constant = .success(try CompiledRegex(source))
            } catch {
                constant = .failure(error)
            }
        } else {
            constant = nil
        }
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        let value = try text.eval(&frame)
        let regex: CompiledRegex
        if let constant {
            guard case .string = value else { throw CELError.noOverload("matches", value, .string("")) }
            regex = try constant.get()
        } else {
            let source = try pattern.eval(&frame)
            guard case .string = value, case .string(let patternText) = source else {
                throw CELError.noOverload("matches", value, source)
            }
            try frame.step(patternText.utf8.count)
            regex = try CompiledRegex(patternText)
        }
        guard case .string(let s) = value else { return .bool(false) }
        try frame.step(regex.cost(of: s))
        return .bool(regex.matches(s))
    }
}
