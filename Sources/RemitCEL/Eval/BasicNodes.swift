/// A constant, folded at compile time.
final class ConstantNode: Node, @unchecked Sendable {
    let value: CELValue
    init(_ value: CELValue) { self.value = value }
    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue { value }
}

/// A variable read from a slot.
final class SlotNode: Node, @unchecked Sendable {
    let slot: Int
    let name: String
    init(slot: Int, name: String) {
        self.slot = slot
        self.name = name
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        guard let value = frame.slots[slot] else {
            throw CELError(.unboundVariable, "undeclared reference to '\(name)' (no binding)")
        }
        return value
    }
}

/// A dotted name such as `a.b.c`, resolved at run time to the longest bound prefix
/// (`a.b.c`, else `a.b` then field `c`, else `a` then `.b.c`), as the CEL spec requires.
final class QualifiedNameNode: Node, @unchecked Sendable {
    struct Candidate {
        /// Slot holding the value bound to the prefix.
        var slot: Int
        /// Fields still to select, with their lookup keys prepared.
        var fields: [(name: String, key: CELMapKey)]
    }

    let candidates: [Candidate]
    let name: String
    init(candidates: [(slot: Int, fields: [String])], name: String) {
        self.candidates = candidates.map { Candidate(slot: $0.slot, fields: $0.fields.map { ($0, .string(UTF8Key($0))) }) }
        self.name = name
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        for candidate in candidates {
            guard var value = frame.slots[candidate.slot] else { continue }
            for field in candidate.fields {
                if case .map(let map) = value, let next = map[field.key] {
                    value = next
                } else {
                    value = try selectField(value, field.name)
                }
            }
            return value
        }
        throw CELError(.unboundVariable, "undeclared reference to '\(name)' (no binding)")
    }
}

/// `operand.field` on a map.
final class SelectNode: Node, @unchecked Sendable {
    let operand: Node
    let field: String
    let key: CELMapKey
    init(_ operand: Node, _ field: String) {
        self.operand = operand
        self.field = field
        key = .string(UTF8Key(field))
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        let value = try operand.eval(&frame)
        if case .map(let map) = value, let result = map[key] { return result }
        return try selectField(value, field)
    }
}

/// `has(operand.field)`.
final class HasNode: Node, @unchecked Sendable {
    let operand: Node
    let field: String
    init(_ operand: Node, _ field: String) {
        self.operand = operand
        self.field = field
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        let value = try operand.eval(&frame)
        guard case .map(let map) = value else {
            throw CELError(.noSuchOverload, "has() cannot test field '\(field)' on type '\(value.celType.name)'")
        }
        return .bool(map[field] != nil)
    }
}

func selectField(_ value: CELValue, _ field: String) throws(CELError) -> CELValue {
    guard case .map(let map) = value else {
        throw CELError(.noSuchOverload, "type '\(value.celType.name)' does not support field selection ('\(field)')")
    }
    guard let result = map[field] else { throw CELError(.noSuchKey, "no such key: '\(field)'") }
    return result
}

/// A list literal.
final class ListNode: Node, @unchecked Sendable {
    let elements: [Node]
    init(_ elements: [Node]) { self.elements = elements }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step(1 + elements.count)
        var values: [CELValue] = []
        values.reserveCapacity(elements.count)
        for element in elements { values.append(try element.eval(&frame)) }
        return .list(values)
    }
}

/// A map literal; a repeated key or a key of the wrong type is an error.
final class MapNode: Node, @unchecked Sendable {
    let entries: [(key: Node, value: Node)]
    init(_ entries: [(key: Node, value: Node)]) { self.entries = entries }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step(1 + entries.count)
        var map = CELMap()
        for entry in entries {
            let key = try entry.key.eval(&frame)
            try map.insertNew(key, try entry.value.eval(&frame))
        }
        return .map(map)
    }
}

/// A call of a function that does not exist: an error only if evaluated, so `f() || true` holds.
final class UnknownFunctionNode: Node, @unchecked Sendable {
    let name: String
    let arguments: [Node]
    init(_ name: String, _ arguments: [Node]) {
        self.name = name
        self.arguments = arguments
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        var types: [String] = []
        for argument in arguments { types.append(try argument.eval(&frame).celType.name) }
        throw CELError(.unknownFunction, "unbound function '\(name)' applied to '(\(types.joined(separator: ", ")))'")
    }
}
