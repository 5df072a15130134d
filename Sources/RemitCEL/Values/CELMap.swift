/// An insertion-ordered CEL map.
///
/// Keys are `bool`, `int`, `uint` or `string`. Numeric keys are found by numeric value, so
/// `{1u: 'a'}[1]` and `{1: 'a'}[1.0]` both find the entry, as the CEL specification requires.
public struct CELMap: Sendable {
    /// The entries in insertion order; keys keep their original type.
    public private(set) var entries: [(key: CELValue, value: CELValue)] = []
    private var index: [CELMapKey: Int] = [:]

    /// Creates an empty map.
    public init() {}

    /// Creates a map, failing on a key type maps cannot hold or on a repeated key.
    public init(_ pairs: [(CELValue, CELValue)]) throws(CELError) {
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            try insertNew(key, value)
        }
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// Adds an entry whose key must not be present yet.
    public mutating func insertNew(_ key: CELValue, _ value: CELValue) throws(CELError) {
        guard let mapKey = CELMapKey(key) else {
            throw CELError(.invalidMapKey, "unsupported key type '\(key.celType.name)'")
        }
        guard index[mapKey] == nil else {
            throw CELError(.invalidMapKey, "Failed with repeated key")
        }
        index[mapKey] = entries.count
        entries.append((key, value))
    }

    /// The value for a key, comparing numeric keys by value; nil if absent or not a key type.
    public subscript(key: CELValue) -> CELValue? {
        guard let mapKey = CELMapKey(lookup: key), let position = index[mapKey] else { return nil }
        return entries[position].value
    }

    /// The value for a string key.
    public subscript(key: String) -> CELValue? {
        self[CELMapKey.string(UTF8Key(key))]
    }

    /// The value for a prepared key (compiled field selections prepare theirs once).
    subscript(key: CELMapKey) -> CELValue? {
        guard let position = index[key] else { return nil }
        return entries[position].value
    }
}

/// A string compared and hashed by its UTF-8 bytes: CEL strings are sequences of code
/// points, so canonically equivalent but different spellings are different keys.
///
/// The hash is computed once, when the key is made, because keys are made once (map
/// construction, compilation of `a.field`) and hashed on every lookup.
struct UTF8Key: Hashable, Sendable {
    let string: String
    private let hash: Int

    init(_ string: String) {
        self.string = string
        var hasher = Hasher()
        let hashed: Void? = string.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil {
            for byte in string.utf8 { hasher.combine(byte) }
        }
        hash = hasher.finalize()
    }

    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        lhs.hash == rhs.hash && utf8Equal(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// Byte-wise string equality: no Unicode normalization, unlike `String ==`.
func utf8Equal(_ a: String, _ b: String) -> Bool {
    let x = a.utf8
    let y = b.utf8
    guard x.count == y.count else { return false }
    if x.isEmpty { return true }
    let fast: Bool?? = x.withContiguousStorageIfAvailable { px in
        y.withContiguousStorageIfAvailable { py in px.elementsEqual(py) }
    }
    if let result = fast ?? nil { return result }
    return x.elementsEqual(y)
}

/// The normalized identity of a map key: `int` and `uint` keys with the same value are equal.
enum CELMapKey: Hashable, Sendable {
    case bool(Bool)
    case int(Int64)
    /// Only for values above `Int64.max`; smaller ones normalize to `.int`.
    case bigUInt(UInt64)
    case string(UTF8Key)

    init?(_ value: CELValue) {
        switch value {
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .bigUInt(u)
        case .string(let s): self = .string(UTF8Key(s))
        default: return nil
        }
    }

    /// A key for lookup, which also accepts a `double` with an integral value.
    init?(lookup value: CELValue) {
        if case .double(let d) = value {
            if let i = Int64(exactly: d) {
                self = .int(i)
            } else if let u = UInt64(exactly: d) {
                self = .bigUInt(u)
            } else {
                return nil
            }
            return
        }
        self.init(value)
    }
}
