/// A decoded `application/x-www-form-urlencoded` body with Stripe's bracket notation.
struct FormBody: Sendable, Equatable {
    /// A parameter's value: a string, or a hash of named (or indexed) values.
    indirect enum Node: Sendable, Equatable {
        case value(String)
        /// Keys keep their order of first appearance; list indices are their decimal text.
        case hash([(key: String, node: Node)])

        static func == (lhs: Node, rhs: Node) -> Bool {
            switch (lhs, rhs) {
            case let (.value(a), .value(b)): a == b
            case let (.hash(a), .hash(b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.node == $1.node }
            default: false
            }
        }

        /// The string, when this is one.
        var string: String? {
            if case let .value(text) = self { return text }
            return nil
        }

        /// The entries, when this is a hash.
        var entries: [(key: String, node: Node)]? {
            if case let .hash(entries) = self { return entries }
            return nil
        }
    }

    /// The decoded pairs, in order: `("metadata[invoice_id]", "INV-1")`.
    var pairs: [(name: String, value: String)]
    /// The top-level parameters, in order of first appearance.
    var parameters: [(key: String, node: Node)]

    static func == (lhs: FormBody, rhs: FormBody) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// The pairs sorted, so two bodies with the same parameters in another order compare equal.
    var canonical: [String] { pairs.map { "\($0.name)=\($0.value)" }.sorted() }

    /// The top-level parameter named `key`.
    subscript(key: String) -> Node? { parameters.first { $0.key == key }?.node }

    /// Decodes `bytes`.
    ///
    /// - Throws: a 400 ``StripeSimError`` for bad percent-encoding, text that is not UTF-8,
    ///   or a name whose brackets do not pair up.
    static func parse(_ bytes: [UInt8]) throws(StripeSimError) -> FormBody {
        var pairs: [(name: String, value: String)] = []
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            let name = try decode(piece[piece.startIndex..<(equals ?? piece.endIndex)])
            let value = try equals.map { equals throws(StripeSimError) in try decode(piece[piece.index(after: equals)...]) } ?? ""
            pairs.append((name, value))
        }
        var parameters: [(key: String, node: Node)] = []
        for pair in pairs {
            let path = try path(of: pair.name)
            parameters = try insert(pair.value, at: path[...], into: parameters, fullName: pair.name)
        }
        return FormBody(pairs: pairs, parameters: parameters)
    }

    /// `a[b][0]` → `["a", "b", "0"]`; `a[]` appends (its index is filled in on insertion, as `""`).
    static func path(of name: String) throws(StripeSimError) -> [String] {
        guard let open = name.firstIndex(of: "[") else {
            guard !name.isEmpty, !name.contains("]") else { throw StripeSimError.invalid("Invalid parameter name: '\(name)'.") }
            return [name]
        }
        var path = [String(name[..<open])]
        var rest = name[open...]
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else {
                throw StripeSimError.invalid("Invalid parameter name: '\(name)': brackets must pair up, as in metadata[key].")
            }
            let segment = rest[rest.index(after: rest.startIndex)..<close]
            guard !segment.contains("[") else { throw StripeSimError.invalid("Invalid parameter name: '\(name)'.") }
            path.append(String(segment))
            rest = rest[rest.index(after: close)...]
        }
        guard !path[0].isEmpty else { throw StripeSimError.invalid("Invalid parameter name: '\(name)'.") }
        return path
    }

    private static func insert(_ value: String, at path: ArraySlice<String>, into entries: [(key: String, node: Node)],
                               fullName: String) throws(StripeSimError) -> [(key: String, node: Node)] {
        var entries = entries
        // An empty segment (`name[]`) appends to a list: its index is the next free one.
        let key = path.first!.isEmpty ? String(entries.count) : path.first!
        let index = entries.firstIndex { $0.key == key }
        if path.count == 1 {
            guard index == nil else { throw StripeSimError.invalid("The parameter \(fullName) is given more than once.", param: fullName) }
            entries.append((key, .value(value)))
            return entries
        }
        let existing = index.map { entries[$0].node } ?? .hash([])
        guard let children = existing.entries else {
            throw StripeSimError.invalid("The parameter \(fullName) mixes a value and a hash.", param: fullName)
        }
        let updated = Node.hash(try insert(value, at: path.dropFirst(), into: children, fullName: fullName))
        if let index { entries[index].node = updated } else { entries.append((key, updated)) }
        return entries
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) throws(StripeSimError) -> String {
        var output: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard bytes.endIndex - index >= 3,
                      let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2])
                else { throw StripeSimError.invalid("The body is not valid application/x-www-form-urlencoded: a bad percent escape.") }
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: output, as: UTF8.self) else {
            throw StripeSimError.invalid("The body is not valid application/x-www-form-urlencoded: the text is not UTF-8.")
        }
        return text
    }

    private static func hex(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
