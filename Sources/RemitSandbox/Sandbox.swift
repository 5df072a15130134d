import RemitCore
import WasmKit

/// Runs untrusted tenant modules: one fresh WasmKit store and instance per invocation, with
/// fuel, memory, table, stack, input, output and deadline limits, card data removed from the
/// input, and only the host functions granted.
///
/// A `Sandbox` is a value that can be shared between tasks; it holds no instance.
public struct Sandbox: Sendable {
    /// The host clock behind `remit.now`, in milliseconds since 1970.
    public var nowMilliseconds: @Sendable () throws -> Int64
    private let defaultEngine: Engine

    /// Creates a sandbox whose `remit.now` reads `nowMilliseconds`.
    public init(nowMilliseconds: @escaping @Sendable () throws -> Int64 = { WallClock.system.nowMilliseconds }) {
        self.nowMilliseconds = nowMilliseconds
        self.defaultEngine = Self.engine(stackBytes: SandboxLimits.default.stackBytesMax)
    }

    /// Runs `module`'s `decide` on `input` and returns its output.
    ///
    /// The input is always passed through ``SandboxInputRedactor`` first. Every failure,
    /// whether the module's fault or a limit, is a ``SandboxError``; none crashes the process.
    public func invoke(
        _ module: SandboxModule, input: JSONValue,
        limits: SandboxLimits = .default, capabilities: Set<SandboxCapability> = []
    ) throws(SandboxError) -> SandboxResult {
        let engine = limits.stackBytesMax == SandboxLimits.default.stackBytesMax
            ? defaultEngine : Self.engine(stackBytes: limits.stackBytesMax)
        var invocation = Invocation(
            module: module, engine: engine, limits: limits,
            capabilities: capabilities, nowMilliseconds: nowMilliseconds
        )
        return try invocation.run(input: input)
    }

    static func engine(stackBytes: Int) -> Engine {
        Engine(configuration: EngineConfiguration(stackSize: stackBytes, fuelMetering: true))
    }
}
