/// Every bound put on one invocation of an untrusted module, with its default.
///
/// Each limit is enforced by the host, not by the module's good will; `docs/sandbox.md`
/// says how each one is enforced and which are hard bounds.
public struct SandboxLimits: Sendable, Equatable {
    /// Fuel for one invocation: roughly one unit per executed WebAssembly instruction, plus
    /// one per 64 bytes moved by bulk memory operations and grown memory.
    /// Default 11,000,000, the instruction budget of Shopify Functions. This is the real
    /// CPU bound: WasmKit meters it in the interpreter and traps when it runs out.
    public var fuelMax: Int
    /// The largest linear memory, in bytes, at instantiation and after any `memory.grow`.
    /// Default 16 MiB (256 pages of 64 KiB).
    public var memoryBytesMax: Int
    /// The most elements any table may hold, at instantiation and after any `table.grow`.
    /// Default 10,000.
    public var tableElementsMax: Int
    /// The size of WasmKit's interpreter stack (locals and call frames), in bytes.
    /// Exhausting it is a `stackOverflow` error, never a crash. Default 512 KiB.
    public var stackBytesMax: Int
    /// The longest input JSON document, in UTF-8 bytes, after card redaction. Default 64 KiB.
    public var inputBytesMax: Int
    /// The longest output JSON document, in UTF-8 bytes. Default 64 KiB.
    public var outputBytesMax: Int
    /// The wall-clock budget of one invocation, in milliseconds. Default 1,000.
    ///
    /// A second line of defence only: WasmKit 0.4.2 cannot interrupt running code, so the
    /// deadline is checked at every host function call and after the module returns, and an
    /// invocation past it fails with `deadlineExceeded`. A module that calls no host function
    /// runs until it returns or its fuel runs out; fuel is what bounds its CPU time.
    public var wallTimeMillisecondsMax: Int
    /// The most lines `remit.log` keeps for one invocation; later lines are counted, not kept.
    /// Default 32.
    public var logLinesMax: Int
    /// The longest line `remit.log` keeps, in bytes; a longer line is cut. Default 1,024.
    public var logLineBytesMax: Int

    /// Creates limits; every argument has the documented default.
    public init(
        fuelMax: Int = 11_000_000,
        memoryBytesMax: Int = 16 << 20,
        tableElementsMax: Int = 10_000,
        stackBytesMax: Int = 512 << 10,
        inputBytesMax: Int = 64 << 10,
        outputBytesMax: Int = 64 << 10,
        wallTimeMillisecondsMax: Int = 1_000,
        logLinesMax: Int = 32,
        logLineBytesMax: Int = 1_024
    ) {
        self.fuelMax = fuelMax
        self.memoryBytesMax = memoryBytesMax
        self.tableElementsMax = tableElementsMax
        self.stackBytesMax = stackBytesMax
        self.inputBytesMax = inputBytesMax
        self.outputBytesMax = outputBytesMax
        self.wallTimeMillisecondsMax = wallTimeMillisecondsMax
        self.logLinesMax = logLinesMax
        self.logLineBytesMax = logLineBytesMax
    }

    /// The defaults.
    public static let `default` = SandboxLimits()

    /// The size of a WebAssembly memory page, in bytes.
    public static let pageBytes = 65_536
}
