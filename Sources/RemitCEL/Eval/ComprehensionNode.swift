/// A comprehension macro (`all`, `exists`, `exists_one`, `map`, `filter`, `transformList`,
/// `transformMap`) over a list or a map.
///
/// `all` and `exists` follow CEL's absorption rules: a decisive result (false for `all`,
/// true for `exists`) wins over errors from other elements; otherwise the first error is raised.
final class ComprehensionNode: Node, @unchecked Sendable {
    let kind: Comprehension.Kind
    let range: Node
    /// Slot of the iteration variable (index or key in two-variable forms).
    let firstSlot: Int
    /// Slot of the value variable in two-variable forms.
    let secondSlot: Int?
    let body: Node
    let filter: Node?

    init(kind: Comprehension.Kind, range: Node, firstSlot: Int, secondSlot: Int?, body: Node, filter: Node?) {
        self.kind = kind
        self.range = range
        self.firstSlot = firstSlot
        self.secondSlot = secondSlot
        self.body = body
        self.filter = filter
    }

    override func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        try frame.step()
        let collection = try range.eval(&frame)
        let items: CollectionItems
        switch collection {
        case .list(let list): items = .list(list)
        case .map(let map): items = .map(map.entries)
        default:
            throw CELError(.noSuchOverload, "comprehension over type '\(collection.celType.name)'")
        }
        // Slots may be shared with an outer comprehension that reuses the name; restore them.
        let saved = (frame.slots[firstSlot], secondSlot.map { frame.slots[$0] } ?? nil)
        defer {
            frame.slots[firstSlot] = saved.0
            if let secondSlot { frame.slots[secondSlot] = saved.1 }
        }
        return try run(items, isList: items.isList, frame: &frame)
    }

    private func bind(_ item: (CELValue, CELValue), isList: Bool, frame: inout Frame) {
        if let secondSlot {
            frame.slots[firstSlot] = item.0
            frame.slots[secondSlot] = item.1
        } else {
            // One-variable forms iterate list elements and map keys.
            frame.slots[firstSlot] = isList ? item.1 : item.0
        }
    }

    private func run(_ items: CollectionItems, isList: Bool, frame: inout Frame) throws(CELError) -> CELValue {
        switch kind {
        case .all, .exists:
            let decisive = kind == .exists
            var pending: CELError?
            for item in items {
                try frame.iterate()
                bind(item, isList: isList, frame: &frame)
                do {
                    if try body.evalBool(&frame, for: kind == .all ? "all" : "exists") == decisive { return .bool(decisive) }
                } catch {
                    if error.code == .limitExceeded { throw error }
                    if pending == nil { pending = error }
                }
            }
            if let pending { throw pending }
            return .bool(!decisive)
        case .existsOne:
            var count = 0
            for item in items {
                try frame.iterate()
                bind(item, isList: isList, frame: &frame)
                if try body.evalBool(&frame, for: "exists_one") { count += 1 }
            }
            return .bool(count == 1)
        case .map, .filter, .transformList:
            var results: [CELValue] = []
            for item in items {
                try frame.iterate()
                bind(item, isList: isList, frame: &frame)
                if kind == .filter {
                    if try body.evalBool(&frame, for: "filter") { results.append(isList ? item.1 : item.0) }
                    continue
                }
                if let filter, try !filter.evalBool(&frame, for: "map") { continue }
                results.append(try body.eval(&frame))
            }
            return .list(results)
        case .transformMap:
            var result = CELMap()
            for item in items {
                try frame.iterate()
                bind(item, isList: isList, frame: &frame)
                if let filter, try !filter.evalBool(&frame, for: "transformMap") { continue }
                try result.insertNew(item.0, try body.eval(&frame))
            }
            return .map(result)
        }
    }
}

/// The elements a comprehension walks, as (index or key, value) pairs, without copying them.
enum CollectionItems: Sequence {
    case list([CELValue])
    case map([(key: CELValue, value: CELValue)])

    var isList: Bool {
        if case .list = self { return true }
        return false
    }

    struct Iterator: IteratorProtocol {
        let items: CollectionItems
        var position = 0

        mutating func next() -> (CELValue, CELValue)? {
            defer { position += 1 }
            switch items {
            case .list(let list):
                return position < list.count ? (.int(Int64(position)), list[position]) : nil
            case .map(let entries):
                return position < entries.count ? (entries[position].key, entries[position].value) : nil
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(items: self) }
}
