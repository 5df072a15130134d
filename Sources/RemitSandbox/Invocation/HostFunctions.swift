import WasmKit

/// The host functions behind ``SandboxCapability``, defined only for granted capabilities.
enum HostFunctions {
    /// The imports for `capabilities`, allocated in `store`.
    static func imports(
        store: Store, capabilities: Set<SandboxCapability>, state: InvocationState,
        nowMilliseconds: @escaping @Sendable () throws -> Int64
    ) -> Imports {
        var imports = Imports()
        for capability in capabilities {
            let function = switch capability {
            case .log: log(store: store, state: state)
            case .now: now(store: store, state: state, nowMilliseconds: nowMilliseconds)
            }
            imports.define(module: SandboxCapability.importModule, name: capability.importName, function)
        }
        return imports
    }

    /// `remit.log(ptr: i32, len: i32)`.
    private static func log(store: Store, state: InvocationState) -> Function {
        Function(store: store, parameters: [.i32, .i32]) { caller, arguments in
            try state.checkDeadline("in remit.log")
            guard case .i32(let pointer) = arguments[0], case .i32(let length) = arguments[1],
                  let memory = caller.instance?.exports[memory: "memory"]
            else { throw failure("remit.log", "it was called without the module's memory") }
            let range = try GuestRange(pointer: pointer, length: length, memoryBytes: memory.byteCount, what: "remit.log a line")
            memory.withUnsafeBufferPointer(offset: range.offset, count: range.count) { state.log($0) }
            return []
        }
    }

    /// `remit.now() -> i64`.
    private static func now(
        store: Store, state: InvocationState, nowMilliseconds: @escaping @Sendable () throws -> Int64
    ) -> Function {
        Function(store: store, parameters: [], results: [.i64]) { _, _ in
            try state.checkDeadline("in remit.now")
            do {
                return [.i64(UInt64(bitPattern: try nowMilliseconds()))]
            } catch {
                throw failure("remit.now", "the host clock threw \(type(of: error))")
            }
        }
    }

    private static func failure(_ name: String, _ reason: String) -> SandboxError {
        SandboxError(.hostFunctionFailed, "The host function \(name) failed: \(reason).")
    }
}
