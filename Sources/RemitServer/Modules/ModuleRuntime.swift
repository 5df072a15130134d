import Dispatch
import Foundation
import RemitCore
import RemitSandbox
import RemitStore
import Synchronization

/// Bounds on tenant modules that the server applies, with their defaults.
public struct ModuleConfiguration: Sendable, Equatable {
    /// The largest module binary (or WebAssembly text) accepted, in bytes. Default 1 MiB.
    public var moduleBytesMax: Int
    /// The limits of every invocation, and the most a tenant may ask for. A module may ask for
    /// less (`limits` at upload), never more.
    public var limits: SandboxLimits
    /// Invocations running at once on this node; more wait their turn. Default 4: modules
    /// run on their own threads, so a slow module never holds up HTTP or the executor.
    public var invocationsConcurrentMax: Int
    /// Invocations that may wait for a free slot; one more is refused at once. Default 256.
    public var invocationsQueuedMax: Int
    /// Compiled modules kept in memory, keyed by hash. Default 256.
    public var compiledModulesMax: Int

    /// Creates the configuration; every argument has the documented default.
    public init(moduleBytesMax: Int = 1 << 20, limits: SandboxLimits = .default, invocationsConcurrentMax: Int = 4,
                invocationsQueuedMax: Int = 256, compiledModulesMax: Int = 256) {
        self.moduleBytesMax = moduleBytesMax
        self.limits = limits
        self.invocationsConcurrentMax = invocationsConcurrentMax
        self.invocationsQueuedMax = invocationsQueuedMax
        self.compiledModulesMax = compiledModulesMax
    }
}

/// Why an invocation produced no output.
struct ModuleFailure: Error, Sendable, CustomStringConvertible {
    /// The sandbox's code (`out_of_fuel`, `trap`, …) or `busy` when no slot was free.
    var code: String
    /// What went wrong, from the sandbox; never the module's input.
    var message: String
    /// Whether trying again later may succeed (only `busy`): a module that trapped will trap again.
    var retryable: Bool

    var description: String { "\(code): \(message)" }
}

/// Runs tenant modules: compiled once per hash, instantiated afresh for every call (never
/// shared between tenants or calls), each call on a thread of its own queue and under the
/// module's limits.
public final class ModuleRuntime: Sendable {
    let configuration: ModuleConfiguration
    private let sandbox: Sandbox
    private let cache: SandboxModuleCache
    private let gate: InvocationGate
    private let queue = DispatchQueue(label: "remit.modules", attributes: .concurrent)

    /// Creates a runtime whose `remit.now` reads `clock`.
    public init(configuration: ModuleConfiguration = ModuleConfiguration(), clock: WallClock) {
        self.configuration = configuration
        self.sandbox = Sandbox(nowMilliseconds: { clock.nowMilliseconds })
        self.cache = SandboxModuleCache(compiledModulesMax: configuration.compiledModulesMax)
        self.gate = InvocationGate(runningMax: configuration.invocationsConcurrentMax, waitingMax: configuration.invocationsQueuedMax)
    }

    /// Compiles `bytes`, or returns the cached module with the same hash.
    func compile(_ bytes: [UInt8]) throws(SandboxError) -> SandboxModule {
        try cache.module(bytes: bytes)
    }

    /// Runs `version` on `input` (card data is removed by the sandbox before the module sees it).
    func invoke(_ version: StoredModuleVersion, input: JSONValue) async throws(ModuleFailure) -> SandboxResult {
        let module: SandboxModule
        do {
            module = try compile(version.wasm)
        } catch {
            throw ModuleFailure(code: error.code.rawValue, message: error.message, retryable: false)
        }
        let limits = ModuleLimits.effective(version.limits, server: configuration.limits)
        let capabilities = Set(version.capabilities.compactMap(SandboxCapability.init(rawValue:)))
        guard gate.enter() else {
            throw ModuleFailure(code: "busy", message: "\(configuration.invocationsQueuedMax) module invocations are already waiting (invocationsQueuedMax); try again shortly.",
                                retryable: true)
        }
        defer { gate.leave() }
        await gate.waitForTurn()
        let sandbox = sandbox
        let result: Result<SandboxResult, SandboxError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(SandboxError) {
                    continuation.resume(returning: .success(try sandbox.invoke(module, input: input, limits: limits, capabilities: capabilities)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        switch result {
        case var .success(value):
            // The module never saw card data, but its output is stored and shown: redact it as well.
            value.output = SandboxInputRedactor.redact(value.output)
            return value
        case let .failure(error):
            throw ModuleFailure(code: error.code.rawValue, message: error.message, retryable: false)
        }
    }
}

/// A counting gate: at most `runningMax` holders at once, at most `waitingMax` waiting.
final class InvocationGate: Sendable {
    private struct State {
        var admitted = 0
        var running = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let runningMax: Int
    private let waitingMax: Int
    private let state = Mutex(State())

    init(runningMax: Int, waitingMax: Int) {
        self.runningMax = max(1, runningMax)
        self.waitingMax = max(0, waitingMax)
    }

    /// Takes a place in line; false when the line is full.
    func enter() -> Bool {
        state.withLock { state in
            guard state.admitted < runningMax + waitingMax else { return false }
            state.admitted += 1
            return true
        }
    }

    /// Waits until fewer than `runningMax` holders run, then runs.
    func waitForTurn() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.running < runningMax {
                    state.running += 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Leaves after `waitForTurn` returned; hands the slot to the longest waiter.
    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.admitted -= 1
            guard !state.waiters.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
