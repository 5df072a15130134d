import Foundation
import RemitCEL
import RemitCore
import RemitSandbox
import WAT
import WasmKit

// Measures RemitSandbox on bench/sandbox_trivial.wat and bench/sandbox_surcharge.wat, and the
// same surcharge as a RemitCEL expression, on one core. Prints `metric<TAB>microseconds`.
// Usage: SandboxBench [bench-directory]

let directory = CommandLine.arguments.dropFirst().first ?? "bench"
let trivialText = try String(contentsOfFile: "\(directory)/sandbox_trivial.wat", encoding: .utf8)
let surchargeText = try String(contentsOfFile: "\(directory)/sandbox_surcharge.wat", encoding: .utf8)
let trivialBytes = try wat2wasm(trivialText)
let surchargeBytes = try wat2wasm(surchargeText)
let input = JSONValue.object([("amount", .int(12_000)), ("currency", .string("USD"))])
let expected = JSONValue.object([("surcharge", .int(300))])

let sandbox = Sandbox()
let trivial = try SandboxModule(bytes: trivialBytes)
let surcharge = try SandboxModule(bytes: surchargeBytes)
guard try sandbox.invoke(surcharge, input: input).output == expected else { fatalError("the surcharge module is wrong") }

func report(_ metric: String, _ microseconds: Double) {
    print("\(metric)\t\(String(format: "%.2f", microseconds))")
}

report("wat2wasm (surcharge text)", try Stopwatch.microseconds { blackHole(try wat2wasm(surchargeText)) })
report("compile (surcharge binary)", try Stopwatch.microseconds {
    blackHole(try SandboxModule(bytes: surchargeBytes))
})

// Instantiation alone, with WasmKit directly: what every invocation pays before its first call.
let engine = Engine(configuration: EngineConfiguration(fuelMetering: true))
let parsed = try parseWasm(bytes: surchargeBytes)
report("instantiate (fresh store + instance)", try Stopwatch.microseconds {
    let store = Store(engine: engine)
    store.fuel = Fuel(remaining: 11_000_000)
    blackHole(try parsed.instantiate(store: store))
})

report("invoke trivial (fresh instance, JSON in and out)", try Stopwatch.microseconds {
    blackHole(try sandbox.invoke(trivial, input: input))
})
report("invoke surcharge (fresh instance, JSON in and out)", try Stopwatch.microseconds {
    blackHole(try sandbox.invoke(surcharge, input: input))
})

// The call alone on a live instance, for comparison with the whole invocation.
let store = Store(engine: engine)
let instance = try parsed.instantiate(store: store)
let decide = instance.exports[function: "decide"]!
let memory = instance.exports[memory: "memory"]!
let inputBytes = Array(JSONWriter.string(input).utf8)
memory.withUnsafeMutableBufferPointer(offset: 2048, count: inputBytes.count) { $0.copyBytes(from: inputBytes) }
report("decide call alone on a live instance (surcharge)", try Stopwatch.microseconds {
    store.fuel = Fuel(remaining: 11_000_000)
    blackHole(try decide([.i32(2048), .i32(UInt32(inputBytes.count))]))
})

let celSource = "input.amount * 250 / 10000"
report("RemitCEL compile (\(celSource))", try Stopwatch.microseconds { blackHole(try CELProgram(compiling: celSource)) })
let program = try CELProgram(compiling: celSource)
let bindings: [String: CELValue] = ["input": ["amount": .int(12_000), "currency": .string("USD")]]
guard case .int(300) = try program.evaluate(bindings: bindings) else { fatalError("the CEL expression is wrong") }
report("RemitCEL evaluate (same surcharge)", try Stopwatch.microseconds { blackHole(try program.evaluate(bindings: bindings)) })
