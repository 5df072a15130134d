@_spi(Fuzzing) import WasmKit

/// Checks at compile time that a module exports what the Remit ABI requires.
enum ABICheck {
    /// `alloc(len: i32) -> i32`.
    static let allocType = FunctionType(parameters: [.i32], results: [.i32])
    /// `decide(ptr: i32, len: i32) -> i64`.
    static let decideType = FunctionType(parameters: [.i32, .i32], results: [.i64])

    static func check(_ module: Module, layout: ModuleLayout) throws(SandboxError) {
        guard let memory = module.exports.first(where: { $0.name == "memory" }) else {
            throw missing("memory", "a linear memory")
        }
        guard case .memory = memory.descriptor else {
            throw SandboxError(.missingExport, "The export 'memory' must be a linear memory.")
        }
        try checkFunction("alloc", allocType, "alloc(len: i32) -> i32", module, layout)
        try checkFunction("decide", decideType, "decide(ptr: i32, len: i32) -> i64", module, layout)
    }

    private static func checkFunction(
        _ name: String, _ expected: FunctionType, _ signature: String, _ module: Module, _ layout: ModuleLayout
    ) throws(SandboxError) {
        guard let export = module.exports.first(where: { $0.name == name }) else {
            throw missing(name, "the function \(signature)")
        }
        guard case .function(let index) = export.descriptor,
              Int(index) < layout.functionTypeIndices.count,
              module.functionType(at: layout.functionTypeIndices[Int(index)]) == expected
        else {
            throw SandboxError(.missingExport, "The export '\(name)' must be the function \(signature).")
        }
    }

    private static func missing(_ name: String, _ what: String) -> SandboxError {
        SandboxError(.missingExport, "The module does not export '\(name)'; the Remit ABI requires \(what).")
    }
}
