import Foundation
import Logging

/// What every benchmark needs: a scratch folder removed afterwards and a quiet logger.
enum BenchSupport {
    /// Errors only: benchmarks print their own results.
    static let logger: Logger = {
        var logger = Logger(label: "remit-bench")
        logger.logLevel = .error
        return logger
    }()

    /// Runs `body` with a fresh temporary folder, then removes it.
    static func withScratchFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("remit-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }
}
