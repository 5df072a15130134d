import RemitCore
import RemitStore

/// Makes and checks the signed links approvers vote through.
struct ApprovalLinks: Sendable {
    /// Where Remit is reached from outside, such as `https://pay.example.com`.
    let baseURL: String
    let environment: Environment

    /// The name of the deployment-wide signing secret in the store.
    static let secretName = "approval_links"

    func secret(in transaction: StoreTransaction) async throws -> [UInt8] {
        try await SignedLinkToken.secret(named: Self.secretName, environment: environment, in: transaction)
    }

    /// The link for `approval`, valid until its deadline or for `lifetimeSecondsDefault`.
    func link(for approval: StoredApproval, in transaction: StoreTransaction) async throws -> String {
        let now = environment.clock.nowMilliseconds / 1000
        let expiry = min(approval.deadline.map { $0 / 1000 } ?? Int64.max, now + SignedLinkToken.lifetimeSecondsDefault)
        let token = SignedLinkToken(subject: approval.id, expiresAt: expiry).signed(with: try await secret(in: transaction))
        return "\(baseURL)/approve/\(token)"
    }

    /// The email that asks an approver to vote.
    func email(for approval: StoredApproval, link: String, context: JSONValue, now: Int64) -> OutboxMessage {
        let invoice = context["invoice"]
        let payment = context["payment"]
        let amount = payment?["amount"]?.int64Value.flatMap { units in
            (try? Currency(code: payment?["currency"]?.stringValue ?? "")).map { Money(minorUnits: units, currency: $0).description }
        } ?? ""
        let text = """
        A payment needs your approval: \(amount) for invoice \(invoice?["number"]?.stringValue ?? "") \
        from \(context["buyer"]?["name"]?.stringValue ?? "your supplier").
        Approve or reject: \(link)
        """
        return OutboxMessage(id: environment.ids.secret(prefix: "msg_", byteCount: 12), tenantID: approval.tenantID, channel: "email",
                             destination: approval.approverEmail, idempotencyKey: "approval-link:\(approval.runID):\(approval.node):\(approval.visit):\(approval.approverID)",
                             payload: .object([("to", .strings([approval.approverEmail])), ("subject", .string("Approval requested: \(amount)")),
                                               ("text", .string(text)), ("link", .string(link))]),
                             nextAttemptAt: now, createdAt: now)
    }
}
