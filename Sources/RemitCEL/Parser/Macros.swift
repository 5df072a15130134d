extension Parser {
    /// Builds a receiver call, expanding the comprehension macros when enabled.
    mutating func receiverCall(_ target: Expr, _ name: String, _ args: [Expr], at offset: Int) throws(CELError) -> Expr {
        guard macrosEnabled, let kind = Self.macroKind(name, argumentCount: args.count) else {
            return try call(name, args, at: offset, target: target)
        }
        let variables = try macroVariables(name, args, kind: kind)
        let rest = Array(args.dropFirst(variables.count))
        let comprehension = Comprehension(
            kind: kind,
            range: target,
            firstVariable: variables[0],
            secondVariable: variables.count > 1 ? variables[1] : nil,
            body: rest.last!,
            filter: rest.count > 1 ? rest[0] : nil
        )
        return try node(.comprehension(comprehension), at: offset, children: [target] + rest)
    }

    /// The macro a receiver call names, by name and argument count.
    static func macroKind(_ name: String, argumentCount: Int) -> Comprehension.Kind? {
        switch (name, argumentCount) {
        case ("all", 2), ("all", 3): .all
        case ("exists", 2), ("exists", 3): .exists
        case ("exists_one", 2), ("existsOne", 2), ("exists_one", 3), ("existsOne", 3): .existsOne
        case ("map", 2), ("map", 3): .map
        case ("filter", 2): .filter
        case ("transformList", 3), ("transformList", 4): .transformList
        case ("transformMap", 3), ("transformMap", 4): .transformMap
        default: nil
        }
    }

    /// The iteration variable names at the front of a macro's arguments.
    func macroVariables(_ name: String, _ args: [Expr], kind: Comprehension.Kind) throws(CELError) -> [String] {
        let count: Int
        switch kind {
        case .all, .exists, .existsOne: count = args.count - 1
        case .map, .filter: count = 1
        case .transformList, .transformMap: count = 2
        }
        var names: [String] = []
        for arg in args.prefix(count) {
            guard case .identifier(let variable) = arg.kind else {
                throw error("argument of macro '\(name)' must be a simple name", at: arg.offset)
            }
            names.append(variable)
        }
        if names.count == 2 && names[0] == names[1] {
            throw error("macro '\(name)' uses the variable '\(names[0])' twice", at: args[1].offset)
        }
        return names
    }
}
