import WasmKit

/// Turns whatever WasmKit throws into a ``SandboxError``, in one place.
///
/// `Trap.reason` is not public in WasmKit 0.4.2, so traps are told apart by their
/// description, whose first line is `Trap: <reason>`; the backtrace lines after it are
/// dropped from the message.
enum TrapClassifier {
    static func classify(_ error: any Error) -> SandboxError {
        if let error = error as? SandboxError { return error }
        guard let trap = error as? Trap else {
            return SandboxError(.invalidModule, "WasmKit refused the module: \(firstLine(String(describing: error))).")
        }
        var reason = firstLine(trap.description)
        if reason.hasPrefix("Trap: ") { reason.removeFirst("Trap: ".count) }
        return SandboxError(code(for: reason), message(for: reason))
    }

    private static func code(for reason: String) -> SandboxError.Code {
        if reason == "out of fuel" { return .outOfFuel }
        if reason.hasPrefix("call stack exhausted") { return .stackOverflow }
        if reason.hasPrefix("initial memory size exceeds") { return .memoryLimit }
        if reason.hasPrefix("initial table size exceeds") { return .tableLimit }
        return .trap
    }

    private static func message(for reason: String) -> String {
        switch code(for: reason) {
        case .outOfFuel: "The module used all of its fuel (fuelMax) before returning; it may loop forever."
        case .stackOverflow: "The module's call stack exceeded stackBytesMax; it may recurse without end."
        default: "The module trapped: \(reason)."
        }
    }

    private static func firstLine(_ text: String) -> String {
        String(text.prefix { $0 != "\n" })
    }
}
