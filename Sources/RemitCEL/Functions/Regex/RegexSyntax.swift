/// The parsed form of an RE2 pattern, as `matches` supports it.
indirect enum RegexNode {
    case empty
    case characters(CharacterSet)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    /// `max == nil` means unbounded.
    case repetition(RegexNode, min: Int, max: Int?)
    case assertion(RegexAssertion)
}

/// Zero-width conditions.
enum RegexAssertion {
    case lineStart, lineEnd, textStart, textEnd, wordBoundary, notWordBoundary
}

/// A set of Unicode scalars as sorted, possibly negated ranges.
struct CharacterSet: Sendable {
    var ranges: [ClosedRange<UInt32>]
    var negated = false

    init(_ ranges: [ClosedRange<UInt32>], negated: Bool = false) {
        self.ranges = ranges
        self.negated = negated
    }

    static func scalar(_ value: UInt32) -> CharacterSet { CharacterSet([value...value]) }

    static let digit = CharacterSet([48...57])
    static let word = CharacterSet([48...57, 65...90, 95...95, 97...122])
    static let space = CharacterSet([9...10, 12...13, 32...32])
    /// `.` without the `s` flag: anything but a newline.
    static let notNewline = CharacterSet([10...10], negated: true)
    static let any = CharacterSet([], negated: true)

    func contains(_ value: UInt32) -> Bool {
        var found = false
        for range in ranges where range.contains(value) {
            found = true
            break
        }
        return found != negated
    }

    /// The ranges this set matches, with negation resolved (for merging into a bracket class).
    var positiveRanges: [ClosedRange<UInt32>] {
        guard negated else { return ranges }
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = max(next, range.upperBound &+ 1)
            if range.upperBound == UInt32.max { return result }
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return result
    }

    /// Adds the other-case forms of every scalar, for the `i` flag. Huge ranges are left as
    /// they are: folding them scalar by scalar would cost more than it could ever matter.
    func caseFolded() -> CharacterSet {
        var extra: [ClosedRange<UInt32>] = []
        for range in ranges where range.count <= 512 {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                for mapping in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping] {
                    let scalars = mapping.unicodeScalars
                    if scalars.count == 1, let other = scalars.first, other.value != value {
                        extra.append(other.value...other.value)
                    }
                }
            }
        }
        return CharacterSet(ranges + extra, negated: negated)
    }
}
