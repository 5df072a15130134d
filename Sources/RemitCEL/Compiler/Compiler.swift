/// Turns a parsed ``Expr`` into a tree of evaluation nodes.
///
/// Work that does not depend on bindings happens here, once: variables get slot numbers,
/// operators and standard functions are bound to their implementations, type names and
/// literal regexes are resolved.
struct Compiler {
    let declarations: CELDeclarations?
    /// Global variables and their slots, in order of first reference.
    private(set) var globals: [(name: String, slot: Int)] = []
    private var globalSlots: [String: Int] = [:]
    /// Comprehension variables in scope, innermost last.
    private var scopes: [(name: String, slot: Int)] = []
    private(set) var slotCount = 0

    /// The source, for positions in check errors.
    let source: [Unicode.Scalar]

    init(declarations: CELDeclarations?, source: [Unicode.Scalar]) {
        self.declarations = declarations
        self.source = source
    }

    /// A `check` error located at an expression.
    func checkError(_ message: String, at expr: Expr) -> CELError {
        let (line, column) = lineAndColumn(of: expr.offset, in: source)
        return CELError(.check, message, line: line, column: column)
    }

    mutating func compile(_ expr: Expr) throws(CELError) -> Node {
        switch expr.kind {
        case .literal(let value):
            return ConstantNode(value)
        case .identifier(let name):
            return try resolve([name], at: expr)
        case .select(let operand, let field, let testOnly):
            if testOnly { return HasNode(try compile(operand), field) }
            if let path = Self.dottedPath(expr) { return try resolve(path, at: Self.root(of: expr)) }
            return SelectNode(try compile(operand), field)
        case .call(let target, let function, let args):
            return try compileCall(target: target, function: function, args: args, at: expr)
        case .list(let elements):
            var nodes: [Node] = []
            for element in elements { nodes.append(try compile(element)) }
            return ConstantFolding.fold(ListNode(nodes), operands: nodes)
        case .map(let entries):
            var nodes: [(key: Node, value: Node)] = []
            for entry in entries { nodes.append((try compile(entry.key), try compile(entry.value))) }
            return ConstantFolding.fold(MapNode(nodes), operands: nodes.flatMap { [$0.key, $0.value] })
        case .comprehension(let comprehension):
            return try compileComprehension(comprehension)
        }
    }

    /// `a.b.c` as `["a", "b", "c"]` when the select chain starts at a plain identifier.
    static func dottedPath(_ expr: Expr) -> [String]? {
        switch expr.kind {
        case .identifier(let name): return [name]
        case .select(let operand, let field, false): return dottedPath(operand).map { $0 + [field] }
        default: return nil
        }
    }

    /// The identifier a select chain starts at, for error positions.
    static func root(of expr: Expr) -> Expr {
        if case .select(let operand, _, _) = expr.kind { return root(of: operand) }
        return expr
    }

    private mutating func slot(forGlobal name: String) -> Int {
        if let slot = globalSlots[name] { return slot }
        let slot = slotCount
        slotCount += 1
        globalSlots[name] = slot
        globals.append((name, slot))
        return slot
    }

    /// Resolves a (possibly dotted) name: comprehension variable, then type name, then the
    /// longest declared or bound prefix.
    private mutating func resolve(_ path: [String], at expr: Expr) throws(CELError) -> Node {
        if let local = scopes.last(where: { $0.name == path[0] }) {
            var node: Node = SlotNode(slot: local.slot, name: path[0])
            for field in path.dropFirst() { node = SelectNode(node, field) }
            return node
        }
        var candidates: [(slot: Int, fields: [String])] = []
        for length in stride(from: path.count, through: 1, by: -1) {
            let name = path[..<length].joined(separator: ".")
            if declarations?.variables.contains(name) != true, let type = CELType(identifier: name) {
                var node: Node = ConstantNode(.type(type))
                for field in path[length...] { node = SelectNode(node, field) }
                return candidates.isEmpty ? node : QualifiedNameNode(candidates: candidates, name: path.joined(separator: "."))
            }
            if let declarations, !declarations.variables.contains(name) { continue }
            candidates.append((slot(forGlobal: name), Array(path[length...])))
        }
        guard !candidates.isEmpty else {
            throw checkError("undeclared reference to '\(path.joined(separator: "."))'", at: expr)
        }
        if candidates.count == 1, candidates[0].fields.isEmpty {
            return SlotNode(slot: candidates[0].slot, name: path[0])
        }
        return QualifiedNameNode(candidates: candidates, name: path.joined(separator: "."))
    }

    private mutating func compileComprehension(_ comprehension: Comprehension) throws(CELError) -> Node {
        let range = try compile(comprehension.range)
        let firstSlot = slotCount
        slotCount += 1
        scopes.append((comprehension.firstVariable, firstSlot))
        var secondSlot: Int?
        if let second = comprehension.secondVariable {
            secondSlot = slotCount
            slotCount += 1
            scopes.append((second, secondSlot!))
        }
        defer { scopes.removeLast(secondSlot == nil ? 1 : 2) }
        let filter = try comprehension.filter.map { (expr) throws(CELError) in try compile(expr) }
        let body = try compile(comprehension.body)
        return ComprehensionNode(
            kind: comprehension.kind, range: range, firstSlot: firstSlot, secondSlot: secondSlot,
            body: body, filter: filter)
    }
}
