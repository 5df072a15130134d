import RemitCore

extension WorkflowDefinition: JSONRepresentable {
    /// The definition as JSON, in the form ``parse(_:limits:)`` reads: storing this and reading
    /// it back gives an equal definition. Defaults that were not written are not added.
    public var jsonValue: JSONValue {
        .object([
            ("nodes", .array(nodes.map(\.jsonValue))),
            ("edges", .array(edges.map(\.jsonValue))),
        ])
    }
}

extension WorkflowEdge: JSONRepresentable {
    /// The edge as JSON; `on` is left out for `next`.
    public var jsonValue: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("from", .string(from)), ("to", .string(to))]
        if outcome != .next { members.append(("on", .string(outcome.rawValue))) }
        return .object(members)
    }
}

extension WorkflowNode: JSONRepresentable {
    /// The node as JSON.
    public var jsonValue: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("id", .string(id)), ("type", .string(kind.typeName))]
        switch kind {
        case .start, .settle: break
        case let .end(result): members.append(("result", .string(result.rawValue)))
        case let .condition(expression): members.append(("expression", .string(expression)))
        case let .approval(spec): members += spec.jsonMembers
        case let .notify(spec): members += spec.jsonMembers
        case let .wait(spec): members.append(spec.jsonMember)
        case let .tax(jurisdiction): if let jurisdiction { members.append(("jurisdiction", .string(jurisdiction))) }
        case let .custom(spec):
            members.append(("module", .string(spec.module)))
            if let version = spec.version { members.append(("version", .int(version))) }
        case let .erpSync(config):
            if case let .object(extra) = config { members += extra }
        }
        return .object(members)
    }
}

extension ApprovalSpec {
    var jsonMembers: [(key: String, value: JSONValue)] {
        var members: [(key: String, value: JSONValue)] = [
            ("approvers", .array(approvers.map(\.jsonValue))),
            ("mode", .string(mode.rawValue)),
        ]
        if let quorum { members.append(("quorum", .int(quorum))) }
        if let timeout { members.append(("timeout", .string(timeout.text))) }
        return members
    }
}

extension ApproverSpec: JSONRepresentable {
    /// The approver entry as JSON: `{"id": …}`, `{"role": …}` or `{"department": true}`.
    public var jsonValue: JSONValue {
        switch self {
        case let .id(id): .object([("id", .string(id))])
        case let .role(role): .object([("role", .string(role))])
        case .department: .object([("department", .bool(true))])
        }
    }
}

extension NotifySpec {
    var jsonMembers: [(key: String, value: JSONValue)] {
        var members: [(key: String, value: JSONValue)] = [("channel", .string(channel.rawValue)), ("template", .string(template))]
        switch to {
        case let .address(address): members.append(("to", .string(address)))
        case let .role(role): members.append(("to", .object([("role", .string(role))])))
        case nil: break
        }
        if let subject { members.append(("subject", .string(subject))) }
        return members
    }
}

extension WaitSpec {
    var jsonMember: (key: String, value: JSONValue) {
        switch self {
        case let .duration(duration): ("duration", .string(duration.text))
        case let .until(expression): ("until", .string(expression))
        case let .signal(filter, timeout):
            ("signal", .object([("filter", .string(filter))] + (timeout.map { [("timeout", .string($0.text))] } ?? [])))
        }
    }
}
