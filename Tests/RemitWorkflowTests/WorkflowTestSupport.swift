import RemitCore
import Testing

@testable import RemitWorkflow

/// Parses JSON text written in a test; a typo in a test is a test bug, so it traps.
func json(_ text: String) -> JSONValue {
    try! JSONParser.parse(text)
}

/// The issue's example: "if the amount is over 50,000, alert the CFO in Slack and wait for two
/// signatures, then settle".
let cfoWorkflowJSON = """
{"nodes": [
  {"id": "start", "type": "start"},
  {"id": "big", "type": "condition", "expression": "payment.amount > 5000000"},
  {"id": "alert", "type": "notify", "channel": "slack", "template": "Payment {{payment.id}} of {{payment.amount}} for invoice {{invoice.number}} needs two signatures"},
  {"id": "sign", "type": "approval", "approvers": [{"role": "cfo"}, {"role": "controller"}, {"id": "apr_ceo"}], "quorum": 2, "mode": "parallel", "timeout": "48h"},
  {"id": "escalate", "type": "notify", "channel": "email", "to": {"role": "cfo"}, "subject": "Approval overdue: {{invoice.number}}", "template": "Please approve payment {{payment.id}}."},
  {"id": "tax", "type": "tax"},
  {"id": "pay", "type": "settle"},
  {"id": "done", "type": "end"},
  {"id": "refused", "type": "end", "result": "rejected"}
],
"edges": [
  {"from": "start", "to": "big"},
  {"from": "big", "to": "alert", "on": "true"},
  {"from": "big", "to": "tax", "on": "false"},
  {"from": "alert", "to": "sign"},
  {"from": "sign", "to": "tax", "on": "approved"},
  {"from": "sign", "to": "refused", "on": "rejected"},
  {"from": "sign", "to": "escalate", "on": "timeout"},
  {"from": "escalate", "to": "refused"},
  {"from": "tax", "to": "pay"},
  {"from": "pay", "to": "done", "on": "settled"}
]}
"""

/// The example, parsed.
func cfoWorkflow() -> WorkflowDefinition {
    try! WorkflowDefinition.parse(json(cfoWorkflowJSON))
}

/// A definition from node and edge JSON fragments.
func definitionJSON(nodes: String, edges: String) -> JSONValue {
    json("{\"nodes\": [\(nodes)], \"edges\": [\(edges)]}")
}

/// The field errors of reading and validating `value`.
func validationErrors(_ value: JSONValue, directory: any ApproverDirectory = OfflineApproverDirectory(),
                      limits: WorkflowLimits = .default) -> [FieldError] {
    do {
        _ = try WorkflowValidator(directory: directory, limits: limits).definition(from: value)
        return []
    } catch {
        return error.fieldErrors
    }
}

/// The rules broken, as `field:rule` strings, for compact expectations.
func brokenRules(_ value: JSONValue, directory: any ApproverDirectory = OfflineApproverDirectory(),
                 limits: WorkflowLimits = .default) -> [String] {
    validationErrors(value, directory: directory, limits: limits).map { "\($0.field):\($0.rule)" }
}

/// A linear workflow start → `middle` nodes → end, wired with `next` edges.
func linear(_ middle: [String]) -> JSONValue {
    let ids = middle.indices.map { "n\($0)" }
    let nodes = ["{\"id\": \"start\", \"type\": \"start\"}"]
        + zip(ids, middle).map { id, body in "{\"id\": \"\(id)\", \(body)}" }
        + ["{\"id\": \"end\", \"type\": \"end\"}"]
    let chain = ["start"] + ids + ["end"]
    let edges = zip(chain, chain.dropFirst()).map { "{\"from\": \"\($0)\", \"to\": \"\($1)\"}" }
    return definitionJSON(nodes: nodes.joined(separator: ","), edges: edges.joined(separator: ","))
}

/// start → an approval node with `body` → end on both `approved` and `rejected`.
func approvalWorkflow(_ body: String) -> JSONValue {
    definitionJSON(
        nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"n0\", \"type\": \"approval\", \(body)}, {\"id\": \"end\", \"type\": \"end\"}",
        edges: "{\"from\": \"start\", \"to\": \"n0\"}, {\"from\": \"n0\", \"to\": \"end\", \"on\": \"approved\"}, {\"from\": \"n0\", \"to\": \"end\", \"on\": \"rejected\"}")
}
