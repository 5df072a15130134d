import RemitCore

/// The mutable state of one invocation, shared by its host functions.
///
/// Confined to the invocation's call, like the `Store` it belongs with; never shared.
final class InvocationState {
    let limits: SandboxLimits
    let started: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant
    var logs: [String] = []
    var logLinesDropped = 0

    init(limits: SandboxLimits) {
        self.limits = limits
        started = .now
        deadline = started + .milliseconds(limits.wallTimeMillisecondsMax)
    }

    /// Throws `deadlineExceeded` once the wall-clock budget is spent.
    func checkDeadline(_ place: String) throws(SandboxError) {
        guard ContinuousClock.now <= deadline else {
            throw SandboxError(
                .deadlineExceeded,
                "The invocation ran past its \(limits.wallTimeMillisecondsMax) ms deadline (wallTimeMillisecondsMax), noticed \(place)."
            )
        }
    }

    /// Keeps a log line, cut to `logLineBytesMax`, with card numbers redacted.
    func log(_ bytes: UnsafeRawBufferPointer) {
        guard logs.count < limits.logLinesMax else {
            logLinesDropped += 1
            return
        }
        var line = String(decoding: bytes.prefix(limits.logLineBytesMax), as: UTF8.self)
        if CardNumberDetector.containsCardNumber(line) { line = SandboxInputRedactor.redactionMarker }
        logs.append(line)
    }
}
