import Logging
import PostgresNIO

/// The ceiling a per-transition commit can reach on PostgreSQL: single-row transactions
/// through one pooled connection, with none of Remit's code in the way.
public enum PostgresCommitBaseline {
    /// Commits `count` single-row transactions one after another; returns commits per second.
    public static func measure(url: String, count: Int, logger: Logger) async throws -> Double {
        let parsed = try PostgresURL(url)
        let configuration = PostgresClient.Configuration(host: parsed.host, port: parsed.port, username: parsed.user,
                                                         password: parsed.password, database: parsed.database, tls: .disable)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Double?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask {
                try await client.query("CREATE TABLE IF NOT EXISTS commit_baseline (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)", logger: logger)
                let start = ContinuousClock.now
                for index in 0..<count {
                    try await client.query("INSERT INTO commit_baseline (payload) VALUES (\("row \(index)"))", logger: logger)
                }
                let rate = Double(count) / (ContinuousClock.now - start).seconds
                try await client.query("DROP TABLE commit_baseline", logger: logger)
                return rate
            }
            var rate = 0.0
            while let next = try await group.next() {
                if let next {
                    rate = next
                    group.cancelAll()
                }
            }
            return rate
        }
    }
}
