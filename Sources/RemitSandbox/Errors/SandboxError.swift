/// Why a sandboxed module could not be compiled or could not produce a decision.
///
/// The one error type of `RemitSandbox`. The `message` says what went wrong and how to fix it;
/// it never contains the module's input, its output or card data.
public struct SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; stable, and part of the API.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The bytes or the text are not a valid WebAssembly module.
        case invalidModule = "invalid_module"
        /// The module imports something that was not granted to it.
        case importNotGranted = "import_not_granted"
        /// The module lacks `memory`, `alloc` or `decide`, or one has the wrong type.
        case missingExport = "missing_export"
        /// The module used all the fuel in `SandboxLimits.fuelMax`.
        case outOfFuel = "out_of_fuel"
        /// The module's linear memory would exceed `SandboxLimits.memoryBytesMax`.
        case memoryLimit = "memory_limit"
        /// A table would exceed `SandboxLimits.tableElementsMax`.
        case tableLimit = "table_limit"
        /// The module's call stack exceeded `SandboxLimits.stackBytesMax`.
        case stackOverflow = "stack_overflow"
        /// The module trapped: `unreachable`, an out-of-bounds access, a division by zero...
        case trap = "trap"
        /// The module gave the host a pointer or length outside its linear memory.
        case badPointer = "bad_pointer"
        /// The input JSON is longer than `SandboxLimits.inputBytesMax`.
        case inputTooLarge = "input_too_large"
        /// The output is longer than `SandboxLimits.outputBytesMax`.
        case outputTooLarge = "output_too_large"
        /// The output is not a JSON document accepted by RemitCore's strict parser.
        case invalidOutput = "invalid_output"
        /// The invocation ran past `SandboxLimits.wallTimeMillisecondsMax`.
        case deadlineExceeded = "deadline_exceeded"
        /// A host function granted to the module failed.
        case hostFunctionFailed = "host_function_failed"
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message, e.g. `out_of_fuel: the module used all of its 1000 fuel`.
    public var description: String { "\(code.rawValue): \(message)" }
}
