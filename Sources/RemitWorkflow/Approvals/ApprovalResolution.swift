import RemitCore

/// An approver as a run sees them: enough to ask them and to match their roles.
public struct ApproverRecord: Sendable, Equatable, Codable {
    /// The approver's id (`apr_…`).
    public var id: String
    /// Where their approval request and email go.
    public var email: String
    /// Their roles, such as `cfo`.
    public var roles: [String]
    /// The department code they approve for.
    public var department: String?

    /// Creates a record.
    public init(id: String, email: String, roles: [String] = [], department: String? = nil) {
        self.id = id
        self.email = email
        self.roles = roles
        self.department = department
    }

    /// The record of a buyer's approver.
    public init(_ approver: Approver) {
        self.init(id: approver.id, email: approver.email, roles: approver.roles, department: approver.department)
    }
}

/// Turns an approval node's approver entries into people, when a run reaches the node.
public enum ApprovalResolution {
    /// The approvers `specs` name, in the order written and each once: an id names one
    /// approver, a role every approver with it (in the buyer's order), `department` every
    /// approver of `department`. An id that is not among `approvers` resolves to nobody.
    public static func resolve(_ specs: [ApproverSpec], approvers: [ApproverRecord], department: String?) -> [ApproverRecord] {
        var resolved: [ApproverRecord] = []
        var seen = Set<String>()
        func add(_ record: ApproverRecord) {
            if seen.insert(record.id).inserted { resolved.append(record) }
        }
        for spec in specs {
            switch spec {
            case let .id(id): approvers.first { $0.id == id }.map(add)
            case let .role(role): approvers.filter { $0.roles.contains(role) }.forEach(add)
            case .department:
                guard let department else { continue }
                approvers.filter { $0.department == department }.forEach(add)
            }
        }
        return resolved
    }
}
