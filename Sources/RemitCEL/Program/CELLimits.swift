/// Bounds on the work one expression may cause. Exceeding any of them is a
/// ``CELError`` with code `limitExceeded`, never a hang or a crash.
public struct CELLimits: Sendable, Equatable {
    /// Longest accepted expression, in Unicode scalars.
    public var expressionLengthMax: Int
    /// Deepest accepted nesting of the expression tree (parentheses, operands, calls).
    /// Parsing, compiling and evaluating recurse this deep, so it also bounds stack use;
    /// values above ``nestingDepthCeiling`` act as the ceiling.
    public var nestingDepthMax: Int
    /// Cost budget of one evaluation: roughly one step per operator, call or element built.
    public var evaluationStepsMax: Int
    /// Total iterations of all comprehension macros in one evaluation.
    public var comprehensionIterationsMax: Int

    /// Creates limits; every parameter defaults to the value in ``default``.
    public init(
        expressionLengthMax: Int = 10_000,
        nestingDepthMax: Int = 100,
        evaluationStepsMax: Int = 100_000,
        comprehensionIterationsMax: Int = 10_000
    ) {
        self.expressionLengthMax = expressionLengthMax
        self.nestingDepthMax = nestingDepthMax
        self.evaluationStepsMax = evaluationStepsMax
        self.comprehensionIterationsMax = comprehensionIterationsMax
    }

    /// The highest nesting depth honoured. Debug builds overflow a 512 KiB thread stack
    /// somewhere above 400 levels, so deeper limits are not safe to grant.
    public static let nestingDepthCeiling = 250

    /// The nesting limit actually enforced.
    var effectiveNestingDepthMax: Int { min(nestingDepthMax, Self.nestingDepthCeiling) }

    /// 10,000 scalars, depth 100, 100,000 steps, 10,000 comprehension iterations.
    public static let `default` = CELLimits()
}
