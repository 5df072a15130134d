/// A checked span of a module's linear memory.
///
/// Every pointer and length a module hands the host is unsigned 32-bit and untrusted; the
/// span is checked in 64-bit arithmetic against the memory's current size before any byte is
/// touched, so a length near 2^31 or a `ptr + len` that wraps around 2^32 is refused, never
/// read. (WasmKit's own buffer accessors only `precondition` their bounds.)
struct GuestRange {
    let offset: UInt
    let count: Int

    init(pointer: UInt32, length: UInt32, memoryBytes: Int, what: String) throws(SandboxError) {
        let end = UInt64(pointer) + UInt64(length)
        guard end <= UInt64(memoryBytes) else {
            throw SandboxError(
                .badPointer,
                "The module gave \(what) at pointer \(pointer) with length \(length), which ends at \(end), beyond its \(memoryBytes)-byte memory."
            )
        }
        offset = UInt(pointer)
        count = Int(length)
    }
}
