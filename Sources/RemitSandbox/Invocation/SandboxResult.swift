import RemitCore

/// What one successful invocation produced.
public struct SandboxResult: Sendable, Equatable {
    /// The module's output document.
    public var output: JSONValue
    /// The fuel the invocation used, instantiation included.
    public var fuelUsed: Int
    /// The wall-clock time of the whole invocation, from redaction to the parsed output.
    public var wallTime: Duration
    /// The lines the module wrote with `remit.log`, at most `logLinesMax`.
    public var logs: [String]
    /// How many lines beyond `logLinesMax` the module tried to write.
    public var logLinesDropped: Int
}
