import RemitCore
import Testing

@testable import RemitWorkflow

private func candidate(_ id: String, priority: Int64 = 0, createdAt: Int64 = 0, binding: String?) -> WorkflowCandidate {
    try! WorkflowCandidate(id: id, priority: priority, createdAt: createdAt, binding: binding)
}

@Suite struct WorkflowSelectorTests {
    private let big = paymentContext(amount: 7_500_000)
    private let small = paymentContext(amount: 100)

    @Test func theFirstMatchingBindingByPriorityWins() {
        let candidates = [
            candidate("wf_low", priority: 1, binding: "true"),
            candidate("wf_high", priority: 10, binding: "payment.amount > 5000000"),
        ]
        #expect(WorkflowSelector.select(candidates, defaultWorkflowID: "wf_default", context: big, now: t0)
            == WorkflowSelection(workflowID: "wf_high", reason: .binding, errors: []))
        #expect(WorkflowSelector.select(candidates, defaultWorkflowID: "wf_default", context: small, now: t0).workflowID == "wf_low")
    }

    @Test func amongEqualPrioritiesTheOlderWorkflowWins() {
        let candidates = [
            candidate("wf_new", priority: 5, createdAt: 2_000, binding: "true"),
            candidate("wf_old", priority: 5, createdAt: 1_000, binding: "true"),
        ]
        #expect(WorkflowSelector.select(candidates, defaultWorkflowID: nil, context: big, now: t0).workflowID == "wf_old")
    }

    @Test func withoutAMatchTheTenantDefaultIsChosen() {
        let candidates = [candidate("wf_eu", binding: "buyer.country == 'DE'")]
        #expect(WorkflowSelector.select(candidates, defaultWorkflowID: "wf_default", context: big, now: t0)
            == WorkflowSelection(workflowID: "wf_default", reason: .default, errors: []))
        #expect(WorkflowSelector.select(candidates, defaultWorkflowID: nil, context: big, now: t0)
            == WorkflowSelection(workflowID: nil, reason: .none, errors: []))
    }

    @Test func aWorkflowWithoutABindingIsNeverChosenByBinding() {
        let candidates = [candidate("wf_plain", priority: 100, binding: nil)]
        #expect(WorkflowSelector.select(candidates, defaultWorkflowID: "wf_default", context: big, now: t0).workflowID == "wf_default")
    }

    @Test func aBindingThatFailsToEvaluateCountsAsNoMatchAndIsReported() {
        let candidates = [
            candidate("wf_broken", priority: 9, binding: "context.missing.deeper > 1"),
            candidate("wf_ok", priority: 1, binding: "true"),
        ]
        let selection = WorkflowSelector.select(candidates, defaultWorkflowID: nil, context: big, now: t0)
        #expect(selection.workflowID == "wf_ok")
        #expect(selection.errors.map(\.workflowID) == ["wf_broken"])
    }

    @Test func bindingsMayReadTheCurrentTime() {
        let candidates = [candidate("wf_december", binding: "now >= timestamp('2026-12-01T00:00:00Z')")]
        #expect(WorkflowSelector.select(candidates, defaultWorkflowID: "d", context: big, now: t0).workflowID == "d")
        #expect(WorkflowSelector.select(candidates, defaultWorkflowID: "d", context: big, now: t0 + 48 * hour).workflowID == "wf_december")
    }
}

@Suite struct WorkflowInputTests {
    @Test func aCompleteInputIsRead() throws {
        let body = json(#"{"name": "Large payments", "binding": "payment.amount > 5000000", "priority": 10, "definition": \#(cfoWorkflowJSON)}"#)
        let input = try WorkflowInput.parse(body)
        #expect(input == WorkflowInput(name: "Large payments", binding: "payment.amount > 5000000", priority: 10, definition: cfoWorkflow()))
    }

    @Test func bindingAndPriorityAreOptional() throws {
        let input = try WorkflowInput.parse(json(#"{"name": "Default", "definition": \#(cfoWorkflowJSON)}"#))
        #expect(input.binding == nil)
        #expect(input.priority == 0)
    }

    @Test func definitionProblemsAreReportedUnderDefinition() {
        let body = json(#"{"name": "x", "definition": {"nodes": [{"id": "end", "type": "end"}], "edges": []}}"#)
        let error = #expect(throws: RemitError.self) { try WorkflowInput.parse(body) }
        #expect(error?.fieldErrors.map { "\($0.field):\($0.rule)" } == ["definition.nodes:start_count"])
        let unknown = #expect(throws: RemitError.self) {
            try WorkflowInput.parse(json(#"{"name": "x", "definition": {"nodes": [], "edges": [], "extra": 1}}"#))
        }
        #expect(unknown?.fieldErrors.map(\.field) == ["definition.extra"])
    }

    @Test func everyTopLevelProblemIsReportedAtOnce() {
        let body = json(#"{"binding": "payment.amount >", "priority": 2000000, "colour": "blue"}"#)
        let error = #expect(throws: RemitError.self) { try WorkflowInput.parse(body) }
        #expect(error?.code == .validationFailed)
        #expect(error?.fieldErrors.map { "\($0.field):\($0.rule)" }
            == ["name:required", "priority:range", "definition:required", "colour:unknown_field", "binding:expression"])
    }

    @Test func approversAreCheckedAgainstTheGivenDirectory() {
        let body = json(#"{"name": "x", "definition": \#(cfoWorkflowJSON)}"#)
        let validator = WorkflowValidator(directory: StaticApproverDirectory(approverIDs: ["apr_cfo"]))
        let error = #expect(throws: RemitError.self) { try WorkflowInput.parse(body, validator: validator) }
        #expect(error?.fieldErrors.map { "\($0.field):\($0.rule)" } == ["definition.nodes[3].approvers[2].id:approver_unknown"])
    }
}
