import RemitCore
import Testing

@testable import RemitWorkflow

private let directory = StaticApproverDirectory(approverIDs: ["apr_ceo", "apr_cfo", "apr_ctl"], roleCounts: ["cfo": 1, "controller": 2, "intern": 0])

@Suite struct WorkflowValidatorTests {
    @Test func theIssueExamplePassesValidation() {
        #expect(validationErrors(json(cfoWorkflowJSON), directory: directory).isEmpty)
    }

    @Test func aWorkflowWithoutAStartNodeIsRefused() {
        let value = definitionJSON(nodes: "{\"id\": \"end\", \"type\": \"end\"}", edges: "")
        #expect(brokenRules(value) == ["nodes:start_count"])
    }

    @Test func aSecondStartNodeIsNamed() {
        let value = definitionJSON(
            nodes: "{\"id\": \"a\", \"type\": \"start\"}, {\"id\": \"b\", \"type\": \"start\"}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"a\", \"to\": \"end\"}, {\"from\": \"b\", \"to\": \"end\"}")
        let errors = validationErrors(value)
        #expect(errors.map(\.rule).contains("start_count"))
        let startError = errors.first { $0.rule == "start_count" }
        #expect(startError?.field == "nodes[1]")
        #expect(startError?.message.hasPrefix("node 'b':") == true)
    }

    @Test func aWorkflowWithoutAnEndNodeIsRefused() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"w\", \"type\": \"wait\", \"duration\": \"1h\"}",
            edges: "{\"from\": \"start\", \"to\": \"w\"}, {\"from\": \"w\", \"to\": \"w\"}")
        #expect(brokenRules(value) == ["nodes:end_missing"])
    }

    @Test func malformedAndDuplicateIdsAreRefused() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"9lives\", \"type\": \"end\"}, {\"id\": \"start\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"9lives\"}")
        let rules = brokenRules(value)
        #expect(rules.contains("nodes[1].id:id_format"))
        #expect(rules.contains("nodes[2].id:id_duplicate"))
    }

    @Test func edgesToOrFromUnknownNodesAreRefused() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"end\"}, {\"from\": \"ghost\", \"to\": \"end\"}, {\"from\": \"start\", \"to\": \"nowhere\"}")
        let rules = brokenRules(value)
        #expect(rules.contains("edges[1].from:edge_unknown_node"))
        #expect(rules.contains("edges[2].to:edge_unknown_node"))
    }

    @Test func anEdgeIntoTheStartNodeIsRefused() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"w\", \"type\": \"wait\", \"duration\": \"1h\"}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"w\"}, {\"from\": \"w\", \"to\": \"start\"}")
        #expect(brokenRules(value).contains("edges[1].to:start_incoming"))
    }

    @Test func aConditionMissingItsFalseBranchNamesTheOutcome() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"big\", \"type\": \"condition\", \"expression\": \"true\"}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"big\"}, {\"from\": \"big\", \"to\": \"end\", \"on\": \"true\"}")
        let errors = validationErrors(value)
        #expect(errors.map { "\($0.field):\($0.rule)" } == ["nodes[1]:outcome_missing"])
        #expect(errors.first?.message.contains("node 'big': outcome 'false' is not wired") == true)
    }

    @Test func anOutcomeWiredTwiceIsRefused() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"a\", \"type\": \"end\"}, {\"id\": \"b\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"a\"}, {\"from\": \"start\", \"to\": \"b\"}")
        #expect(brokenRules(value) == ["edges[1]:outcome_duplicate"])
    }

    @Test func anOutcomeTheNodeDoesNotHaveIsRefusedWithItsOutcomes() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"big\", \"type\": \"condition\", \"expression\": \"true\"}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"big\"}, {\"from\": \"big\", \"to\": \"end\", \"on\": \"true\"}, {\"from\": \"big\", \"to\": \"end\", \"on\": \"false\"}, {\"from\": \"big\", \"to\": \"end\"}")
        let errors = validationErrors(value)
        #expect(errors.map { "\($0.field):\($0.rule)" } == ["edges[3].on:outcome_unknown"])
        #expect(errors.first?.message.contains("its outcomes are false, true") == true)
        #expect(errors.first?.message.contains("an edge without 'on' means 'next'") == true)
    }

    @Test func anEndNodeHasNoOutgoingEdges() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"end\", \"type\": \"end\"}, {\"id\": \"end2\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"end\"}, {\"from\": \"end\", \"to\": \"end2\"}")
        #expect(brokenRules(value) == ["edges[1].on:outcome_unknown"])
    }

    @Test func aTimeoutEdgeIsRequiredExactlyWhenAnApprovalHasATimeout() {
        let withTimeout = approvalWorkflow("\"approvers\": [{\"id\": \"apr_cfo\"}], \"timeout\": \"1d\"")
        #expect(brokenRules(withTimeout).contains("nodes[1]:outcome_missing"))
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"a\", \"type\": \"approval\", \"approvers\": [{\"id\": \"apr_cfo\"}]}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"a\"}, {\"from\": \"a\", \"to\": \"end\", \"on\": \"approved\"}, {\"from\": \"a\", \"to\": \"end\", \"on\": \"rejected\"}, {\"from\": \"a\", \"to\": \"end\", \"on\": \"timeout\"}")
        #expect(brokenRules(value) == ["edges[3].on:outcome_unknown"])
    }

    @Test func aSignalWaitWithATimeoutNeedsATimeoutEdge() {
        let value = linear(["\"type\": \"wait\", \"signal\": {\"filter\": \"true\", \"timeout\": \"1h\"}"])
        #expect(brokenRules(value) == ["nodes[1]:outcome_missing"])
    }

    @Test func aSettleNodeTakesSettledOrNextButNotBoth() {
        let ok = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"pay\", \"type\": \"settle\"}, {\"id\": \"end\", \"type\": \"end\"}, {\"id\": \"bad\", \"type\": \"end\", \"result\": \"rejected\"}",
            edges: "{\"from\": \"start\", \"to\": \"pay\"}, {\"from\": \"pay\", \"to\": \"end\", \"on\": \"settled\"}, {\"from\": \"pay\", \"to\": \"bad\", \"on\": \"failed\"}")
        #expect(brokenRules(ok).isEmpty)
        #expect(brokenRules(linear(["\"type\": \"settle\""])).isEmpty)
        let both = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"pay\", \"type\": \"settle\"}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"pay\"}, {\"from\": \"pay\", \"to\": \"end\", \"on\": \"settled\"}, {\"from\": \"pay\", \"to\": \"end\"}")
        #expect(brokenRules(both) == ["edges[2]:outcome_duplicate"])
    }

    @Test func aNodeNoPathReachesIsRefused() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"end\", \"type\": \"end\"}, {\"id\": \"island\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"end\"}")
        let errors = validationErrors(value)
        #expect(errors.map { "\($0.field):\($0.rule)" } == ["nodes[2]:unreachable"])
        #expect(errors.first?.message.hasPrefix("node 'island'") == true)
    }

    @Test func aCycleWithoutAWaitIsRefused() {
        let value = definitionJSON(
            nodes: """
            {"id": "start", "type": "start"}, {"id": "check", "type": "condition", "expression": "true"},
            {"id": "ping", "type": "notify", "channel": "slack", "template": "again"}, {"id": "end", "type": "end"}
            """,
            edges: """
            {"from": "start", "to": "check"}, {"from": "check", "to": "ping", "on": "true"},
            {"from": "check", "to": "end", "on": "false"}, {"from": "ping", "to": "check"}
            """)
        let errors = validationErrors(value)
        #expect(errors.map { "\($0.field):\($0.rule)" } == ["nodes[1]:cycle"])
        #expect(errors.first?.message.contains("'check', 'ping'") == true)
    }

    @Test func aCycleThroughAWaitIsAllowed() {
        let value = definitionJSON(
            nodes: """
            {"id": "start", "type": "start"}, {"id": "check", "type": "condition", "expression": "context.po_state == 'approved'"},
            {"id": "later", "type": "wait", "duration": "1h"}, {"id": "end", "type": "end"}
            """,
            edges: """
            {"from": "start", "to": "check"}, {"from": "check", "to": "end", "on": "true"},
            {"from": "check", "to": "later", "on": "false"}, {"from": "later", "to": "check"}
            """)
        #expect(brokenRules(value).isEmpty)
    }

    @Test func aConditionThatDoesNotCompileIsReportedOnItsExpression() {
        let errors = validationErrors(definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"big\", \"type\": \"condition\", \"expression\": \"payment.amount >\"}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"big\"}, {\"from\": \"big\", \"to\": \"end\", \"on\": \"true\"}, {\"from\": \"big\", \"to\": \"end\", \"on\": \"false\"}"))
        #expect(errors.map { "\($0.field):\($0.rule)" } == ["nodes[1].expression:expression"])
        #expect(errors.first?.message.hasPrefix("node 'big': parse error") == true)
    }

    @Test func aConditionReadingAnUndeclaredVariableIsRefused() {
        let errors = validationErrors(definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"big\", \"type\": \"condition\", \"expression\": \"amount > 5\"}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"big\"}, {\"from\": \"big\", \"to\": \"end\", \"on\": \"true\"}, {\"from\": \"big\", \"to\": \"end\", \"on\": \"false\"}"))
        #expect(errors.map(\.rule) == ["expression"])
        #expect(errors.first?.message.contains("buyer, context, invoice, now, payment") == true)
    }

    @Test func aSignalFilterMayReadTheSignalButAnUntilMayNot() {
        #expect(brokenRules(linear(["\"type\": \"wait\", \"signal\": {\"filter\": \"signal.po == invoice.po_number\"}"])).isEmpty)
        #expect(brokenRules(linear(["\"type\": \"wait\", \"until\": \"signal.at\""])) == ["nodes[1].until:expression"])
    }

    @Test func anApproverIdTheTenantDoesNotHaveIsRefused() {
        let rules = brokenRules(approvalWorkflow("\"approvers\": [{\"id\": \"apr_ghost\"}]"), directory: directory)
        #expect(rules == ["nodes[1].approvers[0].id:approver_unknown"])
    }

    @Test func aRoleNobodyHasIsRefused() {
        let rules = brokenRules(approvalWorkflow("\"approvers\": [{\"role\": \"intern\"}]"), directory: directory)
        #expect(rules == ["nodes[1].approvers[0].role:approver_unknown"])
    }

    @Test func aRoleMustBeLowerCase() {
        #expect(brokenRules(approvalWorkflow("\"approvers\": [{\"role\": \"CFO\"}]")) == ["nodes[1].approvers[0].role:format"])
    }

    @Test func theSameApproverListedTwiceIsRefused() {
        let rules = brokenRules(approvalWorkflow("\"approvers\": [{\"id\": \"apr_cfo\"}, {\"id\": \"apr_cfo\"}]"), directory: directory)
        #expect(rules == ["nodes[1].approvers[1]:approver_duplicate"])
    }

    @Test func anApprovalWithNoApproversIsRefused() {
        #expect(brokenRules(approvalWorkflow("\"approvers\": []")) == ["nodes[1].approvers:required"])
    }

    @Test func aQuorumAboveTheKnownApproversIsRefused() {
        let errors = validationErrors(approvalWorkflow("\"approvers\": [{\"id\": \"apr_cfo\"}, {\"role\": \"controller\"}], \"quorum\": 4"), directory: directory)
        #expect(errors.map { "\($0.field):\($0.rule)" } == ["nodes[1].quorum:quorum"])
        #expect(errors.first?.message.contains("quorum 4 is more than the 3 approvers") == true)
        #expect(brokenRules(approvalWorkflow("\"approvers\": [{\"id\": \"apr_cfo\"}, {\"role\": \"controller\"}], \"quorum\": 3"), directory: directory).isEmpty)
    }

    @Test func aQuorumIsLeftToTheRunWhenARoleOrTheDepartmentHasNoKnownSize() {
        #expect(brokenRules(approvalWorkflow("\"approvers\": [{\"role\": \"treasurer\"}], \"quorum\": 5"), directory: directory).isEmpty)
        #expect(brokenRules(approvalWorkflow("\"approvers\": [{\"department\": true}], \"quorum\": 5"), directory: directory).isEmpty)
    }

    @Test func aZeroQuorumIsRefused() {
        #expect(brokenRules(approvalWorkflow("\"approvers\": [{\"id\": \"apr_cfo\"}], \"quorum\": 0")) == ["nodes[1].quorum:range"])
    }

    @Test func aTemplateWithAnUnknownRootOrBrokenBracesIsRefused() {
        #expect(brokenRules(linear(["\"type\": \"notify\", \"channel\": \"slack\", \"template\": \"{{invoce.number}}\""])) == ["nodes[1].template:template_variable"])
        #expect(brokenRules(linear(["\"type\": \"notify\", \"channel\": \"webhook\", \"template\": \"{{payment.amount\""])) == ["nodes[1].template:template_syntax"])
        let email = "\"type\": \"notify\", \"channel\": \"email\", \"to\": \"ap@example.com\", \"subject\": \"{{secret}}\", \"template\": \"ok\""
        #expect(brokenRules(linear([email])) == ["nodes[1].subject:template_variable"])
    }

    @Test func aMalformedTaxJurisdictionIsRefused() {
        #expect(brokenRules(linear(["\"type\": \"tax\", \"jurisdiction\": \"germany\""])) == ["nodes[1].jurisdiction:format"])
        #expect(brokenRules(linear(["\"type\": \"tax\", \"jurisdiction\": \"DE\""])).isEmpty)
    }

    @Test func aCustomNodeNamesAModuleByItsIdAndMayWireAFailedEdge() {
        let errors = validationErrors(linear(["\"type\": \"custom\", \"module\": \"m.wasm\""]))
        #expect(errors.map { "\($0.field):\($0.rule)" } == ["nodes[1].module:format"])
        #expect(errors.first?.message == "node 'n0': module is the id of one of your modules, mod_…")
        #expect(validationErrors(linear(["\"type\": \"custom\", \"module\": \"mod_score\""])).isEmpty)
        let withFailed = definitionJSON(
            nodes: #"{"id": "start", "type": "start"}, {"id": "c", "type": "custom", "module": "mod_a"}, {"id": "end", "type": "end"}, {"id": "no", "type": "end", "result": "rejected"}"#,
            edges: #"{"from": "start", "to": "c"}, {"from": "c", "to": "end"}, {"from": "c", "to": "no", "on": "failed"}"#)
        #expect(validationErrors(withFailed).isEmpty)
    }

    @Test func erpSyncNodesAreRefusedUntilTheConnectorsArrive() {
        let errors = validationErrors(linear(["\"type\": \"erp_sync\""]))
        #expect(errors.first?.message == "node 'n0': erp_sync arrives with the ERP connectors")
        #expect(errors.first?.rule == "unsupported_node")
    }

    @Test func theNodeLimitIsEnforced() {
        let limits = WorkflowLimits(nodesMax: 3)
        #expect(brokenRules(linear(["\"type\": \"tax\"", "\"type\": \"tax\""]), limits: limits) == ["nodes:max_items"])
        #expect(brokenRules(linear(["\"type\": \"tax\""]), limits: limits).isEmpty)
    }

    @Test func theEdgeLimitIsEnforced() {
        #expect(brokenRules(linear(["\"type\": \"tax\""]), limits: WorkflowLimits(edgesMax: 1)) == ["edges:max_items"])
    }

    @Test func theExpressionLengthLimitIsEnforced() {
        let long = "true" + String(repeating: " && true", count: 10)
        let value = linear(["\"type\": \"wait\", \"until\": \"\(long)\""])
        #expect(brokenRules(value, limits: WorkflowLimits(expressionLengthMax: 20)) == ["nodes[1].until:max_length"])
        #expect(brokenRules(value, limits: WorkflowLimits(expressionLengthMax: long.count)).isEmpty)
    }

    @Test func theTemplateLengthLimitIsEnforced() {
        let value = linear(["\"type\": \"notify\", \"channel\": \"slack\", \"template\": \"\(String(repeating: "x", count: 11))\""])
        #expect(brokenRules(value, limits: WorkflowLimits(templateLengthMax: 10)) == ["nodes[1].template:max_length"])
    }

    @Test func theApproversPerNodeLimitIsEnforced() {
        let value = approvalWorkflow("\"approvers\": [{\"id\": \"apr_a\"}, {\"id\": \"apr_b\"}, {\"id\": \"apr_c\"}]")
        #expect(brokenRules(value, limits: WorkflowLimits(approversPerNodeMax: 2)) == ["nodes[1].approvers:max_items"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\"}, {\"id\": \"c\", \"type\": \"erp_sync\"}, {\"id\": \"island\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"c\"}")
        #expect(Set(brokenRules(value)) == ["nodes[1]:outcome_missing", "nodes[2]:unreachable", "nodes[1].type:unsupported_node"])
    }

    @Test func aSavedDefinitionCompilesForRunning() throws {
        _ = try CompiledWorkflow(cfoWorkflow())
        let broken = WorkflowDefinition(nodes: [WorkflowNode(id: "end", kind: .end(.completed))], edges: [])
        let error = #expect(throws: WorkflowError.self) { try CompiledWorkflow(broken) }
        #expect(error?.code == .invalidDefinition)
    }
}
