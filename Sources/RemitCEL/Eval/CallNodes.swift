/// A call of a one-argument standard function (or a receiver call with no arguments).
final class UnaryCallNode: Node, @unchecked Sendable {
    let function: Builtin.Unary
    let argument: Node
    init(_ function: @escaping Builtin.Unary, _ argument: Node) {
        self.function = function
        self.argument = argument
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        let value = try argument.eval(&frame)
        try frame.step(sizeCost(value))
        return try function(value)
    }
}

/// A call of a two-argument standard function (or a receiver call with one argument).
final class BinaryCallNode: Node, @unchecked Sendable {
    let function: Builtin.Binary
    let lhs: Node, rhs: Node
    init(_ function: @escaping Builtin.Binary, _ lhs: Node, _ rhs: Node) {
        self.function = function
        self.lhs = lhs
        self.rhs = rhs
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        let a = try lhs.eval(&frame)
        let b = try rhs.eval(&frame)
        // Strings and lists can be long; charge their size so repeated work on them stays bounded.
        try frame.step(sizeCost(a))
        return try function(a, b)
    }
}
