import RemitCEL

/// Compiles and evaluates an expression in one step.
func eval(_ expression: String, _ bindings: [String: CELValue] = [:], limits: CELLimits = .default) throws(CELError) -> CELValue {
    try CELProgram(compiling: expression, limits: limits).evaluate(bindings: bindings)
}

/// The error an expression fails with, or nil when it succeeds.
func failure(_ expression: String, _ bindings: [String: CELValue] = [:], limits: CELLimits = .default) -> CELError? {
    do throws(CELError) {
        _ = try eval(expression, bindings, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// A deterministic generator (SplitMix64) so fuzzing and other random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
