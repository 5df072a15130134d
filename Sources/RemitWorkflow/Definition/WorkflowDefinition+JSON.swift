import RemitCore

extension WorkflowDefinition {
    /// Reads a definition strictly: unknown members, wrong types and values beyond `limits` are
    /// all reported, with paths such as `nodes[3].quorum`. The graph's rules are
    /// ``WorkflowValidator``'s job; this only reads.
    ///
    /// - Throws: ``RemitError/validation(_:)`` listing every field at fault.
    public static func parse(_ json: JSONValue, limits: WorkflowLimits = .default) throws(RemitError) -> WorkflowDefinition {
        var errors: [FieldError] = []
        let definition = read(json, path: "", limits: limits, errors: &errors)
        guard let definition, errors.isEmpty else { throw .validation(errors) }
        return definition
    }

    /// Reads a definition, appending problems to `errors`; nil when it cannot be read at all.
    static func read(_ json: JSONValue, path: String, limits: WorkflowLimits, errors: inout [FieldError]) -> WorkflowDefinition? {
        guard var reader = JSONObjectReader(json, path: path, errors: &errors) else { return nil }
        let nodes = reader.array("nodes", required: true, maxCount: limits.nodesMax) { item, itemPath, errors in
            NodeReader.read(item, path: itemPath, limits: limits, errors: &errors)
        }
        let edges = reader.objects("edges", required: true, maxCount: limits.edgesMax) { edge in
            readEdge(&edge, limits: limits)
        }
        reader.finish()
        errors.append(contentsOf: reader.errors)
        guard let nodes, let edges else { return nil }
        return WorkflowDefinition(nodes: nodes, edges: edges)
    }

    private static func readEdge(_ reader: inout JSONObjectReader, limits: WorkflowLimits) -> WorkflowEdge? {
        let from = reader.string("from", required: true, maxLength: limits.nodeIDLengthMax)
        let to = reader.string("to", required: true, maxLength: limits.nodeIDLengthMax)
        let label = reader.choice("on", allowed: Outcome.allCases.map(\.rawValue))
        guard let from, let to else { return nil }
        if reader.hasValue("on"), label == nil { return nil }
        return WorkflowEdge(from: from, to: to, on: label.flatMap(Outcome.init(rawValue:)) ?? .next)
    }
}

/// Reads one node object according to its `type`.
enum NodeReader {
    static func read(_ item: JSONValue, path: String, limits: WorkflowLimits, errors: inout [FieldError]) -> WorkflowNode? {
        guard var reader = JSONObjectReader(item, path: path, errors: &errors) else { return nil }
        let node = read(&reader, item: item, limits: limits)
        reader.finish()
        errors.append(contentsOf: reader.errors)
        return node
    }

    private static func read(_ reader: inout JSONObjectReader, item: JSONValue, limits: WorkflowLimits) -> WorkflowNode? {
        let id = reader.string("id", required: true, maxLength: limits.nodeIDLengthMax)
        let type = reader.choice("type", required: true, allowed: WorkflowNode.Kind.typeNames)
        guard let type else { return nil }
        let kind: WorkflowNode.Kind?
        switch type {
        case "start": kind = .start
        case "end": kind = readEnd(&reader)
        case "condition": kind = reader.string("expression", required: true, maxLength: limits.expressionLengthMax)
            .map { .condition(expression: $0) }
        case "approval": kind = readApproval(&reader, limits: limits).map(WorkflowNode.Kind.approval)
        case "notify": kind = readNotify(&reader, limits: limits).map(WorkflowNode.Kind.notify)
        case "wait": kind = readWait(&reader, limits: limits).map(WorkflowNode.Kind.wait)
        case "tax": kind = .tax(jurisdiction: reader.string("jurisdiction", maxLength: 20))
        case "settle": kind = .settle
        case "custom": kind = readCustom(&reader)
        default: kind = .erpSync(config: rest(of: item, reader: &reader))
        }
        guard let id, let kind else { return nil }
        return WorkflowNode(id: id, kind: kind)
    }

    private static func readEnd(_ reader: inout JSONObjectReader) -> WorkflowNode.Kind? {
        guard reader.hasValue("result") else {
            _ = reader.value("result")
            return .end(.completed)
        }
        return reader.choice("result", allowed: EndResult.allCases.map(\.rawValue))
            .flatMap(EndResult.init(rawValue:)).map(WorkflowNode.Kind.end)
    }

    /// The members other than `id` and `type` of a node whose settings are not defined yet;
    /// they are kept, not refused, so the message can say what is really wrong.
    private static func readCustom(_ reader: inout JSONObjectReader) -> WorkflowNode.Kind? {
        let module = reader.string("module", required: true, maxLength: 64)
        let version = reader.integer("version", in: 1...Int64(Int32.max))
        return module.map { .custom(CustomSpec(module: $0, version: version.map(Int.init))) }
    }

    private static func rest(of item: JSONValue, reader: inout JSONObjectReader) -> JSONValue {
        guard case let .object(members) = item else { return .object([]) }
        let kept = members.filter { $0.key != "id" && $0.key != "type" }
        for member in kept { _ = reader.value(member.key) }
        return .object(kept)
    }

    private static func readApproval(_ reader: inout JSONObjectReader, limits: WorkflowLimits) -> ApprovalSpec? {
        let approvers = reader.array("approvers", required: true, maxCount: limits.approversPerNodeMax) { item, itemPath, errors in
            guard var entry = JSONObjectReader(item, path: itemPath, errors: &errors) else { return ApproverSpec?.none }
            let approver = readApprover(&entry, path: itemPath, errors: &errors)
            entry.finish()
            errors.append(contentsOf: entry.errors)
            return approver
        }
        let quorum = reader.integer("quorum", in: 1...Int64(limits.approversPerNodeMax * BuyerLimits.approversMax))
        let mode = reader.choice("mode", allowed: ApprovalMode.allCases.map(\.rawValue)).flatMap(ApprovalMode.init(rawValue:))
        let timeout = readDuration(&reader, "timeout")
        guard let approvers, !(reader.hasValue("mode") && mode == nil), timeout != .invalid,
              !(reader.hasValue("quorum") && quorum == nil) else { return nil }
        return ApprovalSpec(approvers: approvers, quorum: quorum.map { Int($0) }, mode: mode ?? .parallel, timeout: timeout.value)
    }

    private static func readApprover(_ reader: inout JSONObjectReader, path: String, errors: inout [FieldError]) -> ApproverSpec? {
        let present = ["id", "role", "department"].filter { reader.hasValue($0) }
        guard present.count == 1 else {
            let problem = present.isEmpty ? "needs one of id, role or department" : "has \(present.joined(separator: " and ")); give exactly one"
            errors.append(FieldError(field: path, rule: "approver", message: problem))
            for key in ["id", "role", "department"] { _ = reader.value(key) }
            return nil
        }
        switch present[0] {
        case "id": return reader.string("id", required: true, maxLength: 64).map(ApproverSpec.id)
        case "role": return reader.string("role", required: true, maxLength: 64).map(ApproverSpec.role)
        default:
            guard let flag = reader.bool("department") else { return nil }
            guard flag else {
                reader.fail("department", rule: "enum", "must be true (the invoice's department's approvers)")
                return nil
            }
            return .department
        }
    }

    private static func readNotify(_ reader: inout JSONObjectReader, limits: WorkflowLimits) -> NotifySpec? {
        let channel = reader.choice("channel", required: true, allowed: NotifyChannel.allCases.map(\.rawValue))
            .flatMap(NotifyChannel.init(rawValue:))
        let template = reader.string("template", required: true, maxLength: limits.templateLengthMax)
        var to: EmailRecipient?
        var subject: String?
        if channel == .email {
            to = readRecipient(&reader)
            subject = reader.string("subject", required: true, maxLength: limits.templateLengthMax)
            if to == nil || subject == nil { return nil }
        }
        guard let channel, let template else { return nil }
        return NotifySpec(channel: channel, template: template, to: to, subject: subject)
    }

    private static func readRecipient(_ reader: inout JSONObjectReader) -> EmailRecipient? {
        guard let value = reader.value("to", required: true) else { return nil }
        switch value {
        case let .string(address):
            guard address.count <= 254, isEmailAddress(address) else {
                reader.fail("to", rule: "format", "must be an email address such as ap@example.com, or {\"role\": \"cfo\"}")
                return nil
            }
            return .address(address)
        case .object:
            return reader.object("to") { recipient in recipient.string("role", required: true, maxLength: 64).map(EmailRecipient.role) }
        default:
            reader.fail("to", rule: "type", "must be an email address or an object {\"role\": …}, not \(value.typeName)")
            return nil
        }
    }

    private static func readWait(_ reader: inout JSONObjectReader, limits: WorkflowLimits) -> WaitSpec? {
        let present = ["duration", "until", "signal"].filter { reader.hasValue($0) }
        guard present.count == 1 else {
            let problem = present.isEmpty ? "needs one of duration, until or signal" : "has \(present.joined(separator: " and ")); give exactly one"
            reader.fail("type", rule: "wait_kind", "a wait \(problem)")
            for key in ["duration", "until", "signal"] { _ = reader.value(key) }
            return nil
        }
        switch present[0] {
        case "duration":
            return readDuration(&reader, "duration").value.map(WaitSpec.duration)
        case "until":
            return reader.string("until", required: true, maxLength: limits.expressionLengthMax).map { .until(expression: $0) }
        default:
            return reader.object("signal") { signal in
                let filter = signal.string("filter", required: true, maxLength: limits.expressionLengthMax)
                let timeout = readDuration(&signal, "timeout")
                guard let filter, timeout != .invalid else { return nil }
                return WaitSpec.signal(filter: filter, timeout: timeout.value)
            }
        }
    }

    /// A duration member: absent, valid, or reported as invalid.
    enum DurationMember: Equatable {
        case absent, invalid, valid(WorkflowDuration)
        var value: WorkflowDuration? { if case let .valid(duration) = self { duration } else { nil } }
    }

    static func readDuration(_ reader: inout JSONObjectReader, _ key: String) -> DurationMember {
        guard reader.hasValue(key) else { _ = reader.value(key); return .absent }
        guard let text = reader.string(key, maxLength: 32) else { return .invalid }
        guard let duration = WorkflowDuration(text) else {
            reader.fail(key, rule: "duration", "must be a duration such as 30m, 48h or 2d (units s, m, h, d; at most 366d)")
            return .invalid
        }
        return .valid(duration)
    }

    /// A light check that catches typos; delivery is the real test of an address.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }
    }
}
