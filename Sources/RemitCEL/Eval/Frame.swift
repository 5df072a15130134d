/// The mutable state of one evaluation: variable slots and the remaining budgets.
struct Frame {
    /// Values of global variables and comprehension variables; nil means unbound.
    var slots: [CELValue?]
    var stepsRemaining: Int
    var iterationsRemaining: Int
    let limits: CELLimits

    init(slotCount: Int, limits: CELLimits) {
        slots = Array(repeating: nil, count: slotCount)
        stepsRemaining = limits.evaluationStepsMax
        iterationsRemaining = limits.comprehensionIterationsMax
        self.limits = limits
    }

    /// Charges the cost budget; called by every node that does work beyond a load.
    @inline(__always)
    mutating func step(_ cost: Int = 1) throws(CELError) {
        stepsRemaining -= cost
        if stepsRemaining < 0 {
            throw CELError(.limitExceeded, "evaluation exceeds evaluationStepsMax (\(limits.evaluationStepsMax))")
        }
    }

    /// Charges one comprehension iteration.
    @inline(__always)
    mutating func iterate() throws(CELError) {
        iterationsRemaining -= 1
        if iterationsRemaining < 0 {
            throw CELError(.limitExceeded,
                "comprehensions exceed comprehensionIterationsMax (\(limits.comprehensionIterationsMax))")
        }
        try step()
    }
}

/// A compiled expression node. Nodes are immutable after compilation and shared across
/// concurrent evaluations; all per-evaluation state lives in ``Frame``. That is why every
/// subclass may declare `@unchecked Sendable`: it has only `let` properties of Sendable
/// values or other nodes.
class Node: @unchecked Sendable {
    func eval(_ frame: inout Frame) throws(CELError) -> CELValue {
        preconditionFailure("Node.eval must be overridden")
    }

    /// Evaluates to a bool, or fails naming `function` when the value is not one.
    @inline(__always)
    final func evalBool(_ frame: inout Frame, for function: String) throws(CELError) -> Bool {
        let value = try eval(&frame)
        guard case .bool(let b) = value else { throw CELError.noOverload(function, value) }
        return b
    }
}
