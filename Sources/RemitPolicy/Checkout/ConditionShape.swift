/// What a compiled expression will yield, as far as its shape tells without types.
///
/// RemitCEL compiles without static types: `invoice.total + 1` compiles, and only fails as a
/// condition when evaluated. A policy is saved long before it runs, so the shape of the
/// top-level expression is checked at save time: a comparison, `&&`, `||`, `!`, `true`,
/// `false`, `has(…)` or a call such as `startsWith`, `exists` or `all` yields a bool; a number,
/// string, list, map or null literal, arithmetic or a call such as `size` or `int` does not. A
/// plain field (`context.credit.within_window`) may hold anything and is checked when it runs.
enum ConditionShape: Equatable {
    case boolean
    case notBoolean(String)
    case unknown

    /// Classifies an expression that compiled.
    static func of(_ source: String) -> ConditionShape {
        let tokens = Token.scan(source)
        guard let matches = Token.matchBrackets(tokens), !tokens.isEmpty else { return .unknown }
        return Classifier(tokens: tokens, matches: matches).classify(0, tokens.count)
    }

    private static let booleanFunctions: Set<String> = [
        "has", "startsWith", "endsWith", "contains", "matches", "exists", "all", "exists_one", "bool",
    ]
    private static let otherFunctions: Set<String> = [
        "size", "int", "uint", "double", "string", "bytes", "timestamp", "duration", "type", "map", "filter",
        "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getHours",
        "getMinutes", "getSeconds", "getMilliseconds", "lowerAscii", "upperAscii", "trim", "replace", "split",
        "substring", "join", "indexOf", "lastIndexOf", "max", "min",
    ]

    private struct Classifier {
        let tokens: [Token]
        let matches: [Int: Int]

        func classify(_ low: Int, _ high: Int) -> ConditionShape {
            guard low < high else { return .unknown }
            if tokens[low] == .open("("), matches[low] == high - 1 { return classify(low + 1, high - 1) }
            let top = topLevel(low, high)
            if let question = top.first(where: { tokens[$0] == .op("?") }) {
                guard let colon = colon(after: question, high) else { return .unknown }
                return combine(classify(question + 1, colon), classify(colon + 1, high))
            }
            if top.contains(where: { tokens[$0] == .op("||") || tokens[$0] == .op("&&") }) { return .boolean }
            if top.contains(where: { tokens[$0].isRelation }) { return .boolean }
            if top.contains(where: { $0 > low && tokens[$0].isArithmetic && tokens[$0 - 1].endsOperand }) {
                return .notBoolean("a number or text computed by arithmetic")
            }
            switch tokens[low] {
            case .op("!"): return .boolean
            case .op("-"): return .notBoolean("a negated number")
            default: return primary(low, high)
            }
        }

        /// The shape of a literal or a member/call chain, from its last link.
        private func primary(_ low: Int, _ high: Int) -> ConditionShape {
            let last = tokens[high - 1]
            if high - low == 1 {
                switch last {
                case .number: return .notBoolean("a number")
                case .string: return .notBoolean("a string")
                case .ident("true"), .ident("false"): return .boolean
                case .ident("null"): return .notBoolean("null")
                default: return .unknown
                }
            }
            switch last {
            case .close(")"):
                guard let open = matches[high - 1], open > low, case let .ident(name) = tokens[open - 1] else { return .unknown }
                if booleanFunctions.contains(name) { return .boolean }
                if otherFunctions.contains(name) { return .notBoolean("the result of \(name)()") }
                return .unknown
            case .close("]"):
                return matches[high - 1] == low ? .notBoolean("a list") : .unknown
            case .close("}"):
                return .notBoolean("a map")
            default:
                return .unknown
            }
        }

        /// Indices of the tokens of `low..<high` outside every bracket.
        private func topLevel(_ low: Int, _ high: Int) -> [Int] {
            var result: [Int] = []
            var index = low
            while index < high {
                if case .open = tokens[index], let close = matches[index] {
                    index = close + 1
                    continue
                }
                result.append(index)
                index += 1
            }
            return result
        }

        /// The `:` that closes the conditional opened at `question`.
        private func colon(after question: Int, _ high: Int) -> Int? {
            var pending = 0
            for index in topLevel(question + 1, high) {
                if tokens[index] == .op("?") { pending += 1 }
                if tokens[index] == .op(":") {
                    if pending == 0 { return index }
                    pending -= 1
                }
            }
            return nil
        }

        private func combine(_ a: ConditionShape, _ b: ConditionShape) -> ConditionShape {
            if case .notBoolean = a { return a }
            if case .notBoolean = b { return b }
            return a == .boolean && b == .boolean ? .boolean : .unknown
        }
    }
}

/// A lexical token, just detailed enough to find the top-level operator.
private enum Token: Equatable {
    case ident(String)
    case number
    case string
    case open(Character)
    case close(Character)
    case op(String)

    var isRelation: Bool {
        switch self {
        case .op("=="), .op("!="), .op("<"), .op("<="), .op(">"), .op(">="), .ident("in"): true
        default: false
        }
    }

    var isArithmetic: Bool {
        switch self {
        case .op("+"), .op("-"), .op("*"), .op("/"), .op("%"): true
        default: false
        }
    }

    /// Whether a binary operator may follow this token.
    var endsOperand: Bool {
        switch self {
        case .ident, .number, .string, .close: true
        default: false
        }
    }

    /// Pairs each bracket with its partner, both ways; nil when they do not balance.
    static func matchBrackets(_ tokens: [Token]) -> [Int: Int]? {
        var stack: [Int] = []
        var matches: [Int: Int] = [:]
        for (index, token) in tokens.enumerated() {
            switch token {
            case .open: stack.append(index)
            case .close:
                guard let open = stack.popLast() else { return nil }
                matches[open] = index
                matches[index] = open
            default: break
            }
        }
        return stack.isEmpty ? matches : nil
    }

    static func scan(_ source: String) -> [Token] {
        let chars = Array(source.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        func at(_ offset: Int) -> Character? {
            index + offset < chars.count ? Character(chars[index + offset]) : nil
        }
        while index < chars.count {
            let char = Character(chars[index])
            if char.isWhitespace {
                index += 1
            } else if char == "\"" || char == "'" {
                index = skipString(chars, from: index, raw: false)
                tokens.append(.string)
            } else if "rRbB".contains(char), let next = at(1), next == "\"" || next == "'" || ("rRbB".contains(next) && (at(2) == "\"" || at(2) == "'")) {
                let prefixLength = "rRbB".contains(next) ? 2 : 1
                let raw = char == "r" || char == "R" || next == "r" || next == "R"
                index = skipString(chars, from: index + prefixLength, raw: raw)
                tokens.append(.string)
            } else if char.isLetter || char == "_" {
                var end = index
                while end < chars.count, Character(chars[end]).isLetter || Character(chars[end]).isNumber || chars[end] == "_" { end += 1 }
                tokens.append(.ident(String(String.UnicodeScalarView(chars[index..<end]))))
                index = end
            } else if char.isNumber {
                var end = index + 1
                while end < chars.count {
                    let c = Character(chars[end])
                    let exponentSign = (c == "+" || c == "-") && (chars[end - 1] == "e" || chars[end - 1] == "E")
                    guard c.isLetter || c.isNumber || c == "." || exponentSign else { break }
                    end += 1
                }
                tokens.append(.number)
                index = end
            } else if "([{".contains(char) {
                tokens.append(.open(char))
                index += 1
            } else if ")]}".contains(char) {
                tokens.append(.close(char))
                index += 1
            } else if let next = at(1), ["||", "&&", "==", "!=", "<=", ">="].contains("\(char)\(next)") {
                tokens.append(.op("\(char)\(next)"))
                index += 2
            } else {
                tokens.append(.op(String(char)))
                index += 1
            }
        }
        return tokens
    }

    /// The index after the string literal whose quote is at `start`.
    private static func skipString(_ chars: [Unicode.Scalar], from start: Int, raw: Bool) -> Int {
        let quote = chars[start]
        let triple = start + 2 < chars.count && chars[start + 1] == quote && chars[start + 2] == quote
        var index = start + (triple ? 3 : 1)
        while index < chars.count {
            if !raw, chars[index] == "\\" {
                index += 2
                continue
            }
            if chars[index] == quote {
                if !triple { return index + 1 }
                if index + 2 < chars.count, chars[index + 1] == quote, chars[index + 2] == quote { return index + 3 }
            }
            index += 1
        }
        return chars.count
    }
}
