extension Compiler {
    /// Compiles an operator or function call, binding it to its implementation now.
    mutating func compileCall(target: Expr?, function: String, args: [Expr], at expr: Expr) throws(CELError) -> Node {
        if target == nil, let node = try compileOperator(function, args) { return node }
        var nodes: [Node] = []
        if let target { nodes.append(try compile(target)) }
        for arg in args { nodes.append(try compile(arg)) }
        if function == "matches", nodes.count == 2, declarations?.functionsByName["matches"] == nil {
            return ConstantFolding.fold(MatchesNode(nodes[0], pattern: nodes[1]), operands: nodes)
        }
        let builtin = builtins[function] ?? declarations?.functionsByName[function]
        // Standard functions are pure, so calls on constants fold; custom functions may not be.
        let fold = builtins[function] != nil
        func finish(_ node: Node) -> Node { fold ? ConstantFolding.fold(node, operands: nodes) : node }
        switch (target != nil, nodes.count) {
        case (false, 1): if let f = builtin?.global1 { return finish(UnaryCallNode(f, nodes[0])) }
        case (false, 2): if let f = builtin?.global2 { return finish(BinaryCallNode(f, nodes[0], nodes[1])) }
        case (true, 1): if let f = builtin?.member0 { return finish(UnaryCallNode(f, nodes[0])) }
        case (true, 2): if let f = builtin?.member1 { return finish(BinaryCallNode(f, nodes[0], nodes[1])) }
        default: break
        }
        if declarations != nil {
            throw checkError("undeclared reference to function '\(function)' with \(args.count) argument(s)", at: expr)
        }
        return UnknownFunctionNode(function, nodes)
    }

    private mutating func compileOperator(_ function: String, _ args: [Expr]) throws(CELError) -> Node? {
        switch (function, args.count) {
        case ("_&&_", 2): return AndNode(try compile(args[0]), try compile(args[1]))
        case ("_||_", 2): return OrNode(try compile(args[0]), try compile(args[1]))
        case ("!_", 1):
            let operand = try compile(args[0])
            return ConstantFolding.fold(NotNode(operand), operands: [operand])
        case ("-_", 1):
            let operand = try compile(args[0])
            return ConstantFolding.fold(NegateNode(operand), operands: [operand])
        case ("_?_:_", 3): return ConditionalNode(try compile(args[0]), try compile(args[1]), try compile(args[2]))
        case ("@in", 2): return InNode(try compile(args[0]), try compile(args[1]))
        case ("_[_]", 2): return IndexNode(try compile(args[0]), try compile(args[1]))
        default: break
        }
        guard args.count == 2 else { return nil }
        if let op = ArithmeticOperator(rawValue: function) {
            let (lhs, rhs) = (try compile(args[0]), try compile(args[1]))
            return ConstantFolding.fold(ArithmeticNode(op, lhs, rhs), operands: [lhs, rhs])
        }
        if let op = RelationalOperator(rawValue: function) {
            let (lhs, rhs) = (try compile(args[0]), try compile(args[1]))
            return ConstantFolding.fold(RelationalNode(op, lhs, rhs), operands: [lhs, rhs])
        }
        return nil
    }
}
