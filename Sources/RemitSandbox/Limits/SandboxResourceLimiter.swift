@_spi(Fuzzing) import WasmKit

/// Refuses linear memory and table sizes beyond the invocation's limits.
///
/// WasmKit 0.4.2 asks a store's `ResourceLimiter` (a public protocol) before it allocates a
/// memory or a table at instantiation and before every `memory.grow` and `table.grow`. The
/// store property that installs it, `Store.resourceLimiter`, is still `@_spi(Fuzzing)`, so
/// this module imports WasmKit with `@_spi(Fuzzing)` to set it; that is the only SPI used
/// for limits.
///
/// A growth past the limit throws instead of letting `memory.grow` return -1: an untrusted
/// module that asks for more than it may have stops at once with `memoryLimit` or
/// `tableLimit`, rather than spinning on a failed grow until its fuel runs out.
final class SandboxResourceLimiter: ResourceLimiter {
    let memoryBytesMax: Int
    let tableElementsMax: Int

    init(limits: SandboxLimits) {
        memoryBytesMax = limits.memoryBytesMax
        tableElementsMax = limits.tableElementsMax
    }

    func limitMemoryGrowth(to desired: Int) throws -> Bool {
        guard desired <= memoryBytesMax else {
            throw SandboxError(
                .memoryLimit,
                "The module asked for \(desired) bytes of linear memory; the limit is \(memoryBytesMax) bytes (memoryBytesMax)."
            )
        }
        return true
    }

    func limitTableGrowth(to desired: Int) throws -> Bool {
        guard desired <= tableElementsMax else {
            throw SandboxError(
                .tableLimit,
                "The module asked for a table of \(desired) elements; the limit is \(tableElementsMax) (tableElementsMax)."
            )
        }
        return true
    }
}
