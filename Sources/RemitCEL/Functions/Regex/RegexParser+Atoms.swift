extension RegexParser {
    mutating func atom() throws(Failure) -> RegexNode {
        let c = try next()
        switch c {
        case "(": return try group()
        case "[": return .characters(try bracketClass())
        case ".": return .characters(flags.dotAll ? .any : .notNewline)
        case "^": return .assertion(flags.multiLine ? .lineStart : .textStart)
        case "$": return .assertion(flags.multiLine ? .lineEnd : .textEnd)
        case "*", "+", "?": throw Failure(reason: "missing argument to repetition operator")
        case "\\":
            if let assertion = try assertionEscape() { return .assertion(assertion) }
            return .characters(folded(try classEscape(inBracket: false)))
        default:
            return .characters(folded(.scalar(c.value)))
        }
    }

    func folded(_ set: CharacterSet) -> CharacterSet {
        flags.caseInsensitive ? set.caseFolded() : set
    }

    /// `(?flags)` alone: applies the flags to the rest of the group. Returns nil if not one.
    mutating func flagGroup() throws(Failure) -> Bool? {
        guard position + 2 < pattern.count, pattern[position + 1] == "?" else { return nil }
        var scan = position + 2
        var updated = flags
        var enable = true
        while scan < pattern.count {
            switch pattern[scan] {
            case "i": updated.caseInsensitive = enable
            case "m": updated.multiLine = enable
            case "s": updated.dotAll = enable
            case "U": break
            case "-": enable = false
            case ")":
                flags = updated
                position = scan + 1
                return true
            default: return nil
            }
            scan += 1
        }
        return nil
    }

    mutating func group() throws(Failure) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.nestingMax else { throw Failure(reason: "groups nested too deeply") }
        let saved = flags
        defer { flags = saved }
        if peek == "?" {
            position += 1
            let kind = try next()
            if kind == "P" || kind == "<" {
                if kind == "P" { guard try next() == "<" else { throw Failure(reason: "invalid named group") } }
                while try next() != ">" {}
            } else if kind != ":" {
                position -= 1
                while let c = peek, c != ":" {
                    switch c {
                    case "i": flags.caseInsensitive = true
                    case "m": flags.multiLine = true
                    case "s": flags.dotAll = true
                    case "U", "-": break
                    default: throw Failure(reason: "invalid or unsupported group flag '\(c)'")
                    }
                    position += 1
                }
                guard peek == ":" else { throw Failure(reason: "missing ':' in flag group") }
                position += 1
            }
        }
        let inner = try alternation()
        guard peek == ")" else { throw Failure(reason: "missing ')'") }
        position += 1
        return inner
    }

    mutating func assertionEscape() throws(Failure) -> RegexAssertion? {
        switch peek {
        case "b": position += 1; return .wordBoundary
        case "B": position += 1; return .notWordBoundary
        case "A": position += 1; return .textStart
        case "z": position += 1; return .textEnd
        default: return nil
        }
    }

    /// The set an escape after `\` denotes (`\d`, `\.`, `\n`, `\x41`, `\x{1F600}`, …).
    mutating func classEscape(inBracket: Bool) throws(Failure) -> CharacterSet {
        let c = try next()
        switch c {
        case "d": return .digit
        case "D": return CharacterSet(CharacterSet.digit.ranges, negated: true)
        case "w": return .word
        case "W": return CharacterSet(CharacterSet.word.ranges, negated: true)
        case "s": return .space
        case "S": return CharacterSet(CharacterSet.space.ranges, negated: true)
        case "n": return .scalar(10)
        case "t": return .scalar(9)
        case "r": return .scalar(13)
        case "f": return .scalar(12)
        case "v": return .scalar(11)
        case "a": return .scalar(7)
        case "x": return .scalar(try hexEscape())
        case "p", "P": throw Failure(reason: "Unicode classes (\\p) are not supported")
        default:
            if isDigit(c) { throw Failure(reason: "backreferences are not supported") }
            guard !isIdentifierStart(c) else { throw Failure(reason: "invalid escape '\\\(c)'") }
            return .scalar(c.value)
        }
    }

    mutating func hexEscape() throws(Failure) -> UInt32 {
        var digits = ""
        if peek == "{" {
            position += 1
            while let c = peek, c != "}" {
                digits.unicodeScalars.append(c)
                position += 1
            }
            guard peek == "}" else { throw Failure(reason: "invalid \\x{…} escape") }
            position += 1
        } else {
            for _ in 0..<2 { digits.unicodeScalars.append(try next()) }
        }
        guard digits.count <= 8, let value = UInt32(digits, radix: 16), value <= 0x10FFFF else {
            throw Failure(reason: "invalid hex escape")
        }
        return value
    }
}
