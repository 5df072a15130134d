/// Parses RE2 syntax: literals and escapes, `.`, bracket classes (with ranges, negation,
/// `\d\w\s` and `[:alpha:]`-style names), groups (`(…)`, `(?:…)`, `(?P<n>…)`), alternation,
/// `* + ? {n} {n,} {n,m}` (lazy forms too), `^ $ \A \z \b \B`, and the flags `i`, `m`, `s`.
struct RegexParser {
    struct Flags {
        var caseInsensitive = false
        var multiLine = false
        var dotAll = false
    }

    static let repetitionMax = 1000
    static let nestingMax = 100

    let pattern: [Unicode.Scalar]
    var position = 0
    var flags = Flags()
    var depth = 0

    init(_ pattern: String) {
        self.pattern = Array(pattern.unicodeScalars)
    }

    struct Failure: Error {
        var reason: String
    }

    mutating func parse() throws(Failure) -> RegexNode {
        let node = try alternation()
        guard position == pattern.count else { throw Failure(reason: "unexpected ')'") }
        return node
    }

    var peek: Unicode.Scalar? { position < pattern.count ? pattern[position] : nil }

    mutating func next() throws(Failure) -> Unicode.Scalar {
        guard let c = peek else { throw Failure(reason: "unexpected end of pattern") }
        position += 1
        return c
    }

    mutating func alternation() throws(Failure) -> RegexNode {
        var branches = [try concatenation()]
        while peek == "|" {
            position += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func concatenation() throws(Failure) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            if c == "(", let flagsOnly = try flagGroup(), flagsOnly { continue }
            var atom = try self.atom()
            atom = try quantified(atom)
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .concatenation(items)
    }

    mutating func quantified(_ atom: RegexNode) throws(Failure) -> RegexNode {
        guard let c = peek else { return atom }
        var bounds: (Int, Int?)
        switch c {
        case "*": bounds = (0, nil)
        case "+": bounds = (1, nil)
        case "?": bounds = (0, 1)
        case "{":
            guard let counted = try countedRepetition() else { return atom }
            bounds = counted
        default: return atom
        }
        if c != "{" { position += 1 }
        if peek == "?" { position += 1 }  // Laziness does not change whether a match exists.
        if let c = peek, c == "*" || c == "+" || c == "?" {
            throw Failure(reason: "bad repetition operator")
        }
        if case .assertion = atom { throw Failure(reason: "missing argument to repetition operator") }
        return .repetition(atom, min: bounds.0, max: bounds.1)
    }

    /// `{n}`, `{n,}` or `{n,m}`; nil when the brace is a literal, as RE2 treats `a{,3}`.
    mutating func countedRepetition() throws(Failure) -> (Int, Int?)? {
        let start = position
        position += 1
        func number() -> Int? {
            var value = 0
            var digits = 0
            while let c = peek, isDigit(c), digits < 6 {
                value = value * 10 + Int(c.value - 48)
                digits += 1
                position += 1
            }
            return digits > 0 ? value : nil
        }
        guard let low = number() else {
            position = start
            return nil
        }
        var high: Int? = low
        if peek == "," {
            position += 1
            high = number()
        }
        guard peek == "}" else {
            position = start
            return nil
        }
        position += 1
        guard low <= Self.repetitionMax, (high ?? 0) <= Self.repetitionMax, high.map({ $0 >= low }) ?? true else {
            throw Failure(reason: "bad repetition operator")
        }
        return (low, high)
    }
}
