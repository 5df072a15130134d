/// CEL equality across all value kinds; values of unrelated types are simply unequal.
func celEquals(_ lhs: CELValue, _ rhs: CELValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.string(let a), .string(let b)): return utf8Equal(a, b)
    case (.bytes(let a), .bytes(let b)): return a == b
    case (.list(let a), .list(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { celEquals($0, $1) }
    case (.map(let a), .map(let b)):
        guard a.count == b.count else { return false }
        for (key, value) in a.entries {
            guard let other = b[key], celEquals(value, other) else { return false }
        }
        return true
    case (.type(let a), .type(let b)): return a == b
    case (.timestamp(let a), .timestamp(let b)): return a == b
    case (.duration(let a), .duration(let b)): return a == b
    default:
        return compareNumbers(lhs, rhs) == 0
    }
}

/// Orders two values of the same orderable kind, or two numbers of any numeric kinds.
///
/// Returns nil when the kinds cannot be ordered against each other, or when a NaN is involved
/// (every ordering with NaN is false).
func celCompare(_ lhs: CELValue, _ rhs: CELValue) -> Int? {
    switch (lhs, rhs) {
    case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
    case (.string(let a), .string(let b)): return lexicographic(a.utf8, b.utf8)
    case (.bytes(let a), .bytes(let b)): return lexicographic(a, b)
    case (.timestamp(let a), .timestamp(let b)): return a == b ? 0 : (a < b ? -1 : 1)
    case (.duration(let a), .duration(let b)): return a == b ? 0 : (a < b ? -1 : 1)
    default: return compareNumbers(lhs, rhs)
    }
}

/// Whether `celCompare` can order the two kinds at all (NaN aside).
func isOrderable(_ lhs: CELValue, _ rhs: CELValue) -> Bool {
    switch (lhs, rhs) {
    case (.bool, .bool), (.string, .string), (.bytes, .bytes), (.timestamp, .timestamp), (.duration, .duration):
        return true
    case (.int, .int), (.int, .uint), (.int, .double), (.uint, .int), (.uint, .uint), (.uint, .double),
        (.double, .int), (.double, .uint), (.double, .double):
        return true
    default:
        return false
    }
}

private func lexicographic<C: Sequence>(_ a: C, _ b: C) -> Int where C.Element == UInt8 {
    var ia = a.makeIterator()
    var ib = b.makeIterator()
    while true {
        switch (ia.next(), ib.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
        }
    }
}

/// Compares numbers across kinds without losing precision, following cel-go's rules.
func compareNumbers(_ lhs: CELValue, _ rhs: CELValue) -> Int? {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)): return a == b ? 0 : (a < b ? -1 : 1)
    case (.uint(let a), .uint(let b)): return a == b ? 0 : (a < b ? -1 : 1)
    case (.double(let a), .double(let b)): return compareDoubles(a, b)
    case (.int(let a), .uint(let b)): return compareIntUInt(a, b)
    case (.uint(let a), .int(let b)): return -compareIntUInt(b, a)
    case (.double(let a), .int(let b)): return compareDoubleInt(a, b)
    case (.int(let a), .double(let b)): return compareDoubleInt(b, a).map { -$0 }
    case (.double(let a), .uint(let b)): return compareDoubleUInt(a, b)
    case (.uint(let a), .double(let b)): return compareDoubleUInt(b, a).map { -$0 }
    default: return nil
    }
}

private func compareDoubles(_ a: Double, _ b: Double) -> Int? {
    if a.isNaN || b.isNaN { return nil }
    return a == b ? 0 : (a < b ? -1 : 1)
}

private func compareIntUInt(_ a: Int64, _ b: UInt64) -> Int {
    if a < 0 || b > UInt64(Int64.max) { return -1 }
    let c = UInt64(a)
    return c == b ? 0 : (c < b ? -1 : 1)
}

private func compareDoubleInt(_ a: Double, _ b: Int64) -> Int? {
    if a.isNaN { return nil }
    if a < Double(Int64.min) { return -1 }
    if a > Double(Int64.max) { return 1 }
    return compareDoubles(a, Double(b))
}

private func compareDoubleUInt(_ a: Double, _ b: UInt64) -> Int? {
    if a.isNaN { return nil }
    if a < 0 { return -1 }
    if a > Double(UInt64.max) { return 1 }
    return compareDoubles(a, Double(b))
}
