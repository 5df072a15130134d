/// The arithmetic operators, resolved at compile time.
enum ArithmeticOperator: String, Sendable {
    case add = "_+_", subtract = "_-_", multiply = "_*_", divide = "_/_", modulo = "_%_"
}

/// Applies an arithmetic operator, with overflow and division by zero as errors.
func arithmetic(_ op: ArithmeticOperator, _ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> CELValue {
    switch (lhs, rhs) {
    case (.int(let a), .int(let b)): return .int(try intArithmetic(op, a, b))
    case (.uint(let a), .uint(let b)): return .uint(try uintArithmetic(op, a, b))
    case (.double(let a), .double(let b)):
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide: return .double(a / b)
        case .modulo: throw CELError.noOverload(op.rawValue, lhs, rhs)
        }
    case (.string(let a), .string(let b)) where op == .add: return .string(a + b)
    case (.bytes(let a), .bytes(let b)) where op == .add: return .bytes(a + b)
    case (.list(let a), .list(let b)) where op == .add: return .list(a + b)
    default: return try timeArithmetic(op, lhs, rhs)
    }
}

@inline(__always)
func intArithmetic(_ op: ArithmeticOperator, _ a: Int64, _ b: Int64) throws(CELError) -> Int64 {
    try checkedArithmetic(op, a, b)
}

@inline(__always)
func uintArithmetic(_ op: ArithmeticOperator, _ a: UInt64, _ b: UInt64) throws(CELError) -> UInt64 {
    try checkedArithmetic(op, a, b)
}

/// CEL's integer arithmetic: overflow and division by zero are errors, never wraps or traps.
@inline(__always)
func checkedArithmetic<Integer: FixedWidthInteger>(_ op: ArithmeticOperator, _ a: Integer, _ b: Integer) throws(CELError) -> Integer {
    let result: (partialValue: Integer, overflow: Bool)
    switch op {
    case .add: result = a.addingReportingOverflow(b)
    case .subtract: result = a.subtractingReportingOverflow(b)
    case .multiply: result = a.multipliedReportingOverflow(by: b)
    case .divide:
        guard b != 0 else { throw CELError(.divisionByZero, "division by zero") }
        result = a.dividedReportingOverflow(by: b)
    case .modulo:
        guard b != 0 else { throw CELError(.divisionByZero, "modulus by zero") }
        result = a.remainderReportingOverflow(dividingBy: b)
    }
    guard !result.overflow else { throw CELError.overflow(op.rawValue) }
    return result.partialValue
}

/// Timestamp and duration arithmetic: `t + d`, `d + t`, `t - d`, `t - t`, `d ± d`.
func timeArithmetic(_ op: ArithmeticOperator, _ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> CELValue {
    switch (op, lhs, rhs) {
    case (.add, .timestamp(let t), .duration(let d)), (.add, .duration(let d), .timestamp(let t)):
        return .timestamp(try t.adding(d))
    case (.subtract, .timestamp(let t), .duration(let d)):
        guard d.nanoseconds != Int64.min else { throw CELError(.range, "timestamp out of range") }
        return .timestamp(try t.adding(CELDuration(nanoseconds: -d.nanoseconds)))
    case (.subtract, .timestamp(let a), .timestamp(let b)):
        let difference = a.nanosecondsSinceEpoch - b.nanosecondsSinceEpoch
        guard let nanos = Int64(exactly: difference) else { throw CELError(.range, "duration out of range") }
        return .duration(CELDuration(nanoseconds: nanos))
    case (.add, .duration(let a), .duration(let b)):
        let (sum, overflow) = a.nanoseconds.addingReportingOverflow(b.nanoseconds)
        guard !overflow else { throw CELError(.range, "duration out of range") }
        return .duration(CELDuration(nanoseconds: sum))
    case (.subtract, .duration(let a), .duration(let b)):
        let (difference, overflow) = a.nanoseconds.subtractingReportingOverflow(b.nanoseconds)
        guard !overflow else { throw CELError(.range, "duration out of range") }
        return .duration(CELDuration(nanoseconds: difference))
    default:
        throw CELError.noOverload(op.rawValue, lhs, rhs)
    }
}

/// Unary minus on int and double.
func negate(_ value: CELValue) throws(CELError) -> CELValue {
    switch value {
    case .int(let i):
        guard i != Int64.min else { throw CELError.overflow("-_") }
        return .int(-i)
    case .double(let d): return .double(-d)
    case .duration(let d):
        guard d.nanoseconds != Int64.min else { throw CELError(.range, "duration out of range") }
        return .duration(CELDuration(nanoseconds: -d.nanoseconds))
    default: throw CELError.noOverload("-_", value)
    }
}
