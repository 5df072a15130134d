import Foundation
import Logging
import RemitGatewaySim

/// Runs the real simulated gateway (`remit gateway-sim`) on 127.0.0.1, on a free port, over a
/// SQLite file, for the length of one closure.
public enum TestGateway {
    public static let quiet = Logger(label: "remit.tests.gateway") { _ in SwiftLogNoOpLogHandler() }

    /// A fresh path for a gateway file in the temporary directory.
    public static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gateway-\(UUID().uuidString).sqlite").path
    }

    /// Deletes a gateway file with its WAL and shared-memory files.
    public static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Starts a gateway, hands `body` its port, then shuts it down gracefully.
    public static func withGateway<T: Sendable>(seed: UInt64 = 1, faults: GatewayFaults = GatewayFaults(), path: String? = nil,
                                                _ body: @Sendable (_ port: Int) async throws -> T) async throws -> T {
        let configuration = GatewaySimConfiguration(port: 0, databasePath: path ?? temporaryPath(), seed: seed, faults: faults)
        defer { if path == nil { removeDatabase(at: configuration.databasePath) } }
        return try await GatewaySimService.whileRunning(configuration, logger: quiet, body)
    }
}
