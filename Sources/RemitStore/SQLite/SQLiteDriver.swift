import Foundation
import GRDB

/// SQLite through GRDB: one file, WAL journal, `synchronous=FULL`, one writer at a time and
/// concurrent readers.
final class SQLiteDriver: SQLDriver {
    let dialect = SQLDialect.sqlite
    private let pool: DatabasePool
    private let writeLock = AsyncLock()

    init(path: String) async throws {
        var configuration = Configuration()
        // A Remit transaction spans several awaits, so BEGIN and COMMIT are issued by hand on the
        // writer connection while `writeLock` is held; GRDB must not object to that.
        configuration.allowsUnsafeTransactions = true
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.invalidConfiguration("cannot open SQLite database at \(path): \(error)")
        }
        // DatabasePool sets synchronous=NORMAL after prepareDatabase; durability needs FULL,
        // and only the writer connection's setting matters.
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            let connection = SQLiteConnection(pool: pool, writer: true)
            _ = try await connection.execute("BEGIN IMMEDIATE", [])
            do {
                let result = try await body(connection)
                _ = try await connection.execute("COMMIT", [])
                return result
            } catch {
                _ = try? await connection.execute("ROLLBACK", [])
                throw error
            }
        }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await body(SQLiteConnection(pool: pool, writer: false))
    }

    func migrationLock<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    func run() async throws {
        // Nothing runs in the background; wait for shutdown so the service group stays up.
        try await Task.sleep(for: .seconds(Double(Int32.max)))
    }

    func close() async throws {
        try pool.close()
    }
}

/// Statements on the SQLite writer (inside a transaction) or on a reader.
struct SQLiteConnection: SQLConnection {
    let pool: DatabasePool
    let writer: Bool
    var dialect: SQLDialect { .sqlite }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let arguments = StatementArguments(binds.map(\.databaseValue))
        let fetch: @Sendable (Database) throws -> [SQLRow] = { db in
            // Cached statements: Remit's SQL is a small fixed set, so each is compiled once per connection.
            try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: arguments).map { row in
                SQLRow(columns: Array(row.columnNames), values: row.databaseValues.map(SQLValue.init))
            }
        }
        // The synchronous GRDB calls run the statement on this thread: a statement takes
        // microseconds, while hopping to GRDB's queue and back costs two thread wake-ups, which
        // profiling showed to dominate a request. Only the holder of `writeLock` uses the writer.
        do {
            return writer ? try Self.onWriter(pool, fetch) : try Self.onReader(pool, fetch)
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        let arguments = StatementArguments(binds.map(\.databaseValue))
        do {
            return try Self.onWriter(pool) { db in
                // Transaction control and DDL run rarely and vary; the rest is cached.
                if sql.hasPrefix("BEGIN") || sql == "COMMIT" || sql == "ROLLBACK" || sql.hasPrefix("CREATE") {
                    try db.execute(sql: sql, arguments: arguments)
                } else {
                    try db.cachedStatement(sql: sql).execute(arguments: arguments)
                }
                return db.changesCount
            }
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    // Synchronous on purpose (see `query`): from a non-async function Swift picks GRDB's
    // blocking overloads, which run the closure on the calling thread.
    private static func onWriter<T>(_ pool: DatabasePool, _ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction(body)
    }

    private static func onReader<T>(_ pool: DatabasePool, _ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    static func translate(_ error: DatabaseError) -> any Error {
        if error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            return StoreError.duplicate(error.message ?? "unique constraint")
        }
        return error
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case let .integer(value): return value.databaseValue
        case let .text(value): return value.databaseValue
        case let .blob(bytes): return Data(bytes).databaseValue
        }
    }

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case let .int64(integer): self = .integer(integer)
        case let .double(double): self = .text(String(double))
        case let .string(text): self = .text(text)
        case let .blob(data): self = .blob(Array(data))
        }
    }
}
