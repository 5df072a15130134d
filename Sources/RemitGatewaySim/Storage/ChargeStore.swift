import Foundation
import GRDB
import RemitCore

/// The gateway's own SQLite file: charges by idempotency key, the settlement log, and the
/// attempt counters of the error fault. WAL journal, `synchronous=FULL`: once a charge is
/// answered (or its answer deliberately lost) it survives a crash of the gateway.
public final class ChargeStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the file at `path` and brings its schema up to date. With
    /// `synchronousCommits` false, commits are durable against a crash of the gateway's
    /// process but not of the machine (`synchronous=NORMAL`).
    public init(path: String, synchronousCommits: Bool = true) async throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "gateway-sim"
        pool = try DatabasePool(path: path, configuration: configuration)
        // DatabasePool sets synchronous=NORMAL after prepareDatabase; a charge must be on disk
        // before its answer leaves, so set FULL on the writer once the pool is open.
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: synchronousCommits ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
        }
        try Self.migrator.migrate(pool)
    }

    /// Closes the file; the store cannot be used afterwards.
    public func close() throws {
        try pool.close()
    }

    /// The writer connection's journal mode and `synchronous` level (2 is FULL), for tests.
    public func durabilitySettings() async throws -> (journalMode: String, synchronous: Int) {
        try await pool.writeWithoutTransaction { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }

    /// Creates the charge for `key`, or finds the one already made, in one transaction: the
    /// writer is serial and the key is unique, so concurrent requests with one key charge once.
    func charge(_ request: ChargeRequest, key: String, plan: OutcomePlan, nowMilliseconds: Int64) async throws -> ChargeAttempt {
        try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT request, body FROM charges WHERE idempotency_key = ?", arguments: [key]) {
                let stored: String = row["request"]
                return stored == request.fingerprint ? .replayed(body: row["body"]) : .keyReused
            }
            let attempt = try Int64.fetchOne(db, sql: """
                INSERT INTO attempts (idempotency_key, count) VALUES (?, 1)
                ON CONFLICT (idempotency_key) DO UPDATE SET count = count + 1 RETURNING count
                """, arguments: [key]) ?? 1
            if plan.failsBeforeCommit(key: key, attempt: attempt) { return .failedBeforeCommit(attempt: attempt) }
            let charge = Charge(id: plan.chargeID(key: key), idempotencyKey: key, request: request,
                                decline: plan.decline(key: key), createdAt: nowMilliseconds)
            try insert(charge, db)
            return .created(body: charge.body)
        }
    }

    private func insert(_ charge: Charge, _ db: Database) throws {
        let request = charge.request
        try db.execute(sql: """
            INSERT INTO charges (id, idempotency_key, request, status, payment_id, amount, currency, method, reference, decline_code, created_at, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [charge.id, charge.idempotencyKey, request.fingerprint, charge.status, request.paymentID, request.amount,
                             request.currency.code, request.method.rawValue, request.reference, charge.decline?.code, charge.createdAt, charge.body])
        guard charge.decline == nil else { return }
        try db.execute(sql: """
            INSERT INTO settlements (charge_id, idempotency_key, payment_id, amount, currency, method, reference, settled_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [charge.id, charge.idempotencyKey, request.paymentID, request.amount, request.currency.code,
                             request.method.rawValue, request.reference, charge.createdAt])
    }

    /// The stored answer for charge `id`, or nil.
    func chargeBody(id: String) async throws -> String? {
        try await pool.read { db in try String.fetchOne(db, sql: "SELECT body FROM charges WHERE id = ?", arguments: [id]) }
    }

    /// The stored answer for the charge made under `key`, or nil.
    func chargeBody(idempotencyKey key: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM charges WHERE idempotency_key = ?", arguments: [key])
        }
    }

    /// Up to `limit` entries of the settlement log after sequence number `after`, oldest first.
    public func settlements(after: Int64, limit: Int) async throws -> [SettlementRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT sequence, charge_id, idempotency_key, payment_id, amount, currency, method, reference, settled_at
                FROM settlements WHERE sequence > ? ORDER BY sequence LIMIT ?
                """, arguments: [after, limit]).map(SettlementRecord.init(row:))
        }
    }

    /// Whether the file answers a read.
    func ping() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM settlements") }
    }

    /// Append-only: a shipped migration is never edited.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE charges (
                    id TEXT PRIMARY KEY,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    request TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('succeeded', 'declined')),
                    payment_id TEXT NOT NULL,
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    currency TEXT NOT NULL,
                    method TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    decline_code TEXT,
                    created_at INTEGER NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE TABLE settlements (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    charge_id TEXT NOT NULL UNIQUE REFERENCES charges (id),
                    idempotency_key TEXT NOT NULL UNIQUE,
                    payment_id TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    method TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    settled_at INTEGER NOT NULL
                );
                CREATE TABLE attempts (
                    idempotency_key TEXT PRIMARY KEY,
                    count INTEGER NOT NULL
                );
                """)
        }
        // Refunds: one per idempotency key; the sum of a charge's refunds never exceeds it.
        migrator.registerMigration("v2_refunds") { db in
            try db.execute(sql: """
                CREATE TABLE refunds (
                    id TEXT PRIMARY KEY,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    request TEXT NOT NULL,
                    charge_id TEXT NOT NULL REFERENCES charges (id),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    created_at INTEGER NOT NULL,
                    body TEXT NOT NULL
                );
                """)
        }
        return migrator
    }
}

/// What a charge request found in the store.
enum ChargeAttempt: Sendable {
    /// A new charge was committed; `body` is its answer.
    case created(body: String)
    /// The key already had a charge for the same request; `body` is the first answer.
    case replayed(body: String)
    /// The key already had a charge for a different request.
    case keyReused
    /// The error fault hit this attempt; no charge was recorded.
    case failedBeforeCommit(attempt: Int64)
}

/// One entry of the settlement log: money that actually moved, once per charge.
public struct SettlementRecord: Sendable, Equatable {
    /// The entry's position in the log, from 1.
    public var sequence: Int64
    /// The charge, which is also the rail reference.
    public var chargeID: String
    /// The idempotency key the charge was made under.
    public var idempotencyKey: String
    /// The payment the client named.
    public var paymentID: String
    /// Minor units of `currency`.
    public var amount: Int64
    /// The ISO 4217 code.
    public var currency: String
    /// The payment method.
    public var method: String
    /// The remittance reference.
    public var reference: String
    /// When it settled, in milliseconds since 1970.
    public var settledAt: Int64

    init(row: Row) {
        sequence = row["sequence"]
        chargeID = row["charge_id"]
        idempotencyKey = row["idempotency_key"]
        paymentID = row["payment_id"]
        amount = row["amount"]
        currency = row["currency"]
        method = row["method"]
        reference = row["reference"]
        settledAt = row["settled_at"]
    }

    /// The entry as `GET /v1/settlements` shows it.
    var jsonValue: JSONValue {
        .object([
            ("sequence", .int(sequence)), ("object", .string("settlement")), ("charge_id", .string(chargeID)),
            ("rail_reference", .string(chargeID)), ("idempotency_key", .string(idempotencyKey)), ("payment_id", .string(paymentID)),
            ("amount", .int(amount)), ("currency", .string(currency)), ("method", .string(method)),
            ("reference", .string(reference)), ("settled_at", .string(Timestamp.rfc3339(milliseconds: settledAt))),
        ])
    }
}
