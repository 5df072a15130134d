import Logging
import RemitCore
import ServiceLifecycle
import Synchronization

/// Where Remit keeps its data.
public enum StoreLocation: Sendable, Equatable {
    /// An embedded SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL server, as a `postgres://` URL.
    case postgres(url: String)

    /// Reads a `--database` argument: a `postgres://` URL, or else a SQLite file path.
    public init(argument: String) {
        if argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") {
            self = .postgres(url: argument)
        } else {
            self = .sqlite(path: argument)
        }
    }
}

/// Remit's storage: one interface over SQLite and PostgreSQL.
///
/// Every change happens inside `write`, in one transaction with its consequences. The
/// store is a `Service`: PostgreSQL's connection pool runs inside `run()`, so the store must
/// be in the service group (or have `run()` running) while it is used.
public final class Store: Service, Sendable {
    let driver: any SQLDriver
    let clock: WallClock
    let logger: Logger

    /// Whether this store can only serve one Remit node (an embedded SQLite file), so work
    /// that several nodes would coordinate through the database may be coordinated in memory.
    public var isSingleNode: Bool { driver.dialect == .sqlite }

    /// The SQL dialect in use, for diagnostics.
    public var backend: String { driver.dialect == .postgres ? "postgres" : "sqlite" }

    private init(driver: any SQLDriver, clock: WallClock, logger: Logger) {
        self.driver = driver
        self.clock = clock
        self.logger = logger
    }

    /// Opens the database at `location`. Call `migrate()` (with `run()` running) before use.
    public static func open(_ location: StoreLocation, clock: WallClock, logger: Logger) async throws -> Store {
        switch location {
        case let .sqlite(path):
            return Store(driver: try await SQLiteDriver(path: path), clock: clock, logger: logger)
        case let .postgres(url):
            return Store(driver: PostgresDriver(url: try PostgresURL(url), logger: logger), clock: clock, logger: logger)
        }
    }

    /// Brings the schema up to date; safe to call from several nodes at once.
    public func migrate() async throws {
        try await Migrator(driver: driver, logger: logger, now: clock.nowMilliseconds).migrate()
    }

    /// Runs the store's background work until the task is cancelled.
    public func run() async throws {
        // Return on graceful shutdown as well as on cancellation, so a service group can stop.
        do {
            try await cancelWhenGracefulShutdown { try await self.driver.run() }
        } catch is CancellationError {}
    }

    /// Closes the database.
    public func close() async throws {
        try await driver.close()
    }

    /// Runs the store's background work beside `body`, migrating first, and stops it when
    /// `body` returns: for commands and tools that use the store outside a service group.
    public func whileRunning<T: Sendable>(_ body: @Sendable @escaping () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await self.run()
                return nil
            }
            group.addTask {
                try await self.migrate()
                return try await body()
            }
            var result: T?
            while let next = try await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            guard let result else { throw CancellationError() }
            return result
        }
    }

    /// Runs `body` in one transaction: everything it writes commits together, or nothing does.
    public func write<T: Sendable>(_ body: @Sendable (StoreTransaction) async throws -> T) async throws -> T {
        try await driver.transaction { connection in
            try await body(StoreTransaction(connection: connection))
        }
    }

    /// Runs read-only `body` against committed data.
    public func read<T: Sendable>(_ body: @Sendable (StoreTransaction) async throws -> T) async throws -> T {
        try await driver.read { connection in
            try await body(StoreTransaction(connection: connection))
        }
    }

    /// The durability settings in force, such as `journal_mode` and `synchronous` on SQLite.
    public func durabilitySettings() async throws -> [String: String] {
        switch driver.dialect {
        case .sqlite:
            return try await driver.transaction { connection in
                let journal = try await connection.query("PRAGMA journal_mode", [])
                let synchronous = try await connection.query("PRAGMA synchronous", [])
                let modes = ["0": "OFF", "1": "NORMAL", "2": "FULL", "3": "EXTRA"]
                return [
                    "journal_mode": try journal.first.map { try $0.text("journal_mode") } ?? "?",
                    "synchronous": synchronous.first.flatMap { row -> String? in
                        guard case let .integer(value) = row["synchronous"] else { return nil }
                        return modes[String(value)]
                    } ?? "?",
                ]
            }
        case .postgres:
            return try await driver.read { connection in
                let rows = try await connection.query("SELECT current_setting('synchronous_commit') AS synchronous_commit", [])
                return ["synchronous_commit": try rows.first.map { try $0.text("synchronous_commit") } ?? "?"]
            }
        }
    }
}

/// The operations of one transaction (or one read), scoped by the caller to a tenant.
public struct StoreTransaction: Sendable {
    let connection: any SQLConnection
    /// Where writes whose result nobody reads wait to be sent together (see `deferringWrites`).
    var deferred: DeferredWrites?
    var dialect: SQLDialect { connection.dialect }

    init(connection: any SQLConnection, deferred: DeferredWrites? = nil) {
        self.connection = connection
        self.deferred = deferred
    }

    /// Runs a write whose result nobody reads: at once, or held for `deferringWrites`.
    func write(_ sql: String, _ binds: [SQLValue]) async throws {
        if let deferred {
            deferred.append(sql, binds)
        } else {
            try await connection.execute(sql, binds)
        }
    }

    func write(_ sql: String, _ binds: any SQLBindable...) async throws {
        try await write(sql, binds.map(\.sqlValue))
    }

    /// Runs `body` with the writes it makes through run, journal, event, outbox and payment
    /// status records held back, then sends them: on PostgreSQL as one statement of
    /// data-modifying CTEs (one round trip instead of one per write), on SQLite one by one
    /// (its statements cost no round trip). Reads inside `body` do not see the held writes, so
    /// `body` must not read what it wrote, nor write one row twice (a run, a payment).
    public func deferringWrites<T>(_ body: (StoreTransaction) async throws -> T) async throws -> T {
        guard dialect == .postgres, deferred == nil else { return try await body(self) }
        return try await combiningWrites(body)
    }

    /// Like `deferringWrites`, but the writes `body` makes are sent when `body` returns even
    /// inside an outer `deferringWrites`: for writes that later reads in the same transaction
    /// must see (the ledger reads the balances it wrote).
    func writingTogether<T>(_ body: (StoreTransaction) async throws -> T) async throws -> T {
        guard dialect == .postgres else { return try await body(StoreTransaction(connection: connection, deferred: nil)) }
        return try await combiningWrites(body)
    }

    private func combiningWrites<T>(_ body: (StoreTransaction) async throws -> T) async throws -> T {
        let writes = DeferredWrites()
        let result = try await body(StoreTransaction(connection: connection, deferred: writes))
        for statement in writes.combinedForPostgres() {
            try await connection.execute(statement.sql, statement.binds)
        }
        return result
    }
}

/// Writes held back by `StoreTransaction.deferringWrites`.
final class DeferredWrites: Sendable {
    /// The most bind parameters in one combined statement (PostgreSQL allows 65,535).
    static let bindsPerStatementMax = 30_000
    /// The most writes combined into one statement.
    static let writesPerStatementMax = 500

    private let writes = Mutex<[(sql: String, binds: [SQLValue])]>([])

    func append(_ sql: String, _ binds: [SQLValue]) {
        writes.withLock { $0.append((sql, binds)) }
    }

    /// The held writes as few statements: `WITH w0 AS (…), w1 AS (…) SELECT 1`. The `?`
    /// placeholders stay in order, so the driver numbers them as before.
    func combinedForPostgres() -> [(sql: String, binds: [SQLValue])] {
        var statements: [(sql: String, binds: [SQLValue])] = []
        var parts: [String] = []
        var binds: [SQLValue] = []
        func close() {
            guard !parts.isEmpty else { return }
            let sql = parts.count == 1 ? parts[0]
                : "WITH " + parts.enumerated().map { "w\($0.offset) AS (\($0.element))" }.joined(separator: ", ") + " SELECT 1"
            statements.append((sql, binds))
            parts = []
            binds = []
        }
        for write in writes.withLock({ $0 }) {
            if !parts.isEmpty, parts.count >= Self.writesPerStatementMax || binds.count + write.binds.count > Self.bindsPerStatementMax { close() }
            parts.append(write.sql)
            binds += write.binds
        }
        close()
        return statements
    }
}
