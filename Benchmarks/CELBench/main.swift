import Foundation
import RemitCEL

// Evaluates the payment-policy expressions of bench/cel_cases.json with RemitCEL, with the
// hand-written Swift over the same bindings (Handwritten.swift) and over typed structs
// (Native.swift), on one core, and prints evaluations per second.
// Usage: CELBench [path/to/cel_cases.json] [--tsv] [--only CASE]

let arguments = CommandLine.arguments.dropFirst()
let tsv = arguments.contains("--tsv")
let casesPath = arguments.first { $0.hasSuffix(".json") } ?? "bench/cel_cases.json"
let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
let cases = try BenchCases.load(from: casesPath).filter { only == nil || $0.name == only }
let bindings = Fixture.bindings

if !tsv {
    print("case                      RemitCEL evals/s   Swift evals/s   CEL/Swift time   native Swift evals/s")
}
for benchCase in cases {
    guard let handwritten = Handwritten.policies[benchCase.name], let native = Native.policies[benchCase.name] else {
        fatalError("no hand-written policy for \(benchCase.name)")
    }
    let program = try CELProgram(compiling: benchCase.expression)
    let celResult = try program.evaluateCondition(bindings: bindings)
    guard celResult == handwritten(bindings), celResult == native(Native.input) else {
        fatalError("\(benchCase.name): CEL says \(celResult), hand-written Swift disagrees")
    }
    let celRate = Stopwatch.rate { blackHole(try? program.evaluate(bindings: bindings)) }
    let swiftRate = Stopwatch.rate { blackHole(handwritten(bindings)) }
    let nativeRate = Stopwatch.rate { blackHole(native(Native.input)) }
    if tsv {
        print("\(benchCase.name)\t\(Int(celRate))\t\(Int(swiftRate))\t\(celResult)\t\(Int(nativeRate))")
    } else {
        let name = benchCase.name.padding(toLength: 24, withPad: " ", startingAt: 0)
        print("\(name)  \(pad(Int(celRate), 16))  \(pad(Int(swiftRate), 14))  \(String(format: "%14.2f", swiftRate / celRate))  \(pad(Int(nativeRate), 21))")
    }
}

func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: " ", count: max(0, width - s.count)) + s
}

/// Keeps a result alive so the optimizer cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
