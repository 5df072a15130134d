/// What validation may ask about a tenant's approvers when a workflow is saved.
///
/// Approvers belong to buyers, and a workflow serves many buyers, so some answers can only be
/// known when a run starts: how many approvers a role has for *this* buyer, and who approves
/// for *this* invoice's department. Answer nil for those; the run then checks quorum against
/// the approvers it resolves (see ``ApprovalResolution``).
public protocol ApproverDirectory: Sendable {
    /// Whether the tenant has an approver with this id (`apr_…`).
    func approverExists(id: String) -> Bool
    /// How many approvers `role` resolves to for every payment this workflow can serve, or nil
    /// when that depends on the buyer.
    func approverCount(role: String) -> Int?
}

/// A directory that knows nothing, for checking a definition offline
/// (`remit workflow validate FILE`): every id is taken to exist and every count is unknown.
public struct OfflineApproverDirectory: ApproverDirectory {
    /// Creates the offline directory.
    public init() {}
    public func approverExists(id: String) -> Bool { true }
    public func approverCount(role: String) -> Int? { nil }
}

/// A directory given as data: the approver ids that exist, and the roles whose size is known.
public struct StaticApproverDirectory: ApproverDirectory {
    /// The ids of every approver.
    public var approverIDs: Set<String>
    /// Roles whose number of approvers is the same for every payment; others are unknown.
    public var roleCounts: [String: Int]

    /// Creates a directory.
    public init(approverIDs: Set<String>, roleCounts: [String: Int] = [:]) {
        self.approverIDs = approverIDs
        self.roleCounts = roleCounts
    }

    public func approverExists(id: String) -> Bool { approverIDs.contains(id) }
    public func approverCount(role: String) -> Int? { roleCounts[role] }
}
