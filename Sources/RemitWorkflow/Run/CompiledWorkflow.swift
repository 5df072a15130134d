import RemitCEL
import RemitCore

/// A valid definition with its expressions compiled and templates parsed, ready to run many
/// times. Build one per workflow version and share it; it is `Sendable`.
public struct CompiledWorkflow: Sendable {
    /// The definition.
    public let definition: WorkflowDefinition
    /// Compiled conditions, wait `until` expressions and signal filters, by node id.
    let programs: [String: CELProgram]
    /// Parsed notification templates and email subjects, by node id.
    let templates: [String: (text: MessageTemplate, subject: MessageTemplate?)]

    /// Prepares `definition`, checking it with the rules of ``WorkflowValidator`` (approvers
    /// are not looked up: that was done when it was saved).
    ///
    /// - Throws: ``WorkflowError`` with code `invalidDefinition` listing what is wrong.
    public init(_ definition: WorkflowDefinition, limits: WorkflowLimits = .default) throws(WorkflowError) {
        let problems = WorkflowValidator(limits: limits).validate(definition)
        guard problems.isEmpty else {
            throw WorkflowError(.invalidDefinition, problems.map(\.description).joined(separator: "; "))
        }
        var programs: [String: CELProgram] = [:]
        var templates: [String: (text: MessageTemplate, subject: MessageTemplate?)] = [:]
        do {
            for node in definition.nodes {
                switch node.kind {
                case let .condition(source), let .wait(.until(source)):
                    programs[node.id] = try WorkflowExpressions.compile(source, variables: WorkflowExpressions.contextVariables, limits: limits)
                case let .wait(.signal(filter, _)):
                    programs[node.id] = try WorkflowExpressions.compile(filter, variables: WorkflowExpressions.signalVariables, limits: limits)
                case let .notify(spec):
                    templates[node.id] = (try MessageTemplate(parsing: spec.template), try spec.subject.map { text throws(WorkflowError) in try MessageTemplate(parsing: text) })
                default: break
                }
            }
        } catch {
            // Validation compiled and parsed the same texts, so only a change in RemitCEL could get here.
            throw WorkflowError(.invalidDefinition, "the definition no longer compiles: \(error)")
        }
        self.definition = definition
        self.programs = programs
        self.templates = templates
    }
}

/// What a run knows about its payment, fixed when the run is created so that every replay of
/// its events decides the same way.
public struct RunContext: Sendable {
    /// The invoice as the API shows it.
    public var invoice: JSONValue
    /// The buyer as the API shows it.
    public var buyer: JSONValue
    /// The payment as the API shows it.
    public var payment: JSONValue
    /// The buyer context (credit, budgets, PO state, recent signals).
    public var context: JSONValue
    /// The buyer's approvers, for resolving approval nodes and email roles.
    public var approvers: [ApproverRecord]
    /// The invoice's department code, for `{"department": true}` approvers.
    public var department: String?

    /// Creates a context.
    public init(invoice: JSONValue = .object([]), buyer: JSONValue = .object([]), payment: JSONValue = .object([]),
                context: JSONValue = .object([]), approvers: [ApproverRecord] = [], department: String? = nil) {
        self.invoice = invoice
        self.buyer = buyer
        self.payment = payment
        self.context = context
        self.approvers = approvers
        self.department = department
    }

    /// The CEL bindings of conditions, without `now`.
    var celBindings: [String: CELValue] {
        ["invoice": CELValue(invoice), "buyer": CELValue(buyer), "payment": CELValue(payment), "context": CELValue(context)]
    }
}

extension RunContext {
    /// The context of a payment of `invoice` by `buyer`, as the API shows them.
    ///
    /// - Parameters:
    ///   - payment: The payment as the API shows it (amount, method, schedule, fields).
    ///   - context: The buyer context, `{}` when there is none.
    ///   - department: The invoice's department code; by default the invoice's custom field
    ///     `department` when it is a string.
    public init(invoice: Invoice, buyer: Buyer, payment: JSONValue, context: JSONValue = .object([]), department: String? = nil) {
        let fromField = invoice.customFields.first { $0.key == "department" }?.value.stringValue
        self.init(invoice: invoice.jsonValue, buyer: buyer.jsonValue, payment: payment, context: context,
                  approvers: buyer.approvers.map(ApproverRecord.init), department: department ?? fromField)
    }
}
