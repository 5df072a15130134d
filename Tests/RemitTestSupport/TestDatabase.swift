import Foundation
import Logging
import PostgresNIO
import RemitCore
import RemitStore

/// The databases every contract test runs against.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// Why a test could not reach its database.
public struct TestDatabaseError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

/// Opens fresh stores for tests.
///
/// SQLite gets a new file in a temporary folder per test. PostgreSQL uses the server named by
/// `REMIT_TEST_POSTGRES_URL` (scripts/test.sh starts one); tests share its database and stay
/// apart by each creating its own tenants. A missing URL fails the test: it is never skipped.
public enum TestDatabase {
    /// A logger that stays quiet unless `REMIT_TEST_LOG` is set.
    public static var logger: Logger {
        var logger = Logger(label: "remit.test")
        logger.logLevel = ProcessInfo.processInfo.environment["REMIT_TEST_LOG"] == nil ? .critical : .debug
        return logger
    }

    /// A new, empty SQLite file path.
    public static func temporarySQLitePath() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("remit-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("remit.sqlite").path
    }

    /// The location of a fresh database on `backend`; a PostgreSQL database's name starts with `prefix`.
    public static func location(_ backend: TestBackend, prefix: String = "remit_t_") async throws -> StoreLocation {
        switch backend {
        case .sqlite:
            return .sqlite(path: temporarySQLitePath())
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["REMIT_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw TestDatabaseError(description: "REMIT_TEST_POSTGRES_URL is not set; run the suite with scripts/test.sh, which starts PostgreSQL")
            }
            return .postgres(url: try await freshPostgresDatabase(from: url, prefix: prefix))
        }
    }

    /// Creates an empty database on the server of `url` and returns its URL, so every test has
    /// its own: a test's run executor must never pick up another test's runs.
    static func freshPostgresDatabase(from url: String, prefix: String = "remit_t_") async throws -> String {
        guard var components = URLComponents(string: url), let host = components.host else {
            throw TestDatabaseError(description: "REMIT_TEST_POSTGRES_URL is not a URL")
        }
        let name = prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let configuration = PostgresClient.Configuration(host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                                                         password: components.password, database: String(components.path.dropFirst()), tls: .disable)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            group.cancelAll()
        }
        components.path = "/" + name
        guard let fresh = components.string else { throw TestDatabaseError(description: "cannot build a database URL") }
        return fresh
    }

    /// Opens, runs and migrates a store at `location`, hands it to `body`, then stops it.
    public static func withStore<T: Sendable>(at location: StoreLocation, clock: WallClock = .system,
                                              _ body: @Sendable @escaping (Store) async throws -> T) async throws -> T {
        let store = try await Store.open(location, clock: clock, logger: logger)
        let result = try await store.whileRunning { try await body(store) }
        try await store.close()
        return result
    }

    /// Opens a fresh store on `backend` for one test; a PostgreSQL database's name starts with `prefix`.
    public static func withStore<T: Sendable>(_ backend: TestBackend, clock: WallClock = .system, prefix: String = "remit_t_",
                                              _ body: @Sendable @escaping (Store) async throws -> T) async throws -> T {
        try await withStore(at: try await location(backend, prefix: prefix), clock: clock, body)
    }
}
