extension RegexParser {
    static let namedClasses: [String: [ClosedRange<UInt32>]] = [
        "alpha": [65...90, 97...122], "digit": [48...57], "alnum": [48...57, 65...90, 97...122],
        "upper": [65...90], "lower": [97...122], "space": [9...13, 32...32], "xdigit": [48...57, 65...70, 97...102],
        "word": [48...57, 65...90, 95...95, 97...122], "punct": [33...47, 58...64, 91...96, 123...126],
        "blank": [9...9, 32...32], "cntrl": [0...31, 127...127], "print": [32...126], "graph": [33...126],
        "ascii": [0...127],
    ]

    /// A bracket class after its `[`: `[abc]`, `[^a-z\d]`, `[[:alpha:]]`.
    mutating func bracketClass() throws(Failure) -> CharacterSet {
        var negated = false
        if peek == "^" {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while true {
            guard let c = peek else { throw Failure(reason: "missing ']'") }
            if c == "]" && !first { break }
            first = false
            if c == "[", position + 1 < pattern.count, pattern[position + 1] == ":" {
                ranges += try namedClass()
                continue
            }
            let low = try bracketItem()
            guard case .single(let lowValue) = low else {
                if case .set(let set) = low { ranges += set.positiveRanges }
                continue
            }
            if peek == "-", position + 1 < pattern.count, pattern[position + 1] != "]" {
                position += 1
                guard case .single(let highValue) = try bracketItem(), highValue >= lowValue else {
                    throw Failure(reason: "invalid character class range")
                }
                ranges.append(lowValue...highValue)
            } else {
                ranges.append(lowValue...lowValue)
            }
        }
        position += 1
        return folded(CharacterSet(ranges, negated: negated))
    }

    enum BracketItem {
        case single(UInt32)
        case set(CharacterSet)
    }

    mutating func bracketItem() throws(Failure) -> BracketItem {
        let c = try next()
        guard c == "\\" else { return .single(c.value) }
        let set = try classEscape(inBracket: true)
        if !set.negated, set.ranges.count == 1, set.ranges[0].count == 1 { return .single(set.ranges[0].lowerBound) }
        return .set(set)
    }

    mutating func namedClass() throws(Failure) -> [ClosedRange<UInt32>] {
        position += 2
        var negate = false
        if peek == "^" {
            negate = true
            position += 1
        }
        var name = ""
        while let c = peek, c != ":" {
            name.unicodeScalars.append(c)
            position += 1
        }
        guard try next() == ":", try next() == "]", let ranges = Self.namedClasses[name] else {
            throw Failure(reason: "invalid character class name '\(name)'")
        }
        return negate ? CharacterSet(ranges, negated: true).positiveRanges : ranges
    }
}
