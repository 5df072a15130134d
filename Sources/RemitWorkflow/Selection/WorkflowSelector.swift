import RemitCEL
import RemitCore

/// A tenant's workflow as the selector sees it: the latest version's binding and priority.
public struct WorkflowCandidate: Sendable {
    /// The workflow's id.
    public var id: String
    /// The latest version's priority.
    public var priority: Int64
    /// When the workflow was created, milliseconds since 1970: the older wins a tie.
    public var createdAt: Int64
    /// The compiled binding; nil for a workflow used only as the default.
    public var binding: CELProgram?

    /// Creates a candidate.
    public init(id: String, priority: Int64, createdAt: Int64, binding: CELProgram?) {
        self.id = id
        self.priority = priority
        self.createdAt = createdAt
        self.binding = binding
    }

    /// Creates a candidate, compiling `binding`.
    ///
    /// - Throws: ``CELError`` when the binding does not compile (it did when it was saved).
    public init(id: String, priority: Int64, createdAt: Int64, binding: String?, limits: WorkflowLimits = .default) throws(CELError) {
        let program = try binding.map { source throws(CELError) in
            try WorkflowExpressions.compile(source, variables: WorkflowExpressions.contextVariables, limits: limits)
        }
        self.init(id: id, priority: priority, createdAt: createdAt, binding: program)
    }
}

/// Which workflow a payment gets, and why.
public struct WorkflowSelection: Sendable, Equatable {
    /// The chosen workflow's id; nil when nothing matched and the tenant has no default.
    public var workflowID: String?
    /// Why: `binding` (its binding was true) or `default`.
    public var reason: Reason
    /// Bindings that failed to evaluate for this payment, by workflow id, with the error; they
    /// count as not matching.
    public var errors: [(workflowID: String, error: String)]

    /// Why a workflow was chosen.
    public enum Reason: String, Sendable, Equatable {
        /// The workflow's binding was true for the payment.
        case binding
        /// No binding matched; the tenant's default was used.
        case `default`
        /// No binding matched and the tenant has no default.
        case none
    }

    public static func == (lhs: WorkflowSelection, rhs: WorkflowSelection) -> Bool {
        lhs.workflowID == rhs.workflowID && lhs.reason == rhs.reason
            && lhs.errors.map(\.workflowID) == rhs.errors.map(\.workflowID) && lhs.errors.map(\.error) == rhs.errors.map(\.error)
    }
}

/// Picks a payment's workflow: the first whose binding is true, trying higher priorities
/// first and, among equal priorities, older workflows first (then by id, so the order is
/// total); when none matches, the tenant's default.
public enum WorkflowSelector {
    /// Selects among `candidates` for a payment described by `context` at `now`.
    public static func select(_ candidates: [WorkflowCandidate], defaultWorkflowID: String?,
                              context: RunContext, now: Int64) -> WorkflowSelection {
        var bindings = context.celBindings
        bindings["now"] = CELValue.timestamp(milliseconds: now)
        let ordered = candidates.sorted { a, b in
            if a.priority != b.priority { return a.priority > b.priority }
            if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
            return a.id < b.id
        }
        var errors: [(workflowID: String, error: String)] = []
        for candidate in ordered {
            guard let binding = candidate.binding else { continue }
            do {
                if try binding.evaluateCondition(bindings: bindings) {
                    return WorkflowSelection(workflowID: candidate.id, reason: .binding, errors: errors)
                }
            } catch {
                errors.append((candidate.id, error.description))
            }
        }
        return WorkflowSelection(workflowID: defaultWorkflowID, reason: defaultWorkflowID == nil ? .none : .default, errors: errors)
    }
}
