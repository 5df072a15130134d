import Crypto
@_spi(Fuzzing) import WasmKit
import WAT

/// A tenant's WebAssembly module, parsed and checked once, ready to be invoked many times.
///
/// Compiling checks the binary, the ABI exports (`memory`, `alloc`, `decide`) and their
/// types, and records the imports and the declared memory and table minimums, so that each
/// invocation only checks them against its own limits and capabilities. A `SandboxModule`
/// holds no instance: every invocation instantiates it afresh in its own store.
public struct SandboxModule: Sendable {
    /// The hex SHA-256 of the module's binary; the key of ``SandboxModuleCache``.
    public let hash: String
    /// The module's imports as `module.name`, in declaration order.
    public let imports: [String]
    /// The names of the module's exports.
    public let exports: [String]
    let wasm: Module
    let layout: ModuleLayout
    let importedCapabilities: [(name: String, capability: SandboxCapability?)]

    /// Compiles a module from its binary.
    public init(bytes: [UInt8]) throws(SandboxError) {
        let wasm: Module
        do {
            wasm = try parseWasm(bytes: bytes)
        } catch {
            throw SandboxError(.invalidModule, "The module is not valid WebAssembly: \(error).")
        }
        let layout = try ModuleLayout.read(bytes)
        try ABICheck.check(wasm, layout: layout)
        self.wasm = wasm
        self.layout = layout
        self.hash = SHA256.hash(data: bytes).map { byte in
            String(byte, radix: 16).leftPadded(to: 2)
        }.joined()
        self.imports = wasm.imports.map { "\($0.module).\($0.name)" }
        self.exports = wasm.exports.map(\.name)
        self.importedCapabilities = wasm.imports.map { entry in
            let capability: SandboxCapability?
            if case .function = entry.descriptor {
                capability = SandboxCapability(importModule: entry.module, name: entry.name)
            } else {
                capability = nil
            }
            return ("\(entry.module).\(entry.name)", capability)
        }
    }

    /// Compiles a module from WebAssembly text, for tests and examples.
    public init(text: String) throws(SandboxError) {
        try self.init(bytes: try Self.binary(fromText: text))
    }

    /// The binary of a module written in WebAssembly text.
    public static func binary(fromText text: String) throws(SandboxError) -> [UInt8] {
        do {
            return try wat2wasm(text)
        } catch {
            throw SandboxError(.invalidModule, "The WebAssembly text does not compile: \(error).")
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
