import RemitCore
import RemitStore
import RemitWorkflow

/// Records approvers' votes and feeds them to their runs.
struct ApprovalService: Sendable {
    let environment: Environment
    let engine: RunEngine

    /// The longest comment kept with a vote.
    static let commentLengthMax = 2_000

    /// Records `approverID`'s vote on approval `id`. Duplicate and late votes are journalled by
    /// the run and change nothing; a vote by someone other than the approval's approver is refused.
    func vote(_ id: String, approverID: String?, approve: Bool, comment: String?, tenant: TenantID?,
              in transaction: StoreTransaction) async throws -> StoredApproval {
        guard let approval = try await transaction.approval(id, tenant: tenant) else { throw RemitError.notFound("approval", id) }
        if let approverID, approverID != approval.approverID {
            throw RemitError.validation([FieldError(field: "approver_id", rule: "reference",
                                                    message: "is not the approver this approval was requested from")])
        }
        let vote = ApprovalVote(node: approval.node, visit: approval.visit, approverID: approval.approverID, approve: approve, comment: comment)
        // The request is decided before the run hears the vote: a deciding vote closes the
        // step's other pending requests, and this one must read as the vote, not as closed.
        if approval.status == .pending {
            _ = try await transaction.decideApproval(id, status: approve ? .approved : .rejected, comment: comment,
                                                     now: environment.clock.nowMilliseconds)
        }
        do {
            _ = try await engine.apply(.voteCast(vote), runID: approval.runID, tenant: approval.tenantID, in: transaction)
        } catch let error as WorkflowError {
            throw RemitError(.conflict, "The vote was not accepted: \(error.message)")
        }
        guard let stored = try await transaction.approval(id, tenant: approval.tenantID) else { throw StoreError.corrupt("approval vanished") }
        return stored
    }

    /// Reads `{"approver_id", "comment"}`.
    static func parseVote(_ body: JSONValue) throws(RemitError) -> (approverID: String?, comment: String?) {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw .validation(errors) }
        let approver = reader.string("approver_id", maxLength: 64)
        let comment = reader.string("comment", maxLength: commentLengthMax)
        reader.finish()
        errors += reader.errors
        guard errors.isEmpty else { throw .validation(errors) }
        return (approver, comment)
    }
}
