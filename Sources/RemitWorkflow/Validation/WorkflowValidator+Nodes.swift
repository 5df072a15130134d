import RemitCEL
import RemitCore

extension WorkflowValidator {
    /// The rules of each node type: expressions compile, templates parse, approvers exist.
    func checkNode(_ node: WorkflowNode, at index: Int, _ check: inout Check) {
        let field = "nodes[\(index)]"
        switch node.kind {
        case .start, .end, .settle: break
        case let .condition(expression):
            checkExpression(expression, variables: WorkflowExpressions.contextVariables, node: node, field: "\(field).expression", &check)
        case let .approval(spec): checkApproval(spec, node: node, field: field, &check)
        case let .notify(spec): checkNotify(spec, node: node, field: field, &check)
        case let .wait(.until(expression)):
            checkExpression(expression, variables: WorkflowExpressions.contextVariables, node: node, field: "\(field).until", &check)
        case let .wait(.signal(filter, _)):
            checkExpression(filter, variables: WorkflowExpressions.signalVariables, node: node, field: "\(field).signal.filter", &check)
        case .wait(.duration): break
        case let .tax(jurisdiction):
            if let jurisdiction, !TaxTable.isJurisdiction(jurisdiction) {
                check.fail("\(field).jurisdiction", "format",
                           "node '\(node.id)': a jurisdiction is a country code, optionally with a region: DE, US-CA")
            }
        case let .custom(spec):
            if !spec.module.hasPrefix("mod_") {
                check.fail("\(field).module", "format", "node '\(node.id)': module is the id of one of your modules, mod_…")
            }
        case .erpSync:
            check.fail("\(field).type", "unsupported_node", "node '\(node.id)': erp_sync arrives with the ERP connectors")
        }
    }

    func checkExpression(_ source: String, variables: Set<String>, node: WorkflowNode, field: String, _ check: inout Check) {
        guard source.unicodeScalars.count <= limits.expressionLengthMax else {
            check.fail(field, "max_length", "node '\(node.id)': an expression has at most \(limits.expressionLengthMax) characters")
            return
        }
        do {
            _ = try WorkflowExpressions.compile(source, variables: variables, limits: limits)
        } catch {
            let names = variables.sorted().joined(separator: ", ")
            let hint = error.code == .check ? " (it may use \(names))" : ""
            check.fail(field, "expression", "node '\(node.id)': \(error.description)\(hint)")
        }
    }

    private func checkApproval(_ spec: ApprovalSpec, node: WorkflowNode, field: String, _ check: inout Check) {
        if spec.approvers.isEmpty {
            check.fail("\(field).approvers", "required", "node '\(node.id)': an approval needs at least one approver")
        }
        if spec.approvers.count > limits.approversPerNodeMax {
            check.fail("\(field).approvers", "max_items", "node '\(node.id)': at most \(limits.approversPerNodeMax) approver entries")
        }
        var seen = Set<ApproverSpec>()
        var known = 0
        var countKnowable = true
        for (offset, approver) in spec.approvers.enumerated() {
            let entry = "\(field).approvers[\(offset)]"
            guard seen.insert(approver).inserted else {
                check.fail(entry, "approver_duplicate", "node '\(node.id)': this approver is listed twice")
                continue
            }
            switch approver {
            case let .id(id):
                known += 1
                if !directory.approverExists(id: id) {
                    check.fail("\(entry).id", "approver_unknown", "node '\(node.id)': there is no approver '\(id.prefix(64))'")
                }
            case let .role(role):
                if !Self.isRole(role) {
                    check.fail("\(entry).role", "format", "node '\(node.id)': a role is lower case: [a-z][a-z0-9_]*, such as cfo")
                } else if let count = directory.approverCount(role: role) {
                    if count == 0 { check.fail("\(entry).role", "approver_unknown", "node '\(node.id)': no approver has the role '\(role)'") }
                    known += count
                } else {
                    countKnowable = false
                }
            case .department:
                countKnowable = false
            }
        }
        // With a role of unknown size or the department, n is only known when a run resolves
        // its approvers, and the run checks quorum ≤ n then.
        if let quorum = spec.quorum, countKnowable, !spec.approvers.isEmpty, quorum > known {
            check.fail("\(field).quorum", "quorum",
                       "node '\(node.id)': quorum \(quorum) is more than the \(known) approver\(known == 1 ? "" : "s") it can ask")
        }
    }

    private func checkNotify(_ spec: NotifySpec, node: WorkflowNode, field: String, _ check: inout Check) {
        checkTemplate(spec.template, node: node, field: "\(field).template", &check)
        if let subject = spec.subject { checkTemplate(subject, node: node, field: "\(field).subject", &check) }
        if case let .role(role) = spec.to, !Self.isRole(role) {
            check.fail("\(field).to.role", "format", "node '\(node.id)': a role is lower case: [a-z][a-z0-9_]*, such as cfo")
        }
    }

    private func checkTemplate(_ text: String, node: WorkflowNode, field: String, _ check: inout Check) {
        guard text.count <= limits.templateLengthMax else {
            check.fail(field, "max_length", "node '\(node.id)': a template has at most \(limits.templateLengthMax) characters")
            return
        }
        do {
            _ = try MessageTemplate(parsing: text)
        } catch {
            check.fail(field, error.code.rawValue, "node '\(node.id)': \(error.message)")
        }
    }

    static func isRole(_ role: String) -> Bool {
        guard let first = role.unicodeScalars.first, ("a"..."z").contains(first), role.count <= 64 else { return false }
        return role.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
