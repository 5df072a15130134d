/// A compiled regular expression for `matches`.
///
/// CEL specifies RE2 syntax; RemitCEL uses Swift's regex engine with Unicode-scalar
/// semantics, which accepts the RE2 constructs policies use (classes, alternation,
/// repetition, anchors). `matches` succeeds when the pattern matches any substring.
final class CompiledRegex: @unchecked Sendable {
    // Swift's Regex is not declared Sendable; this instance is never mutated after init,
    // and matching does not mutate the regex.
    private let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) throws(CELError) {
        do {
            regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw CELError(.invalidArgument, "invalid regular expression '\(pattern)'")
        }
    }

    func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }
}

@Sendable func matches(_ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> CELValue {
    guard case .string(let text) = lhs, case .string(let pattern) = rhs else {
        throw CELError.noOverload("matches", lhs, rhs)
    }
    return .bool(try CompiledRegex(pattern).matches(text))
}

/// `text.matches('literal')`, with the pattern compiled once at compile time.
final class MatchesConstantNode: Node {
    let text: Node
    let regex: Result<CompiledRegex, CELError>
    init(_ text: Node, pattern: String) {
        self.text = text
        do throws(CELError) {
            regex = .success(try CompiledRegex(pattern))
        } catch {
            regex = .failure(error)
        }
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        let value = try text.eval(&frame)
        guard case .string(let s) = value else { throw CELError.noOverload("matches", value, .string("")) }
        return .bool(try regex.get().matches(s))
    }
}
