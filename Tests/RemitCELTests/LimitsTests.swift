import Foundation
import Testing
import RemitCEL

@Suite struct LimitsTests {
    @Test func defaultsAreTheDocumentedValues() {
        let limits = CELLimits.default
        #expect(limits.expressionLengthMax == 10_000)
        #expect(limits.nestingDepthMax == 100)
        #expect(limits.evaluationStepsMax == 100_000)
        #expect(limits.comprehensionIterationsMax == 10_000)
    }

    @Test func anExpressionAtTheLengthLimitCompilesAndOneLongerIsRejected() throws {
        let limits = CELLimits(expressionLengthMax: 9)
        #expect(try eval("1 + 2 + 3", limits: limits) == .int(6))
        let error = failure("1 + 2 + 34", limits: limits)
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("expressionLengthMax") == true)
    }

    @Test func nestingAtTheDepthLimitCompilesAndOneDeeperIsRejected() throws {
        let limits = CELLimits(nestingDepthMax: 10)
        // Nine lists around a literal make a tree ten nodes high.
        #expect(try eval(nested(9, "[", "]"), limits: limits) != .null)
        #expect(failure(nested(10, "[", "]"), limits: limits)?.code == .limitExceeded)
        // Parentheses add no node but do recurse: the limit counts them too.
        #expect(try eval(nested(9, "(", ")"), limits: limits) == .int(1))
        #expect(failure(nested(10, "(", ")"), limits: limits)?.code == .limitExceeded)
        #expect(try eval(Array(repeating: "1", count: 10).joined(separator: " + "), limits: limits) == .int(10))
        #expect(failure(Array(repeating: "1", count: 11).joined(separator: " + "), limits: limits)?.code == .limitExceeded)
    }

    @Test func hostileNestingFailsCleanlyInsteadOfOverflowingTheStack() {
        let limits = CELLimits(expressionLengthMax: 1_000_000, nestingDepthMax: 1_000_000)
        for (open, close) in [("(", ")"), ("[", "]"), ("{1:", "}"), ("f(", ")"), ("!", ""), ("-", ""), ("a.b(", ")")] {
            let error = failure(nested(100_000, open, close), limits: limits)
            #expect(error?.code == .limitExceeded, "\(open)…\(close)")
        }
        #expect(failure(String(repeating: "1+", count: 100_000) + "1", limits: limits)?.code == .limitExceeded)
    }

    @Test func evaluationStopsExactlyWhenTheStepBudgetRunsOut() throws {
        // Each arithmetic operator costs one step.
        let limits = CELLimits(evaluationStepsMax: 3)
        #expect(try eval("x + 1 + 1 + 1", ["x": 0], limits: limits) == .int(3))
        let error = failure("x + 1 + 1 + 1 + 1", ["x": 0], limits: limits)
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("evaluationStepsMax") == true)
    }

    @Test func comprehensionsStopExactlyAtTheIterationLimit() throws {
        let limits = CELLimits(comprehensionIterationsMax: 3)
        #expect(try eval("[1, 2, 3].all(x, x > 0)", limits: limits) == .bool(true))
        let error = failure("[1, 2, 3, 4].all(x, x > 0)", limits: limits)
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("comprehensionIterationsMax") == true)
    }

    @Test func nestedComprehensionsCannotMultiplyPastTheDefaultBudget() {
        let hundred = "[" + (1...100).map(String.init).joined(separator: ",") + "]"
        let error = failure("\(hundred).all(x, \(hundred).all(y, \(hundred).all(z, true)))")
        #expect(error?.code == .limitExceeded)
    }

    @Test func aLimitErrorIsNotAbsorbedByLogicalOperators() {
        let limits = CELLimits(comprehensionIterationsMax: 2)
        #expect(failure("[1, 2, 3].exists(x, x == 3) || true", limits: limits)?.code == .limitExceeded)
        #expect(failure("false && [1, 2, 3].all(x, x > 0) || [0, 0, 0].exists(x, x == 1)", limits: limits)?.code == .limitExceeded)
    }

    @Test func deeplyNestedJSONBindingsAreRejected() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: CELError.self) { try CELValue(jsonData: Data(deep.utf8)) }
    }

    private func nested(_ count: Int, _ open: String, _ close: String) -> String {
        String(repeating: open, count: count) + "1" + String(repeating: close, count: count)
    }
}

@Suite struct SizeCostTests {
    @Test func repeatedlyConcatenatingALargeStringRunsIntoTheStepBudget() {
        let big = CELValue.string(String(repeating: "x", count: 1_000_000))
        let source = "s" + String(repeating: " + s", count: 50)
        let error = failure(source, ["s": big])
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("evaluationStepsMax") == true)
        #expect(failure("s + s", ["s": big]) == nil)
    }
}

@Suite struct StackDepthTests {
    /// Openers that nest, each closed by the paired closer around a boolean core.
    static let constructs: [(open: String, close: String)] = [
        ("(", ")"), ("[", "][0]"), ("{true: ", "}[true]"), ("dyn(", ")"), ("!!", ""), ("[true].all(x, ", ")"),
        ("[true].exists(x, x && ", ")"), ("[1].map(x, ", ")[0]"), ("false ? false : ", ""), ("size([", "]) == 1"),
        ("{'a': ", "}.a"), ("[true].filter(x, ", ").size() == 1"),
    ]

    @Test func theDeepestAcceptedNestingEvaluatesWithoutExhaustingTheStack() {
        let limits = CELLimits(expressionLengthMax: 100_000, nestingDepthMax: CELLimits.nestingDepthCeiling)
        for construct in Self.constructs {
            // The deepest nesting of this construct the limit accepts, by bisection.
            func compiled(_ count: Int) -> CELProgram? {
                let source = String(repeating: construct.open, count: count) + "true" + String(repeating: construct.close, count: count)
                return try? CELProgram(compiling: source, limits: limits)
            }
            var (accepted, rejected) = (0, CELLimits.nestingDepthCeiling + 1)
            while rejected - accepted > 1 {
                let middle = (accepted + rejected) / 2
                if compiled(middle) != nil { accepted = middle } else { rejected = middle }
            }
            let count = accepted - 1
            let program = compiled(accepted)
            #expect(program != nil && count > 10, "\(construct.open)")
            #expect((try? program?.evaluate()) != nil, "\(construct.open) at depth \(count + 1)")
        }
    }
}
