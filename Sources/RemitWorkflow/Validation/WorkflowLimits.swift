/// Bounds on a workflow definition. Each is checked on save and reported with the field at fault.
public struct WorkflowLimits: Sendable, Equatable {
    /// The most nodes in one definition.
    public var nodesMax: Int
    /// The most edges in one definition.
    public var edgesMax: Int
    /// The longest CEL expression (condition, wait `until`, signal filter, binding), in characters.
    public var expressionLengthMax: Int
    /// The longest notification template or email subject, in characters.
    public var templateLengthMax: Int
    /// The most approver entries in one approval node.
    public var approversPerNodeMax: Int
    /// The longest node id, in characters.
    public var nodeIDLengthMax: Int
    /// The longest workflow name, in characters.
    public var nameLengthMax: Int

    /// Creates limits; every parameter defaults to the value in ``default``.
    public init(nodesMax: Int = 100, edgesMax: Int = 400, expressionLengthMax: Int = 2_000,
                templateLengthMax: Int = 4_000, approversPerNodeMax: Int = 20,
                nodeIDLengthMax: Int = 64, nameLengthMax: Int = 200) {
        self.nodesMax = nodesMax
        self.edgesMax = edgesMax
        self.expressionLengthMax = expressionLengthMax
        self.templateLengthMax = templateLengthMax
        self.approversPerNodeMax = approversPerNodeMax
        self.nodeIDLengthMax = nodeIDLengthMax
        self.nameLengthMax = nameLengthMax
    }

    /// 100 nodes, 400 edges, 2,000-character expressions, 4,000-character templates,
    /// 20 approvers per node, 64-character ids, 200-character names.
    public static let `default` = WorkflowLimits()
}
