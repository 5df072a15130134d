import RemitCore
import RemitWorkflow

/// The facts a run decides on, captured when its payment is created and stored with the run,
/// so a run resumed after a crash decides exactly as it would have without one.
enum RunContextSnapshot {
    static func make(invoice: Invoice, buyer: Buyer, payment: Payment, context: JSONValue = .object([])) -> JSONValue {
        let run = RunContext(invoice: invoice, buyer: buyer, payment: payment.jsonValue, context: context)
        return .object([
            ("invoice", run.invoice),
            ("buyer", run.buyer),
            ("payment", run.payment),
            ("context", run.context),
            ("approvers", .array(run.approvers.map { approver in
                .object([("id", .string(approver.id)), ("email", .string(approver.email)), ("roles", .strings(approver.roles)),
                         ("department", .optional(approver.department))])
            })),
            ("department", .optional(run.department)),
        ])
    }

    static func context(_ snapshot: JSONValue) -> RunContext {
        var approvers: [ApproverRecord] = []
        if case let .array(items)? = snapshot["approvers"] {
            for item in items {
                guard let id = item["id"]?.stringValue, let email = item["email"]?.stringValue else { continue }
                var roles: [String] = []
                if case let .array(values)? = item["roles"] { roles = values.compactMap(\.stringValue) }
                approvers.append(ApproverRecord(id: id, email: email, roles: roles, department: item["department"]?.stringValue))
            }
        }
        return RunContext(invoice: snapshot["invoice"] ?? .object([]), buyer: snapshot["buyer"] ?? .object([]),
                          payment: snapshot["payment"] ?? .object([]), context: snapshot["context"] ?? .object([]),
                          approvers: approvers, department: snapshot["department"]?.stringValue)
    }
}
