/// A regex compiled to a Thompson NFA and run by simulating all threads in lock step, so
/// matching takes time linear in the text for a given pattern (as RE2 guarantees): no
/// backtracking, no pattern a tenant can write that makes `matches` run away.
struct RegexProgram: Sendable {
    enum Instruction: Sendable {
        case characters(CharacterSet)
        case split(Int, Int)
        case jump(Int)
        case assertion(RegexAssertion)
        case match
    }

    /// The largest program accepted; counted repetitions (`(a{100}){100}`) grow programs fast.
    static let instructionsMax = 10_000

    private(set) var instructions: [Instruction] = []

    init(_ node: RegexNode) throws(RegexParser.Failure) {
        try emit(node)
        instructions.append(.match)
    }

    private mutating func append(_ instruction: Instruction) throws(RegexParser.Failure) {
        guard instructions.count < Self.instructionsMax else {
            throw RegexParser.Failure(reason: "pattern too large (over \(Self.instructionsMax) instructions)")
        }
        instructions.append(instruction)
    }

    private mutating func emit(_ node: RegexNode) throws(RegexParser.Failure) {
        switch node {
        case .empty: break
        case .characters(let set): try append(.characters(set))
        case .assertion(let assertion): try append(.assertion(assertion))
        case .concatenation(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            var jumpsToEnd: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = instructions.count
                    try append(.split(split + 1, -1))
                    try emit(branch)
                    jumpsToEnd.append(instructions.count)
                    try append(.jump(-1))
                    instructions[split] = .split(split + 1, instructions.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumpsToEnd { instructions[jump] = .jump(instructions.count) }
        case .repetition(let body, let min, let max):
            for _ in 0..<min { try emit(body) }
            if let max {
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(instructions.count)
                    try append(.split(instructions.count + 1, -1))
                    try emit(body)
                }
                for split in splits { instructions[split] = .split(split + 1, instructions.count) }
            } else {
                let loop = instructions.count
                try append(.split(loop + 1, -1))
                try emit(body)
                try append(.jump(loop))
                instructions[loop] = .split(loop + 1, instructions.count)
            }
        }
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: [Unicode.Scalar]) -> Bool {
        var current = ThreadSet(capacity: instructions.count)
        var next = ThreadSet(capacity: instructions.count)
        var stack: [Int] = []
        for position in 0...text.count {
            // Unanchored search: a new thread starts at every position.
            if addThread(0, at: position, in: text, to: &current, stack: &stack) { return true }
            guard position < text.count else { break }
            let scalar = text[position].value
            next.removeAll()
            for pc in current.members {
                if case .characters(let set) = instructions[pc], set.contains(scalar),
                    addThread(pc + 1, at: position + 1, in: text, to: &next, stack: &stack)
                {
                    return true
                }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Adds a thread and everything reachable from it without consuming input; true on a match.
    private func addThread(
        _ start: Int, at position: Int, in text: [Unicode.Scalar], to set: inout ThreadSet, stack: inout [Int]
    ) -> Bool {
        stack.append(start)
        while let pc = stack.popLast() {
            guard set.insert(pc) else { continue }
            switch instructions[pc] {
            case .match:
                stack.removeAll()
                return true
            case .jump(let target): stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .assertion(let assertion):
                if holds(assertion, at: position, in: text) { stack.append(pc + 1) }
            case .characters: break
            }
        }
        return false
    }

    private func holds(_ assertion: RegexAssertion, at position: Int, in text: [Unicode.Scalar]) -> Bool {
        let before = position > 0 ? text[position - 1] : nil
        let after = position < text.count ? text[position] : nil
        switch assertion {
        case .textStart: return position == 0
        case .textEnd: return position == text.count
        case .lineStart: return before == nil || before == "\n"
        case .lineEnd: return after == nil || after == "\n"
        case .wordBoundary, .notWordBoundary:
            let isWord = { (c: Unicode.Scalar?) in c.map { CharacterSet.word.contains($0.value) } ?? false }
            let boundary = isWord(before) != isWord(after)
            return assertion == .wordBoundary ? boundary : !boundary
        }
    }
}

/// A sparse set of instruction indices with O(1) insert, membership and clear.
struct ThreadSet {
    private var dense: [Int]
    private var sparse: [Int]
    private(set) var count = 0

    init(capacity: Int) {
        dense = Array(repeating: 0, count: capacity)
        sparse = Array(repeating: 0, count: capacity)
    }

    /// Inserts; false if already present.
    mutating func insert(_ value: Int) -> Bool {
        let slot = sparse[value]
        if slot < count && dense[slot] == value { return false }
        sparse[value] = count
        dense[count] = value
        count += 1
        return true
    }

    mutating func removeAll() { count = 0 }

    var members: ArraySlice<Int> { dense[..<count] }
}
