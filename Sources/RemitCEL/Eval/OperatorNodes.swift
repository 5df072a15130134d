/// An arithmetic operator on two operands.
final class ArithmeticNode: Node, @unchecked Sendable {
    let op: ArithmeticOperator
    let lhs: Node, rhs: Node
    init(_ op: ArithmeticOperator, _ lhs: Node, _ rhs: Node) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        let a = try lhs.eval(&frame)
        let b = try rhs.eval(&frame)
        // The int case dominates real policies; keep it free of the generic dispatch.
        if case .int(let x) = a, case .int(let y) = b { return .int(try intArithmetic(op, x, y)) }
        let result = try arithmetic(op, a, b)
        try frame.step(sizeCost(result))
        return result
    }
}

/// Unary minus.
final class NegateNode: Node, @unchecked Sendable {
    let operand: Node
    init(_ operand: Node) { self.operand = operand }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        return try negate(operand.eval(&frame))
    }
}

/// The relational operators.
enum RelationalOperator: String, Sendable {
    case equal = "_==_", notEqual = "_!=_", less = "_<_", lessEqual = "_<=_", greater = "_>_", greaterEqual = "_>=_"
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
final class RelationalNode: Node, @unchecked Sendable {
    let op: RelationalOperator
    let lhs: Node, rhs: Node
    init(_ op: RelationalOperator, _ lhs: Node, _ rhs: Node) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        let a = try lhs.eval(&frame)
        let b = try rhs.eval(&frame)
        try frame.step(sizeCost(a))
        return .bool(try relate(op, a, b))
    }
}

@inline(__always)
func relate(_ op: RelationalOperator, _ a: CELValue, _ b: CELValue) throws(CELError) -> Bool {
    switch op {
    case .equal: return celEquals(a, b)
    case .notEqual: return !celEquals(a, b)
    default: break
    }
    guard isOrderable(a, b) else { throw CELError.noOverload(op.rawValue, a, b) }
    // NaN orders against nothing: every ordering with it is false.
    guard let order = celCompare(a, b) else { return false }
    switch op {
    case .less: return order < 0
    case .lessEqual: return order <= 0
    case .greater: return order > 0
    default: return order >= 0
    }
}

/// `x in list` and `key in map`.
final class InNode: Node, @unchecked Sendable {
    let element: Node, container: Node
    init(_ element: Node, _ container: Node) {
        self.element = element
        self.container = container
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        let needle = try element.eval(&frame)
        let haystack = try container.eval(&frame)
        switch haystack {
        case .list(let list):
            try frame.step(1 + list.count)
            return .bool(list.contains { celEquals($0, needle) })
        case .map(let map):
            try frame.step()
            return .bool(map[needle] != nil)
        default:
            throw CELError.noOverload("@in", needle, haystack)
        }
    }
}

/// `container[index]` on lists and maps.
final class IndexNode: Node, @unchecked Sendable {
    let container: Node, index: Node
    init(_ container: Node, _ index: Node) {
        self.container = container
        self.index = index
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        return try indexValue(container.eval(&frame), index.eval(&frame))
    }
}

func indexValue(_ container: CELValue, _ index: CELValue) throws(CELError) -> CELValue {
    switch container {
    case .list(let list):
        let position: Int64
        switch index {
        case .int(let i): position = i
        case .uint(let u) where u <= UInt64(Int64.max): position = Int64(u)
        case .double(let d) where Int64(exactly: d) != nil: position = Int64(exactly: d)!
        default: throw CELError(.invalidArgument, "invalid_argument: list index of type '\(index.celType.name)'")
        }
        guard position >= 0, position < list.count else {
            throw CELError(.invalidArgument, "invalid_argument: list index out of range",
                detail: "index \(position), size \(list.count)")
        }
        return list[Int(position)]
    case .map(let map):
        guard let value = map[index] else { throw CELError(.noSuchKey, "no such key") }
        return value
    default:
        throw CELError.noOverload("_[_]", container, index)
    }
}

/// Extra steps for work proportional to a value's size (concatenation, comparison), so that
/// repeatedly doubling a large string or list runs into `evaluationStepsMax` instead of memory.
@inline(__always)
func sizeCost(_ value: CELValue) -> Int {
    switch value {
    case .string(let s): s.utf8.count / 64
    case .bytes(let b): b.count / 64
    case .list(let l): l.count / 8
    case .map(let m): m.count / 8
    default: 0
    }
}
