import RemitCore

extension Transition {
    /// Renders a notify node's message into the outbox and goes on: delivery (and its retries)
    /// is the outbox dispatcher's job, so a Slack outage never holds up a payment.
    mutating func notify(_ node: WorkflowNode, _ spec: NotifySpec) {
        guard let templates = machine.workflow.templates[node.id] else { return fail("node '\(node.id)' has no parsed template") }
        let context = templateContext()
        let escaping: TemplateEscaping = spec.channel == .slack ? .slack : .none
        let text = templates.text.render(context, escaping: escaping, lengthMax: machine.policy.messageLengthMax)
        let subject = templates.subject?.render(context, lengthMax: machine.policy.messageLengthMax)
        let recipients = recipients(of: spec)
        let missing = text.missingVariables + (subject?.missingVariables ?? []).filter { !text.missingVariables.contains($0) }
        let detail: JSONValue? = missing.isEmpty ? nil : .object([("missing_variables", .strings(missing))])
        if spec.channel == .email, recipients.isEmpty {
            journal("finished", node: node, outcome: .next, decision: "sent nothing",
                    reason: "no approver has the role the email is addressed to", detail: detail)
            return follow(node, .next)
        }
        let key = state.idempotencyKey(for: node.id)
        let payload: JSONValue? = switch spec.channel {
        case .slack: SlackMessage.payload(text: text.text)
        case .webhook: .object([("run_id", .string(state.runID)), ("node", .string(node.id)), ("text", .string(text.text))])
        case .email: nil
        }
        actions.append(.notify(NotifyMessage(node: node.id, channel: spec.channel, idempotencyKey: key, text: text.text,
                                             subject: subject?.text, recipients: recipients, payload: payload, missingVariables: missing)))
        let reason = missing.isEmpty ? "message rendered" : "message rendered; empty variables: \(missing.joined(separator: ", "))"
        journal("finished", node: node, outcome: .next, decision: "queued a \(spec.channel.rawValue) message", reason: reason, detail: detail)
        follow(node, .next)
    }

    private func recipients(of spec: NotifySpec) -> [String] {
        switch spec.to {
        case let .address(address): [address]
        case let .role(role): machine.context.approvers.filter { $0.roles.contains(role) }.map(\.email)
        case nil: []
        }
    }

    /// The values templates see: the run's context, the latest decided approval, and the run.
    func templateContext() -> JSONValue {
        let approval: JSONValue = state.closedApprovals.last.map { closed in
            .object([
                ("node", .string(closed.node)),
                ("decision", .optional(closed.tally.decision?.rawValue)),
                ("approvals", .int(closed.tally.approvals)),
                ("rejections", .int(closed.tally.rejections)),
                ("quorum", .int(closed.tally.quorum)),
                ("approvers", .strings(closed.tally.approvers)),
            ])
        } ?? .null
        let run: JSONValue = .object([
            ("id", .string(state.runID)),
            ("node", .optional(state.currentNode)),
            ("status", .string(state.status.name)),
        ])
        let context = machine.context
        return .object([("invoice", context.invoice), ("buyer", context.buyer), ("payment", context.payment),
                        ("context", context.context), ("approval", approval), ("run", run)])
    }
}
