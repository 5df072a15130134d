import RemitCore
import Testing

@testable import RemitWorkflow

@Suite struct WorkflowDefinitionTests {
    @Test func theIssueExampleReadsAsNineNodesAndTenEdges() throws {
        let definition = cfoWorkflow()
        #expect(definition.nodes.count == 9)
        #expect(definition.edges.count == 10)
        #expect(definition.node("big")?.kind == .condition(expression: "payment.amount > 5000000"))
        #expect(definition.node("sign")?.kind == .approval(ApprovalSpec(
            approvers: [.role("cfo"), .role("controller"), .id("apr_ceo")], quorum: 2, mode: .parallel, timeout: WorkflowDuration("48h"))))
        #expect(definition.node("refused")?.kind == .end(.rejected))
        #expect(definition.node("done")?.kind == .end(.completed))
        #expect(definition.node("escalate")?.kind == .notify(NotifySpec(
            channel: .email, template: "Please approve payment {{payment.id}}.", to: .role("cfo"), subject: "Approval overdue: {{invoice.number}}")))
    }

    @Test func anEdgeWithoutOnMeansNext() {
        let definition = cfoWorkflow()
        #expect(definition.edges[0] == WorkflowEdge(from: "start", to: "big", on: .next))
        #expect(definition.target(of: "start", on: .next) == "big")
    }

    @Test func aSettleNodeFindsItsSettledEdgeWhetherWrittenNextOrSettled() {
        let definition = WorkflowDefinition(nodes: [], edges: [WorkflowEdge(from: "pay", to: "done", on: .next)])
        #expect(definition.target(of: "pay", on: .settled) == "done")
    }

    @Test func writingAndReadingADefinitionGivesTheSameDefinition() throws {
        let definition = cfoWorkflow()
        let reread = try WorkflowDefinition.parse(json(JSONWriter.string(definition.jsonValue)))
        #expect(reread == definition)
    }

    @Test func everyWaitKindReadsAndWritesBack() throws {
        let value = linear([
            "\"type\": \"wait\", \"duration\": \"24h\"",
            "\"type\": \"wait\", \"until\": \"timestamp(invoice.due_date + 'T00:00:00Z')\"",
            "\"type\": \"wait\", \"signal\": {\"filter\": \"signal.type == 'po.approved'\", \"timeout\": \"2d\"}",
            "\"type\": \"wait\", \"signal\": {\"filter\": \"true\"}",
            "\"type\": \"tax\", \"jurisdiction\": \"US-CA\"",
        ])
        let definition = try WorkflowDefinition.parse(value)
        #expect(definition.nodes[1].kind == .wait(.duration(WorkflowDuration("24h")!)))
        #expect(definition.nodes[2].kind == .wait(.until(expression: "timestamp(invoice.due_date + 'T00:00:00Z')")))
        #expect(definition.nodes[3].kind == .wait(.signal(filter: "signal.type == 'po.approved'", timeout: WorkflowDuration("2d"))))
        #expect(definition.nodes[4].kind == .wait(.signal(filter: "true", timeout: nil)))
        #expect(definition.nodes[5].kind == .tax(jurisdiction: "US-CA"))
        #expect(try WorkflowDefinition.parse(definition.jsonValue) == definition)
    }

    @Test func customAndERPSyncNodesKeepTheirSettingsWhenRead() throws {
        let definition = try WorkflowDefinition.parse(linear([
            "\"type\": \"custom\", \"module\": \"mod_score\", \"version\": 3",
            "\"type\": \"custom\", \"module\": \"mod_latest\"",
            "\"type\": \"erp_sync\", \"connector\": \"xero\"",
        ]))
        #expect(definition.nodes[1].kind == .custom(CustomSpec(module: "mod_score", version: 3)))
        #expect(definition.nodes[2].kind == .custom(CustomSpec(module: "mod_latest", version: nil)))
        #expect(definition.nodes[3].kind == .erpSync(config: json("{\"connector\": \"xero\"}")))
        #expect(try WorkflowDefinition.parse(definition.jsonValue) == definition)
    }

    @Test func aCustomNodeNeedsAModuleAndTakesNoOtherSettings() {
        #expect(brokenRules(linear(["\"type\": \"custom\""])) == ["nodes[1].module:required"])
        #expect(brokenRules(linear(["\"type\": \"custom\", \"module\": \"mod_a\", \"fuel\": 1000"])) == ["nodes[1].fuel:unknown_field"])
        #expect(brokenRules(linear(["\"type\": \"custom\", \"module\": \"mod_a\", \"version\": 0"])) == ["nodes[1].version:range"])
    }

    @Test func unknownMembersAnywhereAreRefusedWithTheirPath() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"start\", \"colour\": \"red\"}, {\"id\": \"end\", \"type\": \"end\"}",
            edges: "{\"from\": \"start\", \"to\": \"end\", \"weight\": 2}")
        #expect(brokenRules(value) == ["nodes[0].colour:unknown_field", "edges[0].weight:unknown_field"])
    }

    @Test func aSlackNotifyWithAnEmailSubjectIsRefusedAsUnknown() {
        let rules = brokenRules(linear(["\"type\": \"notify\", \"channel\": \"slack\", \"template\": \"hi\", \"subject\": \"x\""]))
        #expect(rules == ["nodes[1].subject:unknown_field"])
    }

    @Test func anEmailNeedsARecipientAndASubject() {
        let rules = brokenRules(linear(["\"type\": \"notify\", \"channel\": \"email\", \"template\": \"hi\""]))
        #expect(rules == ["nodes[1].to:required", "nodes[1].subject:required"])
    }

    @Test func anEmailRecipientMustLookLikeAnAddress() {
        let rules = brokenRules(linear(["\"type\": \"notify\", \"channel\": \"email\", \"template\": \"hi\", \"subject\": \"s\", \"to\": \"not an address\""]))
        #expect(rules == ["nodes[1].to:format"])
    }

    @Test func aWaitNeedsExactlyOneKind() {
        #expect(brokenRules(linear(["\"type\": \"wait\""])) == ["nodes[1].type:wait_kind"])
        #expect(brokenRules(linear(["\"type\": \"wait\", \"duration\": \"1h\", \"until\": \"now\""])) == ["nodes[1].type:wait_kind"])
    }

    @Test func anApproverEntryNamesExactlyOneOfIdRoleOrDepartment() {
        let rules = brokenRules(linear(["\"type\": \"approval\", \"approvers\": [{\"id\": \"apr_a\", \"role\": \"cfo\"}, {}, {\"department\": false}]"]))
        #expect(rules == ["nodes[1].approvers[0]:approver", "nodes[1].approvers[1]:approver", "nodes[1].approvers[2].department:enum"])
    }

    @Test func aBadModeQuorumOrTimeoutIsReportedOnItsMember() {
        let rules = brokenRules(linear(["\"type\": \"approval\", \"approvers\": [{\"id\": \"apr_a\"}], \"mode\": \"random\", \"quorum\": 0, \"timeout\": \"soon\""]))
        #expect(rules == ["nodes[1].quorum:range", "nodes[1].mode:enum", "nodes[1].timeout:duration"])
    }

    @Test func anUnknownNodeTypeOrOutcomeLabelIsRefused() {
        let value = definitionJSON(
            nodes: "{\"id\": \"start\", \"type\": \"begin\"}",
            edges: "{\"from\": \"start\", \"to\": \"end\", \"on\": \"maybe\"}")
        #expect(brokenRules(value) == ["nodes[0].type:enum", "edges[0].on:enum"])
    }

    @Test func aDefinitionMustBeAnObjectWithNodesAndEdges() {
        #expect(brokenRules(json("[]")) == ["body:type"])
        #expect(brokenRules(json("{}")) == ["nodes:required", "edges:required"])
    }
}

@Suite struct WorkflowDurationTests {
    @Test func durationsAreReadInSecondsMinutesHoursAndDays() {
        #expect(WorkflowDuration("90s")?.milliseconds == 90_000)
        #expect(WorkflowDuration("30m")?.milliseconds == 1_800_000)
        #expect(WorkflowDuration("48h")?.milliseconds == 172_800_000)
        #expect(WorkflowDuration("2d")?.milliseconds == 172_800_000)
        #expect(WorkflowDuration("1d12h")?.milliseconds == 129_600_000)
    }

    @Test func zeroMalformedAndOverAYearDurationsAreRefused() {
        for text in ["", "0h", "h", "12", "1w", "1.5h", "-1h", "1h ", "367d", "99999999999999999999d"] {
            #expect(WorkflowDuration(text) == nil, "\(text)")
        }
        #expect(WorkflowDuration("366d")?.milliseconds == WorkflowDuration.millisecondsMax)
    }
}
