import Crypto
import Synchronization

/// Compiled modules keyed by the SHA-256 of their binary, so a module uploaded once is
/// parsed and checked once, however often it runs.
///
/// Bounded by `compiledModulesMax`; when full, the least recently used module is dropped.
/// Safe to share between tasks.
public final class SandboxModuleCache: Sendable {
    /// The most modules kept. Default 256.
    public let compiledModulesMax: Int
    private let state = Mutex(State())

    private struct State {
        var modules: [String: (module: SandboxModule, lastUse: UInt64)] = [:]
        var tick: UInt64 = 0
    }

    /// Creates an empty cache.
    public init(compiledModulesMax: Int = 256) {
        precondition(compiledModulesMax > 0, "a cache must hold at least one module")
        self.compiledModulesMax = compiledModulesMax
    }

    /// The number of modules held.
    public var count: Int { state.withLock { $0.modules.count } }

    /// Whether the module with this hash is held.
    public func contains(hash: String) -> Bool { state.withLock { $0.modules[hash] != nil } }

    /// The compiled module for `bytes`, compiling and keeping it on first use.
    public func module(bytes: [UInt8]) throws(SandboxError) -> SandboxModule {
        let hash = SHA256.hash(data: bytes).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        if let cached = lookUp(hash) { return cached }
        // Compiled outside the lock: two tasks compiling the same new module both succeed and
        // keep equal results, which is cheaper than making every lookup wait for a compile.
        let module = try SandboxModule(bytes: bytes)
        state.withLock { state in
            state.tick += 1
            if state.modules[hash] == nil, state.modules.count >= compiledModulesMax,
               let oldest = state.modules.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.modules[oldest] = nil
            }
            state.modules[hash] = (module, state.tick)
        }
        return module
    }

    private func lookUp(_ hash: String) -> SandboxModule? {
        state.withLock { state in
            guard let entry = state.modules[hash] else { return nil }
            state.tick += 1
            state.modules[hash] = (entry.module, state.tick)
            return entry.module
        }
    }
}
