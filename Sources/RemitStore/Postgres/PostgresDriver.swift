import Foundation
import Logging
import PostgresNIO

/// PostgreSQL through PostgresNIO's connection pool: for production and for several Remit
/// nodes sharing work.
final class PostgresDriver: SQLDriver {
    let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let logger: Logger

    init(url: PostgresURL, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password,
            database: url.database, tls: url.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = url.maximumConnections
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        // BEGIN/COMMIT by hand rather than `withTransaction`, so callers see the error their own
        // code threw (a validation error, a duplicate) and not a wrapper around it.
        try await client.withConnection { connection in
            let sql = PostgresSQLConnection(connection: connection, logger: logger)
            _ = try await sql.execute("BEGIN", [])
            do {
                let result = try await body(sql)
                _ = try await sql.execute("COMMIT", [])
                return result
            } catch {
                _ = try? await sql.execute("ROLLBACK", [])
                throw error
            }
        }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(PostgresSQLConnection(connection: connection, logger: logger))
        }
    }

    func migrationLock<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        try await transaction { connection in
            // Two nodes starting at once must not both apply the same migration.
            _ = try await connection.query("SELECT pg_advisory_xact_lock(7210301) AS locked", [])
            return try await body(connection)
        }
    }

    func run() async throws {
        await client.run()
    }

    func close() async throws {}
}

/// Statements on one pooled PostgreSQL connection.
struct PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await run(sql, binds).rows.map { row in
            var columns: [String] = []
            var values: [SQLValue] = []
            for cell in row {
                columns.append(cell.columnName)
                values.append(try SQLValue(cell))
            }
            return SQLRow(columns: columns, values: values)
        }
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        try await run(sql, binds).metadata.rows ?? 0
    }

    private func run(_ sql: String, _ binds: [SQLValue]) async throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .null: bindings.appendNull()
            case let .integer(value): bindings.append(value)
            case let .text(value): bindings.append(value)
            case let .blob(bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        let query = PostgresQuery(unsafeSQL: PostgresPlaceholders.rewrite(sql), binds: bindings)
        do {
            let future: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
            return try await future.get()
        } catch let error as PSQLError {
            if error.serverInfo?[.sqlState] == "23505" {
                throw StoreError.duplicate(error.serverInfo?[.constraintName] ?? "unique constraint")
            }
            throw error
        }
    }
}

extension SQLValue {
    init(_ cell: PostgresCell) throws {
        guard var bytes = cell.bytes else {
            self = .null
            return
        }
        switch cell.dataType {
        case .int2, .int4, .int8:
            self = .integer(try cell.decode(Int64.self))
        case .bool:
            self = .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea:
            self = .blob(Array(buffer: bytes))
        case .jsonb:
            // Binary jsonb is a version byte followed by the JSON text.
            _ = bytes.readInteger(as: UInt8.self)
            self = .text(String(buffer: bytes))
        default:
            self = .text(String(buffer: bytes))
        }
    }
}

/// Turns the store's `?` placeholders into PostgreSQL's `$1, $2, …`, leaving quoted text alone.
enum PostgresPlaceholders {
    static func rewrite(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var counter = 0
        var inQuote = false
        for character in sql {
            if character == "'" { inQuote.toggle() }
            if character == "?", !inQuote {
                counter += 1
                output += "$\(counter)"
            } else {
                output.append(character)
            }
        }
        return output
    }
}

/// A parsed `postgres://user:password@host:port/database?sslmode=require&pool_max=20` URL.
struct PostgresURL: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var requireTLS: Bool
    var maximumConnections: Int

    init(_ text: String) throws(StoreError) {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty
        else { throw .invalidConfiguration("expected postgres://user:password@host:port/database") }
        self.host = host
        port = components.port ?? 5432
        user = components.user ?? "postgres"
        password = components.password
        let name = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = name.isEmpty ? "remit" : name
        let items = components.queryItems ?? []
        requireTLS = items.first { $0.name == "sslmode" }?.value.map { ["require", "verify-full", "verify-ca"].contains($0) } ?? false
        maximumConnections = items.first { $0.name == "pool_max" }?.value.flatMap(Int.init) ?? 20
    }
}
