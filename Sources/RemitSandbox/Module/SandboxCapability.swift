/// A host function a module may import, granted per invocation.
///
/// A module may import only the functions of the capabilities it was granted; any other
/// import, WASI included, fails the invocation with `importNotGranted` before the module is
/// instantiated.
public enum SandboxCapability: String, Sendable, Hashable, CaseIterable {
    /// `remit.log(ptr: i32, len: i32)`: appends a UTF-8 line to the result's logs, bounded by
    /// `logLinesMax` and `logLineBytesMax`.
    case log
    /// `remit.now() -> i64`: the current time in milliseconds since 1970, from the host's
    /// injected clock.
    case now

    /// The import module name shared by every host function.
    public static let importModule = "remit"

    /// The import name of this capability's function.
    public var importName: String { rawValue }

    /// The capability a `(module, name)` import asks for, if it is a Remit host function.
    public init?(importModule: String, name: String) {
        guard importModule == Self.importModule, let capability = SandboxCapability(rawValue: name) else { return nil }
        self = capability
    }
}
