import RemitCore
import Testing

@testable import RemitWorkflow

/// 2026-11-29T12:00:00Z.
let t0: Int64 = 1_795_953_600_000
let hour: Int64 = 3_600_000

/// The buyer's approvers in the run tests.
let testApprovers = [
    ApproverRecord(id: "apr_cfo", email: "cfo@acme.example", roles: ["cfo"], department: "FIN"),
    ApproverRecord(id: "apr_ctl", email: "ctl@acme.example", roles: ["controller"], department: "FIN"),
    ApproverRecord(id: "apr_ceo", email: "ceo@acme.example", roles: ["ceo"], department: nil),
]

/// A payment context for `amount` minor units.
func paymentContext(amount: Int64 = 7_500_000, department: String? = "FIN") -> RunContext {
    RunContext(
        invoice: json(#"{"id": "inv_1", "number": "INV-7", "due_date": "2026-12-31", "po_number": "PO-9", "memo": "<!here> urgent"}"#),
        buyer: json(#"{"id": "buy_1", "name": "Acme", "country": "US"}"#),
        payment: .object([("id", .string("pay_1")), ("amount", .int(amount))]),
        context: json(#"{"po_state": "open"}"#),
        approvers: testApprovers, department: department)
}

/// Drives one run through events, keeping its state and the clock.
struct Run {
    let machine: RunStateMachine
    var state: RunState
    var now: Int64 = t0
    var random = 0.5

    init(_ definition: WorkflowDefinition = cfoWorkflow(), context: RunContext = paymentContext(), policy: RunPolicy = .default) {
        machine = RunStateMachine(workflow: try! CompiledWorkflow(definition), context: context, policy: policy)
        state = RunState(runID: "run_1")
    }

    init(json text: String, context: RunContext = paymentContext(), policy: RunPolicy = .default) {
        self.init(try! WorkflowDefinition.parse(json(text)), context: context, policy: policy)
    }

    /// Applies `event`, keeps the new state and returns the actions.
    @discardableResult
    mutating func send(_ event: RunEvent) throws(WorkflowError) -> [RunAction] {
        let transition = try machine.handle(event, in: state, now: now, random: random)
        state = transition.state
        return transition.actions
    }

    /// Applies an event that must be rejected, and checks that nothing changed.
    @discardableResult
    mutating func expectRejected(_ event: RunEvent, code: WorkflowError.Code = .eventRejected,
                                 sourceLocation: SourceLocation = #_sourceLocation) -> WorkflowError? {
        let before = state
        let error = #expect(throws: WorkflowError.self, sourceLocation: sourceLocation) { try send(event) }
        #expect(error?.code == code, sourceLocation: sourceLocation)
        #expect(state == before, sourceLocation: sourceLocation)
        return error
    }

    /// Applies an event that must change nothing and ask for nothing (a stale timer, an
    /// unmatched signal).
    mutating func expectIgnored(_ event: RunEvent, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = state
        let actions = try? send(event)
        #expect(actions == [], sourceLocation: sourceLocation)
        #expect(state == before, sourceLocation: sourceLocation)
    }
}

extension [RunAction] {
    var executed: [StepRequest] { compactMap { if case let .executeStep(request) = $0 { request } else { nil } } }
    var wakes: [Int64] { compactMap { if case let .scheduleWake(at) = $0 { at } else { nil } } }
    var approvalRequests: [ApprovalRequest] { compactMap { if case let .requestApprovals(request) = $0 { request } else { nil } } }
    var messages: [NotifyMessage] { compactMap { if case let .notify(message) = $0 { message } else { nil } } }
    var journal: [JournalEntry] { compactMap { if case let .journal(entry) = $0 { entry } else { nil } } }
    var events: [String] { compactMap { if case let .emitEvent(name, _) = $0 { name } else { nil } } }
    var completions: [EndResult] { compactMap { if case let .complete(result) = $0 { result } else { nil } } }
    var failures: [String] { compactMap { if case let .fail(reason) = $0 { reason } else { nil } } }
}

func vote(_ approver: String, approve: Bool = true, node: String = "sign", visit: Int? = nil) -> RunEvent {
    .voteCast(ApprovalVote(node: node, visit: visit, approverID: approver, approve: approve))
}

/// Every kind of event, for state × event tables.
let everyEvent: [RunEvent] = [
    .started,
    .stepSucceeded(node: "tax", outcome: .next, output: .object([])),
    .stepFailed(node: "tax", reason: "down", retryable: true),
    .timerFired(at: t0),
    .signalArrived(.object([])),
    vote("apr_cfo"),
    .approvalTimedOut,
    .cancelRequested(reason: "buyer asked"),
]
