import Foundation
import RemitCore
import RemitPolicy

// Decides checkout with a realistic 25-rule policy (the built-in default's two rules and 23
// more over credit, budget, PO state, history, invoice and buyer) for four buyer profiles in
// turn, and prints decisions per second and the p50/p99 latency of one decision, measured
// one by one with ContinuousClock, in this process: on the calling task, then on 1 and on 2
// concurrent tasks.
// Usage: PolicyBench [decisions, default 200000]

func main() async throws {
    let decisions = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 200_000
    let policy = try CompiledPolicy(CheckoutPolicy.parse(try JSONParser.parse(Fixture.policyJSON),
                                                         knownRoles: ["cfo", "controller", "procurement"],
                                                         knownFields: ["cost_center", "po_number", "gl_code"]))
    precondition(policy.policy.rules.count == 25, "the benchmark policy has 25 rules")
    let inputs = try Fixture.inputs()
    for input in inputs {
        let decision = policy.decide(input)
        precondition(decision.ruleErrors.isEmpty, "rule errors: \(decision.ruleErrors)")
    }
    print("policy: \(policy.policy.rules.count) rules; inputs: \(inputs.count) buyer profiles; matched rules per profile: "
          + inputs.map { String(policy.decide($0).matchedRules.count) }.joined(separator: ", "))

    /// Decides `count` times, timing each decision; returns the durations in nanoseconds.
    @Sendable func run(_ count: Int, offset: Int) -> [Int64] {
        let clock = ContinuousClock()
        var durations: [Int64] = []
        durations.reserveCapacity(count)
        for index in 0..<count {
            let input = inputs[(index + offset) % inputs.count]
            let start = clock.now
            let decision = policy.decide(input)
            let elapsed = start.duration(to: clock.now)
            blackHole(decision)
            durations.append(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        }
        return durations
    }

    func report(_ label: String, tasks: Int, durations: [Int64], wallNanoseconds: Int64) {
        let sorted = durations.sorted()
        func percentile(_ p: Double) -> Double { Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000 }
        let rate = Double(sorted.count) / (Double(wallNanoseconds) / 1e9)
        print(label.padding(toLength: 26, withPad: " ", startingAt: 0)
              + "\(tasks) task(s)  \(sorted.count) decisions  \(Int(rate)) decisions/s  "
              + "p50 \(String(format: "%.1f", percentile(0.50))) µs  p99 \(String(format: "%.1f", percentile(0.99))) µs  "
              + "max \(String(format: "%.1f", percentile(1.0))) µs")
    }

    func wall(_ body: () async -> [Int64]) async -> ([Int64], Int64) {
        let clock = ContinuousClock()
        let start = clock.now
        let durations = await body()
        let elapsed = start.duration(to: clock.now)
        return (durations, elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    _ = run(max(decisions / 10, 1000), offset: 0)   // warm-up

    let (inline, inlineWall) = await wall { run(decisions, offset: 0) }
    report("calling task", tasks: 1, durations: inline, wallNanoseconds: inlineWall)

    for tasks in [1, 2] {
        let (durations, elapsed) = await wall {
            await withTaskGroup(of: [Int64].self) { group in
                for task in 0..<tasks {
                    group.addTask { run(decisions / tasks, offset: task) }
                }
                return await group.reduce(into: []) { $0 += $1 }
            }
        }
        report("concurrent tasks", tasks: tasks, durations: durations, wallNanoseconds: elapsed)
    }
}

try await main()

/// Keeps a result alive so the optimizer cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
