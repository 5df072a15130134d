import Foundation
import RemitCore
import RemitWorkflow

/// A run as stored: its pinned workflow version, its state, the context it decides on, and
/// the columns the executor schedules and leases by.
public struct StoredRun: Sendable {
    public var id: String
    public var tenantID: TenantID
    public var paymentID: PaymentID
    public var workflowID: String
    public var workflowVersion: Int
    public var state: RunState
    /// The invoice, buyer, payment and approvers the run decides on, captured when it started.
    public var context: JSONValue
    /// When the executor should next look at the run; nil when only an outside event
    /// (a vote, a signal, a cancellation) can move it.
    public var runnableAt: Int64?
    public var journalLength: Int
    /// Bumped on every save, for readers that compare.
    public var stateVersion: Int64
    public var createdAt: Int64
    public var updatedAt: Int64
    /// The definition this run follows when it is not its workflow version's own (a checkout
    /// policy injected approvals ahead of settlement), as JSON text.
    public var plan: String?
    /// The node that holds the run and until when, as read; saving a run always releases it.
    public var lease: (owner: String, expiresAt: Int64)?

    /// Creates a stored run.
    public init(id: String, tenantID: TenantID, paymentID: PaymentID, workflowID: String, workflowVersion: Int, state: RunState,
                context: JSONValue, runnableAt: Int64?, journalLength: Int = 0, stateVersion: Int64 = 0, createdAt: Int64, updatedAt: Int64,
                plan: String? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.paymentID = paymentID
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.state = state
        self.context = context
        self.runnableAt = runnableAt
        self.journalLength = journalLength
        self.stateVersion = stateVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.plan = plan
    }
}

/// A run an executor leased, as it was when claimed, and how many times it was claimed since
/// it last moved (1 on a first claim).
public struct ClaimedRun: Sendable {
    public var run: StoredRun
    public var claims: Int
    public var id: String { run.id }

    /// Creates a claimed run.
    public init(run: StoredRun, claims: Int) {
        self.run = run
        self.claims = claims
    }
}

extension StoreTransaction {
    private static let runColumns = """
    id, tenant_id, payment_id, workflow_id, workflow_version, runnable_at, journal_length, state_version, created_at, updated_at,
    lease_owner, lease_expires_at, plan
    """

    /// Stores a new run.
    public func insertRun(_ run: StoredRun) async throws {
        try await connection.execute("""
        INSERT INTO runs (id, tenant_id, payment_id, workflow_id, workflow_version, status, current_node, state, context, runnable_at,
            journal_length, state_version, created_at, updated_at, plan)
        VALUES (?, ?, ?, ?, ?, ?, ?, \(dialect.jsonParameter), \(dialect.jsonParameter), ?, ?, ?, ?, ?, \(dialect.jsonParameter))
        """, [
            .text(run.id), .text(run.tenantID.rawValue), .text(run.paymentID.rawValue), .text(run.workflowID),
            .integer(Int64(run.workflowVersion)), .text(run.state.status.name), run.state.currentNode.sqlValue,
            .text(try StoredRunState.encode(run.state)), .text(JSONWriter.string(run.context)), run.runnableAt.sqlValue,
            .integer(Int64(run.journalLength)), .integer(run.stateVersion), .integer(run.createdAt), .integer(run.updatedAt),
            run.plan.map { .text($0) } ?? .null,
        ])
    }

    /// The run with `id`, for `tenant` when given. With `locking`, PostgreSQL locks the row
    /// until the transaction ends, so events applied to it serialise across nodes (SQLite's
    /// single writer already does).
    public func run(_ id: String, tenant: TenantID?, locking: Bool = false) async throws -> StoredRun? {
        var sql = "SELECT \(Self.runColumns), \(dialect.jsonColumn("state")), \(dialect.jsonColumn("context")) FROM runs WHERE id = ?"
        var binds: [SQLValue] = [.text(id)]
        if let tenant {
            sql += " AND tenant_id = ?"
            binds.append(.text(tenant.rawValue))
        }
        if locking, dialect == .postgres { sql += " FOR UPDATE" }
        return try await connection.query(sql, binds).first.map(decodeRun)
    }

    /// The runs with `ids` (any tenant), locked on PostgreSQL in id order until the
    /// transaction ends: one round trip for a batch of runs about to take events.
    public func runs(_ ids: [String], locking: Bool) async throws -> [StoredRun] {
        guard !ids.isEmpty else { return [] }
        var sql = "SELECT \(Self.runColumns), \(dialect.jsonColumn("state")), \(dialect.jsonColumn("context")) FROM runs WHERE id IN ("
            + Array(repeating: "?", count: ids.count).joined(separator: ", ") + ") ORDER BY id"
        if locking, dialect == .postgres { sql += " FOR UPDATE" }
        return try await connection.query(sql, ids.map { .text($0) }).map(decodeRun)
    }

    /// Saves a run's new state and schedule, releases any lease, and bumps its version.
    public func saveRun(_ run: StoredRun, now: Int64) async throws {
        try await write("""
        UPDATE runs SET status = ?, current_node = ?, state = \(dialect.jsonParameter), runnable_at = ?, journal_length = ?,
            state_version = state_version + 1, lease_owner = NULL, lease_expires_at = NULL, claims = 0, updated_at = ?
        WHERE id = ?
        """, [.text(run.state.status.name), run.state.currentNode.sqlValue, .text(try StoredRunState.encode(run.state)),
              run.runnableAt.sqlValue, .integer(Int64(run.journalLength)), .integer(now), .text(run.id)])
    }

    /// Appends journal entries after position `from`, in one statement.
    public func appendJournal(runID: String, from: Int, entries: [JSONValue]) async throws {
        guard !entries.isEmpty else { return }
        let row = "(?, ?, \(dialect.jsonParameter))"
        var binds: [SQLValue] = []
        binds.reserveCapacity(entries.count * 3)
        for (offset, entry) in entries.enumerated() {
            binds += [.text(runID), .integer(Int64(from + offset)), .text(JSONWriter.string(entry))]
        }
        try await write("INSERT INTO run_journal (run_id, position, entry) VALUES "
                                     + Array(repeating: row, count: entries.count).joined(separator: ", "), binds)
    }

    /// A run's journal, in order.
    public func journal(runID: String) async throws -> [JSONValue] {
        try await connection.query("SELECT \(dialect.jsonColumn("entry")) FROM run_journal WHERE run_id = ? ORDER BY position", runID)
            .map { try StoredJSON.parse(try $0.text("entry")) }
    }

    /// Leases up to `limit` runs that are due and not leased by a live owner, for `owner`
    /// until `leaseUntil`, oldest due first. On PostgreSQL, `SKIP LOCKED` lets several nodes
    /// claim at once without waiting on each other or claiming the same run.
    ///
    /// A claimed run is due again when its lease ends (a commit reschedules it sooner), so a
    /// run whose node dies goes behind the runs that were due before it instead of ahead of
    /// them; and each further claim without progress (`claims`, reset by every save) adds
    /// `backoff.base` doubled per claim, at most `backoff.max`.
    public func claimRunnableRuns(owner: String, now: Int64, leaseUntil: Int64, limit: Int,
                                  backoff: (base: Int64, max: Int64) = (1_000, 300_000)) async throws -> [ClaimedRun] {
        let skipLocked = dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        // In SET, `claims` is the value before this claim.
        return try await connection.query("""
        UPDATE runs SET lease_owner = ?, lease_expires_at = ?, claims = claims + 1,
            runnable_at = ? + CASE WHEN claims < 1 THEN 0
                                   WHEN claims > 20 OR (? << CAST(claims - 1 AS INTEGER)) > ? THEN ?
                                   ELSE (? << CAST(claims - 1 AS INTEGER)) END
        WHERE id IN (SELECT id FROM runs WHERE runnable_at IS NOT NULL AND runnable_at <= ?
                     AND (lease_expires_at IS NULL OR lease_expires_at <= ?) ORDER BY runnable_at LIMIT ?\(skipLocked))
        RETURNING \(Self.runColumns), \(dialect.jsonColumn("state")), \(dialect.jsonColumn("context")), claims
        """, owner, leaseUntil, leaseUntil, backoff.base, backoff.max, backoff.max, backoff.base, now, now, limit).map {
            ClaimedRun(run: try decodeRun($0), claims: Int(try $0.int("claims")))
        }
    }

    /// Extends `owner`'s lease of run `id` to `until`; false when the lease was lost.
    public func renewLease(runID: String, owner: String, until: Int64) async throws -> Bool {
        try await connection.execute("UPDATE runs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ?", until, runID, owner) == 1
    }

    /// Who holds run `id`'s lease and until when; nil when nobody does.
    public func lease(runID: String) async throws -> (owner: String, expiresAt: Int64)? {
        guard let row = try await connection.query("SELECT lease_owner, lease_expires_at FROM runs WHERE id = ? AND lease_owner IS NOT NULL",
                                                   runID).first else { return nil }
        return (try row.text("lease_owner"), try row.int("lease_expires_at"))
    }

    /// Gives up `owner`'s lease without changing the run or its schedule (the run could not
    /// take its event); false when `owner` did not hold it.
    @discardableResult
    public func releaseLease(runID: String, owner: String) async throws -> Bool {
        try await connection.execute("UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?",
                                     runID, owner) == 1
    }

    /// Gives up `owner`'s lease of a run that had nothing due after all, scheduling it at
    /// `runnableAt` (nil: only an outside event can move it); false when `owner` did not hold it.
    @discardableResult
    public func releaseLease(runID: String, owner: String, runnableAt: Int64?) async throws -> Bool {
        try await connection.execute("""
        UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL, runnable_at = ? WHERE id = ? AND lease_owner = ?
        """, [runnableAt.sqlValue, .text(runID), .text(owner)]) == 1
    }

    /// The ids of `tenant`'s runs in status `status` (by name, such as `waiting`), oldest first,
    /// at most `limit`.
    public func runIDs(tenant: TenantID, status: String, limit: Int) async throws -> [String] {
        try await connection.query("SELECT id FROM runs WHERE tenant_id = ? AND status = ? ORDER BY created_at, id LIMIT ?",
                                   tenant.rawValue, status, limit).map { try $0.text("id") }
    }

    /// How many runs are in each status (all tenants): for tests and operators.
    public func runStatusCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await connection.query("SELECT status, COUNT(*) AS n FROM runs GROUP BY status") {
            counts[try row.text("status")] = Int(try row.int("n"))
        }
        return counts
    }

    private func decodeRun(_ row: SQLRow) throws -> StoredRun {
        var run = StoredRun(id: try row.text("id"), tenantID: TenantID(rawValue: try row.text("tenant_id")),
                  paymentID: PaymentID(rawValue: try row.text("payment_id")), workflowID: try row.text("workflow_id"),
                  workflowVersion: Int(try row.int("workflow_version")), state: try StoredRunState.decode(try row.text("state")),
                  context: try StoredJSON.parse(try row.text("context")), runnableAt: try row.optionalInt("runnable_at"),
                  journalLength: Int(try row.int("journal_length")), stateVersion: try row.int("state_version"),
                  createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
        run.plan = try row.optionalText("plan")
        if let owner = try row.optionalText("lease_owner"), let expiresAt = try row.optionalInt("lease_expires_at") {
            run.lease = (owner, expiresAt)
        }
        return run
    }
}

/// `RunState` to and from its stored JSON.
enum StoredRunState {
    static func encode(_ state: RunState) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(state), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> RunState {
        do {
            return try JSONDecoder().decode(RunState.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("stored run state does not decode: \(error)")
        }
    }
}

extension StoreTransaction {
    /// How many journal entries all runs have, for benchmarks.
    public func journalEntryCount() async throws -> Int {
        Int(try await connection.query("SELECT COUNT(*) AS n FROM run_journal").first?.int("n") ?? 0)
    }
}
