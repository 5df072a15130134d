import RemitCore
@_spi(Fuzzing) import WasmKit

/// One call of a module's `decide`, from the checks before instantiation to the parsed output.
struct Invocation {
    let module: SandboxModule
    let engine: Engine
    let limits: SandboxLimits
    let capabilities: Set<SandboxCapability>
    let nowMilliseconds: @Sendable () throws -> Int64

    mutating func run(input: JSONValue) throws(SandboxError) -> SandboxResult {
        let state = InvocationState(limits: limits)
        let inputBytes = try encodeInput(input)
        try checkImports()
        try checkDeclaredResources()

        let store = Store(engine: engine)
        store.resourceLimiter = SandboxResourceLimiter(limits: limits)
        store.fuel = Fuel(remaining: UInt64(max(limits.fuelMax, 0)))
        let outputBytes = try guarded {
            try call(store: store, state: state, inputBytes: inputBytes)
        }
        let fuelUsed = limits.fuelMax - Int(store.fuel?.remaining ?? 0)
        try state.checkDeadline("after the module returned")
        let output = try parseOutput(outputBytes)
        return SandboxResult(
            output: output, fuelUsed: fuelUsed, wallTime: ContinuousClock.now - state.started,
            logs: state.logs, logLinesDropped: state.logLinesDropped
        )
    }

    /// The redacted input as UTF-8 JSON, refused when longer than `inputBytesMax`.
    private func encodeInput(_ input: JSONValue) throws(SandboxError) -> [UInt8] {
        let bytes = Array(JSONWriter.string(SandboxInputRedactor.redact(input)).utf8)
        // A wasm32 length is at most 2^32 - 1 bytes, whatever the configured limit says.
        guard bytes.count <= min(limits.inputBytesMax, Int(UInt32.max)) else {
            throw SandboxError(.inputTooLarge, "The input is \(bytes.count) bytes of JSON; the limit is \(limits.inputBytesMax) (inputBytesMax).")
        }
        return bytes
    }

    private func checkImports() throws(SandboxError) {
        for entry in module.importedCapabilities {
            guard let capability = entry.capability, capabilities.contains(capability) else {
                let granted = capabilities.map { "remit.\($0.rawValue)" }.sorted().joined(separator: ", ")
                throw SandboxError(
                    .importNotGranted,
                    "The module imports \(entry.name), which was not granted (granted: \(granted.isEmpty ? "none" : granted))."
                )
            }
        }
    }

    /// Refuses declared memory and table minimums over the limits before anything is allocated.
    private func checkDeclaredResources() throws(SandboxError) {
        for pages in module.layout.memoryMinimumPages {
            let (bytes, overflow) = UInt64(pages).multipliedReportingOverflow(by: UInt64(SandboxLimits.pageBytes))
            guard !overflow, bytes <= UInt64(limits.memoryBytesMax) else {
                throw SandboxError(.memoryLimit, "The module declares an initial memory of \(pages) pages; the limit is \(limits.memoryBytesMax) bytes (memoryBytesMax), \(limits.memoryBytesMax / SandboxLimits.pageBytes) pages.")
            }
        }
        for elements in module.layout.tableMinimumElements where elements > UInt64(limits.tableElementsMax) {
            throw SandboxError(.tableLimit, "The module declares an initial table of \(elements) elements; the limit is \(limits.tableElementsMax) (tableElementsMax).")
        }
    }

    /// Instantiates the module, writes the input through `alloc`, calls `decide` and copies
    /// the output out of the module's memory.
    private func call(store: Store, state: InvocationState, inputBytes: [UInt8]) throws -> [UInt8] {
        let imports = HostFunctions.imports(store: store, capabilities: capabilities, state: state, nowMilliseconds: nowMilliseconds)
        let instance = try module.wasm.instantiate(store: store, imports: imports)
        guard let memory = instance.exports[memory: "memory"], let alloc = instance.exports[function: "alloc"],
              let decide = instance.exports[function: "decide"]
        else { throw SandboxError(.missingExport, "The instance lacks memory, alloc or decide.") }

        let length = UInt32(inputBytes.count)
        let allocated = try alloc([.i32(length)])
        guard case .i32(let pointer) = allocated.first else { throw SandboxError(.trap, "alloc returned no i32.") }
        let input = try GuestRange(pointer: pointer, length: length, memoryBytes: memory.byteCount, what: "alloc an input buffer")
        memory.withUnsafeMutableBufferPointer(offset: input.offset, count: input.count) { $0.copyBytes(from: inputBytes) }

        let decided = try decide([.i32(pointer), .i32(length)])
        guard case .i64(let packed) = decided.first else { throw SandboxError(.trap, "decide returned no i64.") }
        let output = try GuestRange(
            pointer: UInt32(truncatingIfNeeded: packed >> 32), length: UInt32(truncatingIfNeeded: packed),
            memoryBytes: memory.byteCount, what: "decide an output"
        )
        guard output.count <= limits.outputBytesMax else {
            throw SandboxError(.outputTooLarge, "The output is \(output.count) bytes; the limit is \(limits.outputBytesMax) (outputBytesMax).")
        }
        return memory.withUnsafeBufferPointer(offset: output.offset, count: output.count) { Array($0) }
    }

    private func parseOutput(_ bytes: [UInt8]) throws(SandboxError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes, limits: JSONLimits(bytesMax: limits.outputBytesMax))
        } catch {
            throw SandboxError(.invalidOutput, "The output is not valid JSON: \(error.message)")
        }
    }

    private func guarded<T>(_ body: () throws -> T) throws(SandboxError) -> T {
        do {
            return try body()
        } catch {
            throw TrapClassifier.classify(error)
        }
    }
}
