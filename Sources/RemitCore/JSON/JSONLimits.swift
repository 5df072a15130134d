/// Bounds on a JSON document Remit accepts. Exceeding one is a clear error, never a crash.
public struct JSONLimits: Sendable, Equatable {
    /// The deepest nesting of arrays and objects.
    public var depthMax: Int
    /// The most bytes in one document.
    public var bytesMax: Int
    /// The most members in one object or elements in one array.
    public var containerElementsMax: Int
    /// The longest string, in bytes.
    public var stringBytesMax: Int

    /// Creates limits.
    public init(depthMax: Int = 32, bytesMax: Int = 1 << 20, containerElementsMax: Int = 10_000, stringBytesMax: Int = 64 * 1024) {
        self.depthMax = depthMax
        self.bytesMax = bytesMax
        self.containerElementsMax = containerElementsMax
        self.stringBytesMax = stringBytesMax
    }

    /// The defaults: depth 32, 1 MiB, 10,000 elements a container, 64 KiB a string.
    public static let `default` = JSONLimits()
}
