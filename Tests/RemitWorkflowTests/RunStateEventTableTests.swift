import RemitCore
import Testing

@testable import RemitWorkflow

/// Every status × every event: the legal pairs do what the lifecycle tests describe in detail;
/// here each pair is checked for its kind of answer, so no pair is left untested.
@Suite struct RunStateEventTableTests {
    /// What a pair must do.
    enum Answer: Equatable { case accepted, ignored, rejected, refused }

    /// A run in each status, made by real events.
    static func run(in status: String) -> Run {
        var run = Run(context: paymentContext(amount: status == "running" ? 100 : 7_500_000))
        switch status {
        case "created": break
        case "running": _ = try! run.send(.started)
        case "awaiting_approval": _ = try! run.send(.started)
        case "waiting":
            run = Run(json: """
            {"nodes": [{"id": "start", "type": "start"}, {"id": "w", "type": "wait", "duration": "1h"}, {"id": "done", "type": "end"}],
             "edges": [{"from": "start", "to": "w"}, {"from": "w", "to": "done"}]}
            """)
            _ = try! run.send(.started)
        case "completed":
            run = Run(context: paymentContext(amount: 100))
            _ = try! run.send(.started)
            _ = try! run.send(.stepSucceeded(node: "tax", outcome: .next, output: .null))
            _ = try! run.send(.stepSucceeded(node: "pay", outcome: .settled, output: .null))
        case "rejected":
            _ = try! run.send(.started)
            _ = try! run.send(vote("apr_cfo", approve: false))
            _ = try! run.send(vote("apr_ctl", approve: false))
        case "failed":
            _ = try! run.send(.started)
            _ = try! run.send(vote("apr_cfo"))
            _ = try! run.send(vote("apr_ctl"))
            _ = try! run.send(.stepFailed(node: "tax", reason: "broken", retryable: false))
        case "cancelled":
            _ = try! run.send(.started)
            _ = try! run.send(.cancelRequested(reason: "x"))
        default: preconditionFailure("no status \(status)")
        }
        #expect(run.state.status.name == status)
        return run
    }

    /// The expected answer for each status, in the order of `everyEvent`: started,
    /// stepSucceeded(tax), stepFailed(tax), timerFired(now), signalArrived, vote(apr_cfo),
    /// approvalTimedOut, cancelRequested.
    static let table: [(String, [Answer])] = [
        ("created", [.accepted, .rejected, .rejected, .rejected, .rejected, .rejected, .rejected, .accepted]),
        ("running", [.rejected, .accepted, .accepted, .ignored, .rejected, .rejected, .rejected, .accepted]),
        ("waiting", [.rejected, .rejected, .rejected, .ignored, .rejected, .rejected, .rejected, .accepted]),
        ("awaiting_approval", [.rejected, .rejected, .rejected, .ignored, .rejected, .accepted, .rejected, .accepted]),
        // A vote in a finished run that had an approval is a late vote: recorded, nothing else.
        ("completed", [.rejected, .rejected, .rejected, .rejected, .rejected, .rejected, .rejected, .rejected]),
        ("rejected", [.rejected, .rejected, .rejected, .rejected, .rejected, .accepted, .rejected, .rejected]),
        ("failed", [.rejected, .rejected, .rejected, .rejected, .rejected, .accepted, .rejected, .rejected]),
        ("cancelled", [.rejected, .rejected, .rejected, .rejected, .rejected, .accepted, .rejected, .rejected]),
    ]

    @Test(arguments: table)
    func everyEventHasADefinedAnswerInEveryStatus(status: String, answers: [Answer]) {
        for (event, answer) in zip(everyEvent, answers) {
            var run = Self.run(in: status)
            let before = run.state
            var got: Answer
            do {
                let actions = try run.send(event)
                got = actions.isEmpty && run.state == before ? .ignored : .accepted
                if got == .accepted, run.state == before {
                    // Only a late vote may be accepted without changing the state, and it only journals.
                    #expect(actions.journal.map(\.kind) == ["late_vote"], "\(status) × \(event.name)")
                }
            } catch {
                got = error.code == .voteRefused ? .refused : .rejected
                #expect(run.state == before, "a rejected event changed the state: \(status) × \(event.name)")
                #expect(error.message.contains("run_1") || error.code == .voteRefused, "\(status) × \(event.name)")
            }
            #expect(got == answer, "\(status) × \(event.name)")
        }
    }

    @Test func aFinishedRunNamesItsStatusWhenItRejectsAnEvent() {
        var run = Self.run(in: "completed")
        let error = run.expectRejected(.cancelRequested(reason: "x"))
        #expect(error?.message == "run run_1 is completed at 'done': it is finished")
    }

    @Test func startingTwiceIsRejected() {
        var run = Self.run(in: "running")
        let error = run.expectRejected(.started)
        #expect(error?.message.contains("it has already started") == true)
    }
}
