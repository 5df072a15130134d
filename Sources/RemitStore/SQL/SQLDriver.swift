/// Runs statements on one connection, inside or outside a transaction.
protocol SQLConnection: Sendable {
    /// The connection's dialect.
    var dialect: SQLDialect { get }
    /// Runs a statement with `?` placeholders and returns its rows.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Runs a statement and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int
}

/// A database Remit can store in: SQLite or PostgreSQL.
protocol SQLDriver: Sendable {
    /// The dialect of its SQL.
    var dialect: SQLDialect { get }
    /// Runs `body` in one write transaction: all of it commits, or none of it.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Runs read-only `body`; it sees committed data.
    func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Runs the driver's background work (PostgreSQL's connection pool) until cancelled.
    func run() async throws
    /// Runs schema changes that must not interleave with another node's.
    func migrationLock<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Closes the database.
    func close() async throws
}

extension SQLConnection {
    func query(_ sql: String, _ binds: any SQLBindable...) async throws -> [SQLRow] {
        try await query(sql, binds.map(\.sqlValue))
    }

    @discardableResult
    func execute(_ sql: String, _ binds: any SQLBindable...) async throws -> Int {
        try await execute(sql, binds.map(\.sqlValue))
    }
}
