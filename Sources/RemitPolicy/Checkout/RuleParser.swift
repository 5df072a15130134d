import RemitCore

/// Reads one rule of a policy body and its actions, collecting every problem.
struct RuleParser {
    let limits: CheckoutPolicy.Limits
    let knownRoles: Set<String>
    let knownFields: Set<String>

    /// The rule at `rules[index]`, or nil after appending its problems to `errors`, each
    /// message starting with the rule's id.
    func parse(_ value: JSONValue, index: Int, errors: inout [FieldError]) -> PolicyRule? {
        var local: [FieldError] = []
        let path = "rules[\(index)]"
        guard var reader = JSONObjectReader(value, path: path, errors: &local) else {
            errors += local.map { Self.naming("rules[\(index)]", $0) }
            return nil
        }
        let id = reader.string("id", required: true, maxLength: limits.ruleIDLengthMax)
        if let id, !CheckoutPolicy.isRuleID(id, lengthMax: limits.ruleIDLengthMax) {
            reader.fail("id", rule: "format", "must start with a letter or digit and hold only letters, digits, _, - and .")
        }
        let description = reader.string("description", maxLength: limits.descriptionLengthMax) ?? ""
        let when = reader.string("when", required: true, maxLength: Int.max)
        if let when, let problem = CheckoutPolicy.problem(with: when, limits: limits) {
            reader.fail("when", rule: problem.rule, problem.message)
        }
        let actions = reader.array("then", required: true, maxCount: limits.actionsPerRuleMax) { item, itemPath, errors in
            parseAction(item, path: itemPath, errors: &errors)
        }
        if let actions, actions.isEmpty {
            reader.fail("then", rule: "required", "needs at least one action")
        }
        reader.finish()
        local += reader.errors
        let name = id.map { "rule '\($0)'" } ?? "rules[\(index)]"
        errors += local.map { Self.naming(name, $0) }
        guard local.isEmpty, let id, let when, let actions else { return nil }
        return PolicyRule(id: id, description: description, when: when, then: actions)
    }

    private static func naming(_ name: String, _ error: FieldError) -> FieldError {
        FieldError(field: error.field, rule: error.rule, message: "\(name): \(error.message)")
    }

    private func parseAction(_ value: JSONValue, path: String, errors: inout [FieldError]) -> PolicyAction? {
        guard var reader = JSONObjectReader(value, path: path, errors: &errors) else { return nil }
        guard let type = reader.string("type", required: true, maxLength: 100) else {
            errors += reader.errors
            return nil
        }
        let action: PolicyAction?
        switch type {
        case "hide_methods": action = methods(&reader).map(PolicyAction.hideMethods)
        case "show_methods": action = methods(&reader).map(PolicyAction.showMethods)
        case "highlight_method": action = method(&reader).map(PolicyAction.highlightMethod)
        case "set_default_method": action = method(&reader).map(PolicyAction.setDefaultMethod)
        case "require_approval": action = approval(&reader)
        case "require_fields": action = fields(&reader).map(PolicyAction.requireFields)
        case "notify":
            let channel = reader.choice("channel", required: true, allowed: NotifyChannel.allCases.map(\.rawValue))
            let template = reader.string("template", required: true, maxLength: limits.templateLengthMax)
            if let channel = channel.flatMap(NotifyChannel.init(rawValue:)), let template {
                action = PolicyAction.notify(channel: channel, template: template)
            } else {
                action = nil
            }
        case "surcharge": action = reader.integer("bps", required: true, in: 0...BasisPoints.whole).map { PolicyAction.surcharge(basisPoints: Int($0)) }
        case "discount": action = reader.integer("bps", required: true, in: 0...BasisPoints.whole).map { PolicyAction.discount(basisPoints: Int($0)) }
        case "block": action = reader.string("reason", required: true, maxLength: limits.reasonLengthMax).map { PolicyAction.block(reason: $0) }
        case "call_module": action = moduleCall(&reader)
        default:
            // Other members are not reported: they belong to an action type that does not exist.
            reader.fail("type", rule: "unknown_action",
                        "'\(type)' is not an action type; use one of \(PolicyAction.typeNames.joined(separator: ", "))")
            errors += reader.errors
            return nil
        }
        reader.finish()
        errors += reader.errors
        return reader.errors.isEmpty ? action : nil
    }

    private func moduleCall(_ reader: inout JSONObjectReader) -> PolicyAction? {
        let module = reader.string("module", required: true, maxLength: 64)
        if let module, !module.hasPrefix("mod_") {
            reader.fail("module", rule: "format", "is the id of one of your modules, mod_…")
        }
        let version = reader.integer("version", in: 1...Int64(Int32.max))
        let onError = reader.choice("on_error", allowed: ModuleCallSpec.OnError.allCases.map(\.rawValue))
            .flatMap(ModuleCallSpec.OnError.init(rawValue:)) ?? .skip
        return module.map { .callModule(ModuleCallSpec(module: $0, version: version.map(Int.init), onError: onError)) }
    }

    /// The actions a module returned (`{"actions": [...]}`), parsed like a rule's `then` and
    /// limited to ``PolicyAction/moduleActionTypes``; nil with the problems when they are not.
    func moduleActions(_ output: JSONValue, errors: inout [FieldError]) -> [PolicyAction]? {
        guard case let .object(members) = output, members.count == 1, case let .array(items)? = output["actions"] else {
            errors.append(FieldError(field: "output", rule: "type", message: "a module's output is {\"actions\": [...]}"))
            return nil
        }
        guard items.count <= limits.actionsPerRuleMax else {
            errors.append(FieldError(field: "output.actions", rule: "max_items", message: "at most \(limits.actionsPerRuleMax) actions"))
            return nil
        }
        var actions: [PolicyAction] = []
        for (index, item) in items.enumerated() {
            let type = item["type"]?.stringValue ?? ""
            guard PolicyAction.moduleActionTypes.contains(type) else {
                errors.append(FieldError(field: "output.actions[\(index)].type", rule: "unknown_action",
                                         message: "a module may return \(PolicyAction.moduleActionTypes.sorted().joined(separator: ", "))"))
                continue
            }
            if let action = parseAction(item, path: "output.actions[\(index)]", errors: &errors) { actions.append(action) }
        }
        return errors.isEmpty ? actions : nil
    }

    private func methods(_ reader: inout JSONObjectReader) -> [PaymentMethod]? {
        guard let names = reader.strings("methods", required: true, maxCount: PaymentMethod.allCases.count, maxLength: 100) else { return nil }
        if names.isEmpty { reader.fail("methods", rule: "required", "needs at least one method") }
        var methods: [PaymentMethod] = []
        for (offset, name) in names.enumerated() {
            guard let method = PaymentMethod(rawValue: name) else {
                reader.fail("methods[\(offset)]", rule: "unknown_method", Self.unknownMethod(name))
                continue
            }
            if methods.contains(method) {
                reader.fail("methods[\(offset)]", rule: "duplicate", "'\(name)' is listed twice")
            }
            methods.append(method)
        }
        return methods
    }

    private func method(_ reader: inout JSONObjectReader) -> PaymentMethod? {
        guard let name = reader.string("method", required: true, maxLength: 100) else { return nil }
        guard let method = PaymentMethod(rawValue: name) else {
            reader.fail("method", rule: "unknown_method", Self.unknownMethod(name))
            return nil
        }
        return method
    }

    private static func unknownMethod(_ name: String) -> String {
        "'\(name)' is not a payment method; use one of \(PaymentMethod.allCases.map(\.rawValue).joined(separator: ", "))"
    }

    private func approval(_ reader: inout JSONObjectReader) -> PolicyAction? {
        let quorum = reader.integer("quorum", in: 1...Int64(limits.approversPerActionMax)) ?? 1
        let approvers = reader.objects("approvers", required: true, maxCount: limits.approversPerActionMax) { approver(&$0) }
        let order = reader.choice("order", allowed: ApprovalOrder.allCases.map(\.rawValue)).flatMap(ApprovalOrder.init(rawValue:)) ?? .parallel
        guard let approvers else { return nil }
        if approvers.isEmpty {
            reader.fail("approvers", rule: "required", "needs at least one approver")
        } else if quorum > approvers.count {
            reader.fail("quorum", rule: "quorum", "a quorum of \(quorum) needs at least \(quorum) approver entries, not \(approvers.count)")
        }
        for (offset, entry) in approvers.enumerated() where approvers[..<offset].contains(entry) {
            reader.fail("approvers[\(offset)]", rule: "duplicate", "this approver is listed twice")
        }
        return .requireApproval(quorum: Int(quorum), approvers: approvers, order: order)
    }

    private func approver(_ reader: inout JSONObjectReader) -> ApproverRef? {
        let id = reader.string("id", maxLength: 64)
        let role = reader.string("role", maxLength: 64)
        let department = reader.bool("department")
        guard [id != nil, role != nil, department != nil].filter({ $0 }).count == 1 else {
            reader.fail("id", rule: "approver", "an approver is exactly one of {\"id\": …}, {\"role\": …} or {\"department\": true}")
            return nil
        }
        if let id {
            guard !id.isEmpty else {
                reader.fail("id", rule: "required", "must not be empty")
                return nil
            }
            return .id(id)
        }
        if let role {
            guard knownRoles.contains(role) else {
                let known = knownRoles.isEmpty ? "none are defined" : "known roles: \(knownRoles.sorted().joined(separator: ", "))"
                reader.fail("role", rule: "unknown_role", "'\(role)' is not a known approver role (\(known))")
                return nil
            }
            return .role(role)
        }
        guard department == true else {
            reader.fail("department", rule: "approver", "must be true: the invoice department's approvers")
            return nil
        }
        return .department
    }

    private func fields(_ reader: inout JSONObjectReader) -> [String]? {
        guard let names = reader.strings("fields", required: true, maxCount: limits.fieldsPerActionMax, maxLength: 100) else { return nil }
        if names.isEmpty { reader.fail("fields", rule: "required", "needs at least one field") }
        for (offset, name) in names.enumerated() where !knownFields.contains(name) {
            reader.fail("fields[\(offset)]", rule: "unknown_custom_field", "'\(name)' is not a custom field of payments")
        }
        return names
    }
}
