import RemitCore

/// One approver's request to vote on one visit of an approval step.
public struct StoredApproval: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case pending, approved, rejected
        /// The step decided (or the run ended) before this approver voted.
        case closed
    }

    public var id: String
    public var tenantID: TenantID
    public var runID: String
    public var paymentID: PaymentID
    public var node: String
    public var visit: Int
    public var approverID: String
    public var approverEmail: String
    public var status: Status
    public var comment: String?
    public var deadline: Int64?
    public var createdAt: Int64
    public var decidedAt: Int64?

    /// Creates a stored approval.
    public init(id: String, tenantID: TenantID, runID: String, paymentID: PaymentID, node: String, visit: Int, approverID: String,
                approverEmail: String, status: Status, comment: String? = nil, deadline: Int64?, createdAt: Int64, decidedAt: Int64? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.runID = runID
        self.paymentID = paymentID
        self.node = node
        self.visit = visit
        self.approverID = approverID
        self.approverEmail = approverEmail
        self.status = status
        self.comment = comment
        self.deadline = deadline
        self.createdAt = createdAt
        self.decidedAt = decidedAt
    }
}

extension StoredApproval: JSONRepresentable {
    /// The approval as the API shows it.
    public var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("object", .string("approval")),
            ("payment_id", .string(paymentID.rawValue)),
            ("run_id", .string(runID)),
            ("node", .string(node)),
            ("visit", .int(visit)),
            ("approver_id", .string(approverID)),
            ("approver_email", .string(approverEmail)),
            ("status", .string(status.rawValue)),
            ("comment", .optional(comment)),
            ("deadline", deadline.map { JSONValue.string(Timestamp.rfc3339(milliseconds: $0)) } ?? .null),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: createdAt))),
            ("decided_at", decidedAt.map { JSONValue.string(Timestamp.rfc3339(milliseconds: $0)) } ?? .null),
        ])
    }
}

extension StoreTransaction {
    private static let approvalColumns = """
    seq, id, tenant_id, run_id, payment_id, node_id, visit, approver_id, approver_email, status, comment, deadline, created_at, decided_at
    """

    /// Stores an approval request once: a second request for the same run, node, visit and
    /// approver is ignored (the step's idempotency).
    public func insertApproval(_ approval: StoredApproval) async throws {
        try await connection.execute("""
        INSERT INTO approvals (id, tenant_id, run_id, payment_id, node_id, visit, approver_id, approver_email, status, comment, deadline,
            created_at, decided_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, node_id, visit, approver_id) DO NOTHING
        """, [.text(approval.id), .text(approval.tenantID.rawValue), .text(approval.runID), .text(approval.paymentID.rawValue),
              .text(approval.node), .integer(Int64(approval.visit)), .text(approval.approverID), .text(approval.approverEmail),
              .text(approval.status.rawValue), approval.comment.sqlValue, approval.deadline.sqlValue, .integer(approval.createdAt),
              approval.decidedAt.sqlValue])
    }

    /// The tenant's approval with `id` (any tenant when nil, for signed links).
    public func approval(_ id: String, tenant: TenantID?) async throws -> StoredApproval? {
        var sql = "SELECT \(Self.approvalColumns) FROM approvals WHERE id = ?"
        var binds: [SQLValue] = [.text(id)]
        if let tenant {
            sql += " AND tenant_id = ?"
            binds.append(.text(tenant.rawValue))
        }
        return try await connection.query(sql, binds).first.map(decodeApproval)
    }

    /// One page of the tenant's approvals, newest first.
    public func approvals(tenant: TenantID, status: StoredApproval.Status?, approverID: String?, paymentID: PaymentID?,
                          page: PageRequest) async throws -> Page<StoredApproval> {
        var sql = "SELECT \(Self.approvalColumns) FROM approvals WHERE tenant_id = ?"
        var binds: [SQLValue] = [.text(tenant.rawValue)]
        for case let (column, value?) in [("status", status?.rawValue), ("approver_id", approverID), ("payment_id", paymentID?.rawValue)] {
            sql += " AND \(column) = ?"
            binds.append(.text(value))
        }
        if let after = page.after {
            sql += " AND seq < ?"
            binds.append(.integer(after))
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        return try await self.page(sql, binds, page, decodeApproval)
    }

    /// Records an approver's decision on a pending approval; false when it was not pending.
    public func decideApproval(_ id: String, status: StoredApproval.Status, comment: String?, now: Int64) async throws -> Bool {
        try await connection.execute("""
        UPDATE approvals SET status = ?, comment = ?, decided_at = ? WHERE id = ? AND status = 'pending'
        """, status.rawValue, comment, now, id) == 1
    }

    /// Closes the still-pending approvals of a step visit (decided, timed out or run ended).
    public func closePendingApprovals(runID: String, node: String?, now: Int64) async throws {
        if let node {
            try await connection.execute("UPDATE approvals SET status = 'closed', decided_at = ? WHERE run_id = ? AND node_id = ? AND status = 'pending'",
                                         now, runID, node)
        } else {
            try await connection.execute("UPDATE approvals SET status = 'closed', decided_at = ? WHERE run_id = ? AND status = 'pending'", now, runID)
        }
    }

    private func decodeApproval(_ row: SQLRow) throws -> StoredApproval {
        guard let status = StoredApproval.Status(rawValue: try row.text("status")) else { throw StoreError.corrupt("approval status") }
        return StoredApproval(id: try row.text("id"), tenantID: TenantID(rawValue: try row.text("tenant_id")), runID: try row.text("run_id"),
                              paymentID: PaymentID(rawValue: try row.text("payment_id")), node: try row.text("node_id"),
                              visit: Int(try row.int("visit")), approverID: try row.text("approver_id"),
                              approverEmail: try row.text("approver_email"), status: status, comment: try row.optionalText("comment"),
                              deadline: try row.optionalInt("deadline"), createdAt: try row.int("created_at"),
                              decidedAt: try row.optionalInt("decided_at"))
    }
}
