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

    /// Runs `serve` (an application) beside `body`, and stops it when `body` returns.
    static func whileServing<T: Sendable>(_ serve: @escaping @Sendable () async throws -> Void,
                                          _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await serve()
                return nil
            }
            group.addTask { try await body() }
            var result: T?
            while let next = try await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            guard let result else { throw BenchError(description: "the server stopped before the benchmark finished") }
            return result
        }
    }
}
