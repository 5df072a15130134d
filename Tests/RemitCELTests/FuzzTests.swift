import Foundation
import Testing
import RemitCEL

/// Feeds random and mutated expressions through compile and evaluate. Any input may fail,
/// but only with a ``CELError``: a crash, a trap or a hang fails the run.
@Suite struct FuzzTests {
    static let iterations = 50_000
    static let limits = CELLimits(evaluationStepsMax: 5_000, comprehensionIterationsMax: 500)

    static let fragments = [
        "1", "0u", "-", "+", "*", "/", "%", "(", ")", "[", "]", "{", "}", ":", ",", ".", "?", "!", "==", "<=",
        "&&", "||", " in ", "x", "y", "'s'", "\"t\"", "b'\\x00'", "r'\\d'", "'''", "\\", "`a-b`", "1.5e3", "0x7f",
        "9223372036854775807", "null", "true", "size(", "has(x.a)", ".all(v, ", ".map(v, v", ".exists_one(", "int(",
        "timestamp('2026-01-01T00:00:00Z')", "duration('1h')", ".getHours('Europe/Paris')", "type(", "dyn(", " ",
        "\n", "é", "😀", "\u{0}", ".matches('a+')",
    ]

    @Test func randomTokenSoupNeverCrashes() {
        var rng = SeededGenerator(seed: Self.seed(0xCE1))
        var compiled = 0
        for _ in 0..<Self.iterations {
            let count = Int.random(in: 1...12, using: &rng)
            let source = (0..<count).map { _ in Self.fragments.randomElement(using: &rng)! }.joined()
            if check(source) { compiled += 1 }
        }
        // The soup must exercise the evaluator, not only the parser's error paths.
        #expect(compiled > 1_000)
    }

    @Test func mutatedConformanceExpressionsNeverCrash() throws {
        let expressions = try ConformanceFiles.all.flatMap { url -> [String] in
            let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
            return (root?["tests"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
        }
        #expect(expressions.count == 839)
        try #require(!expressions.isEmpty, "no conformance expressions in \(ConformanceFiles.directory.path)")
        var rng = SeededGenerator(seed: Self.seed(0x5EED))
        var compiled = 0
        for _ in 0..<Self.iterations {
            var scalars = Array(expressions.randomElement(using: &rng)!.unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &rng) { mutate(&scalars, using: &rng) }
            var source = ""
            source.unicodeScalars.append(contentsOf: scalars)
            if check(source) { compiled += 1 }
        }
        #expect(compiled > 5_000)
    }

    /// The fixed seed, unless `CEL_FUZZ_SEED` asks for another run (to explore, not in CI).
    static func seed(_ fixed: UInt64) -> UInt64 {
        ProcessInfo.processInfo.environment["CEL_FUZZ_SEED"].flatMap { UInt64($0) }.map { $0 ^ fixed } ?? fixed
    }

    /// Compiles and evaluates; returns whether it compiled. Checks what every failure must carry.
    private func check(_ source: String) -> Bool {
        let bindings: [String: CELValue] = ["x": ["a": 1, "b": "two"], "y": [1, 2.5, "three"]]
        let program: CELProgram
        do throws(CELError) {
            program = try CELProgram(compiling: source, limits: Self.limits)
        } catch {
            if error.code == .parse {
                #expect(error.line != nil && error.column != nil, "\(source): \(error)")
            }
            return false
        }
        do throws(CELError) {
            _ = try program.evaluate(bindings: bindings)
        } catch {
            #expect(!error.message.isEmpty)
        }
        return true
    }

    private func mutate(_ scalars: inout [Unicode.Scalar], using rng: inout SeededGenerator) {
        let position = scalars.isEmpty ? 0 : Int.random(in: 0..<scalars.count, using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0 where !scalars.isEmpty:
            scalars.remove(at: position)
        case 1:
            let fragment = Self.fragments.randomElement(using: &rng)!
            scalars.insert(contentsOf: fragment.unicodeScalars, at: position)
        case 2 where !scalars.isEmpty:
            let end = min(scalars.count, position + Int.random(in: 1...8, using: &rng))
            scalars.insert(contentsOf: scalars[position..<end], at: position)
        default:
            if !scalars.isEmpty { scalars.swapAt(position, Int.random(in: 0..<scalars.count, using: &rng)) }
        }
    }
}
