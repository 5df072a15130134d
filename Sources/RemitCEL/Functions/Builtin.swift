/// A standard function's implementations by call style and arity.
///
/// Each implementation dispatches on the run-time kinds of its arguments and fails with
/// `noSuchOverload` naming the function and the kinds when none fits.
struct Builtin: Sendable {
    typealias Unary = @Sendable (CELValue) throws(CELError) -> CELValue
    typealias Binary = @Sendable (CELValue, CELValue) throws(CELError) -> CELValue

    /// `f(a)`.
    var global1: Unary?
    /// `f(a, b)`.
    var global2: Binary?
    /// `a.f()`.
    var member0: Unary?
    /// `a.f(b)`.
    var member1: Binary?
}

/// The standard library, by function name.
let builtins: [String: Builtin] = {
    var table: [String: Builtin] = [:]
    table["size"] = Builtin(global1: size, member0: size)
    table["contains"] = Builtin(member1: stringPredicate("contains") { $0.contains($1) })
    table["startsWith"] = Builtin(member1: stringPredicate("startsWith") { $0.starts(with: $1) })
    table["endsWith"] = Builtin(member1: stringPredicate("endsWith") { $0.reversed().starts(with: $1.reversed()) })
    table["matches"] = Builtin(global2: matches, member1: matches)
    for (name, conversion) in conversions {
        table[name] = Builtin(global1: conversion)
    }
    for (name, accessor) in timeAccessors {
        table[name] = Builtin(
            member0: { value throws(CELError) in try accessor(value, nil, name) },
            member1: { value, zone throws(CELError) in try accessor(value, zone, name) }
        )
    }
    return table
}()

@Sendable func size(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .string(let s): return .int(Int64(s.unicodeScalars.count))
    case .bytes(let b): return .int(Int64(b.count))
    case .list(let l): return .int(Int64(l.count))
    case .map(let m): return .int(Int64(m.count))
    default: throw CELError.noOverload("size", value)
    }
}

/// A string predicate over UTF-8 bytes, so results are by code point, not by grapheme.
func stringPredicate(
    _ name: String, _ test: @escaping @Sendable ([UInt8], [UInt8]) -> Bool
) -> Builtin.Binary {
    { lhs, rhs throws(CELError) in
        guard case .string(let a) = lhs, case .string(let b) = rhs else { throw CELError.noOverload(name, lhs, rhs) }
        return .bool(test(Array(a.utf8), Array(b.utf8)))
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs as a contiguous run.
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
