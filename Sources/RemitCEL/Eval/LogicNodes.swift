/// `a && b`: false wins over an error on either side; an error wins over true.
final class AndNode: Node, @unchecked Sendable {
    let lhs: Node, rhs: Node
    init(_ lhs: Node, _ rhs: Node) {
        self.lhs = lhs
        self.rhs = rhs
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        var pending: CELError?
        do {
            if try !lhs.evalBool(&frame, for: "_&&_") { return .bool(false) }
        } catch {
            if error.code == .limitExceeded { throw error }
            pending = error
        }
        let right = try rhs.evalBool(&frame, for: "_&&_")
        if !right { return .bool(false) }
        if let pending { throw pending }
        return .bool(true)
    }
}

/// `a || b`: true wins over an error on either side; an error wins over false.
final class OrNode: Node, @unchecked Sendable {
    let lhs: Node, rhs: Node
    init(_ lhs: Node, _ rhs: Node) {
        self.lhs = lhs
        self.rhs = rhs
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        var pending: CELError?
        do {
            if try lhs.evalBool(&frame, for: "_||_") { return .bool(true) }
        } catch {
            if error.code == .limitExceeded { throw error }
            pending = error
        }
        let right = try rhs.evalBool(&frame, for: "_||_")
        if right { return .bool(true) }
        if let pending { throw pending }
        return .bool(false)
    }
}

/// `!a`.
final class NotNode: Node, @unchecked Sendable {
    let operand: Node
    init(_ operand: Node) { self.operand = operand }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        return .bool(try !operand.evalBool(&frame, for: "!_"))
    }
}

/// `c ? a : b`: only the chosen branch is evaluated.
final class ConditionalNode: Node, @unchecked Sendable {
    let condition: Node, then: Node, otherwise: Node
    init(_ condition: Node, _ then: Node, _ otherwise: Node) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        return try condition.evalBool(&frame, for: "_?_:_") ? then.eval(&frame) : otherwise.eval(&frame)
    }
}
