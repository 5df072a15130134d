import Foundation
import GRDB

/// The ceiling a per-request commit can reach: single-row transactions straight through GRDB
/// on a fresh SQLite file in WAL mode with `synchronous=FULL`, as Remit runs it, with none of
/// Remit's code in the way. Benchmarks report Remit's rates next to this one.
public enum SQLiteCommitBaseline {
    /// Commits `count` single-row transactions one after another; returns commits per second.
    public static func measure(path: String, count: Int) async throws -> Double {
        let pool = try DatabasePool(path: path)
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS baseline (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
        }
        let start = ContinuousClock.now
        for index in 0..<count {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO baseline (payload) VALUES (?)", arguments: ["row \(index)"])
            }
        }
        let elapsed = ContinuousClock.now - start
        try pool.close()
        return Double(count) / elapsed.seconds
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`, for reporting rates.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
