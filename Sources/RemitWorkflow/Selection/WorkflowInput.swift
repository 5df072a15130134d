import RemitCEL
import RemitCore

/// The body of `POST /v1/workflows` and `POST /v1/workflows/{id}/versions`: a name, an
/// optional CEL binding that decides which payments the workflow takes, a priority among
/// bindings, and the definition.
public struct WorkflowInput: Sendable, Equatable {
    /// The lowest and highest priority accepted.
    public static let priorityRange: ClosedRange<Int64> = -1_000_000...1_000_000

    /// The workflow's name.
    public var name: String
    /// A CEL expression over `invoice`, `buyer`, `payment`, `context` and `now`; nil means the
    /// workflow is only used as the tenant's default.
    public var binding: String?
    /// Higher priorities are tried first; default 0.
    public var priority: Int64
    /// The validated definition.
    public var definition: WorkflowDefinition

    /// Creates an input.
    public init(name: String, binding: String? = nil, priority: Int64 = 0, definition: WorkflowDefinition) {
        self.name = name
        self.binding = binding
        self.priority = priority
        self.definition = definition
    }

    /// Reads and validates a request body; every problem is reported at once, definition
    /// problems under `definition.…`.
    ///
    /// - Throws: ``RemitError/validation(_:)``.
    public static func parse(_ json: JSONValue, validator: WorkflowValidator = WorkflowValidator()) throws(RemitError) -> WorkflowInput {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(json, path: "", errors: &errors) else { throw .validation(errors) }
        let limits = validator.limits
        let name = reader.string("name", required: true, maxLength: limits.nameLengthMax)
        let binding = reader.string("binding", maxLength: limits.expressionLengthMax)
        let priority = reader.integer("priority", in: priorityRange)
        let definitionJSON = reader.value("definition", required: true)
        reader.finish()
        errors += reader.errors
        if let binding {
            do {
                _ = try WorkflowExpressions.compile(binding, variables: WorkflowExpressions.contextVariables, limits: limits)
            } catch {
                errors.append(FieldError(field: "binding", rule: "expression", message: error.description))
            }
        }
        var definition: WorkflowDefinition?
        if let definitionJSON {
            do {
                definition = try validator.definition(from: definitionJSON, path: "definition")
            } catch {
                errors += error.fieldErrors
            }
        }
        guard errors.isEmpty, let name, let definition else { throw .validation(errors) }
        return WorkflowInput(name: name, binding: binding, priority: priority ?? 0, definition: definition)
    }
}
