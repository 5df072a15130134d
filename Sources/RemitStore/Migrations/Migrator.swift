import Logging

/// Applies the migrations a database has not seen, in order, each in its own transaction.
struct Migrator {
    let driver: any SQLDriver
    let logger: Logger
    let now: Int64

    func migrate(_ migrations: [Migration] = Migrations.all) async throws {
        let dialect = driver.dialect
        try await driver.migrationLock { connection in
            try await connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at \(dialect == .postgres ? "BIGINT" : "INTEGER") NOT NULL)
            """, [])
            let applied = try await connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version", [])
            var appliedVersions = Set<Int>()
            for row in applied {
                let version = Int(try row.int("version"))
                appliedVersions.insert(version)
                guard let known = migrations.first(where: { $0.version == version }) else {
                    throw StoreError.schemaTooNew(version: version)
                }
                guard try row.text("checksum") == known.checksum else {
                    throw StoreError.migrationChanged(version: version, name: known.name)
                }
            }
            for migration in migrations where !appliedVersions.contains(migration.version) {
                for statement in migration.statements(for: dialect) {
                    try await connection.execute(statement, [])
                }
                try await connection.execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                                             migration.version, migration.name, migration.checksum, now)
                logger.info("applied migration", metadata: ["migration.version": "\(migration.version)", "migration.name": "\(migration.name)"])
            }
        }
    }
}
