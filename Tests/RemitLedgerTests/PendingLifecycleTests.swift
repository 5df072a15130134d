@testable import RemitLedger
import Testing

/// Every state × event pair of the pending-transfer state machine, before and at the timeout.
@Suite struct PendingLifecycleTests {
    static let expiresAt: Int64 = 1_000
    static let before: Int64 = 999

    enum Outcome: Sendable, Equatable {
        case moves(PendingState, PendingLifecycle.Action)
        case refused(LedgerError.Code)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let state: PendingState
        let event: PendingLifecycle.Event
        let expiresAt: Int64?
        let outcome: Outcome

        var testDescription: String { "\(state) + \(event) (expires \(expiresAt.map(String.init) ?? "never"))" }

        init(_ state: PendingState, _ event: PendingLifecycle.Event, expiresAt: Int64? = PendingLifecycleTests.expiresAt,
             _ outcome: Outcome) {
            self.state = state
            self.event = event
            self.expiresAt = expiresAt
            self.outcome = outcome
        }
    }

    static let cases: [Case] = [
        // From pending: post and void before the timeout, expire at or after it.
        Case(.pending, .post(at: before), .moves(.posted, .releaseAndPost)),
        Case(.pending, .post(at: expiresAt), .refused(.pendingTransferExpired)),
        Case(.pending, .post(at: expiresAt + 1), .refused(.pendingTransferExpired)),
        Case(.pending, .post(at: .max), expiresAt: nil, .moves(.posted, .releaseAndPost)),
        Case(.pending, .void(at: before), .moves(.voided, .release)),
        Case(.pending, .void(at: expiresAt), .refused(.pendingTransferExpired)),
        Case(.pending, .void(at: .max), expiresAt: nil, .moves(.voided, .release)),
        Case(.pending, .expire(at: before), .refused(.pendingTransferNotExpired)),
        Case(.pending, .expire(at: expiresAt), .moves(.expired, .release)),
        Case(.pending, .expire(at: expiresAt + 1), .moves(.expired, .release)),
        Case(.pending, .expire(at: .max), expiresAt: nil, .refused(.pendingTransferNotExpired)),
        // Nothing leaves a final state, before or after the timeout.
        Case(.posted, .post(at: before), .refused(.pendingTransferAlreadyPosted)),
        Case(.posted, .void(at: before), .refused(.pendingTransferAlreadyPosted)),
        Case(.posted, .expire(at: expiresAt), .refused(.pendingTransferAlreadyPosted)),
        Case(.voided, .post(at: before), .refused(.pendingTransferAlreadyVoided)),
        Case(.voided, .void(at: before), .refused(.pendingTransferAlreadyVoided)),
        Case(.voided, .expire(at: expiresAt), .refused(.pendingTransferAlreadyVoided)),
        Case(.expired, .post(at: before), .refused(.pendingTransferExpired)),
        Case(.expired, .void(at: before), .refused(.pendingTransferExpired)),
        Case(.expired, .expire(at: expiresAt), .refused(.pendingTransferExpired)),
    ]

    @Test(arguments: cases)
    func eachStateAndEventHasOneOutcome(_ testCase: Case) {
        do {
            let next = try PendingLifecycle.transition(from: testCase.state, expiresAt: testCase.expiresAt, on: testCase.event)
            #expect(Outcome.moves(next.state, next.action) == testCase.outcome)
        } catch {
            #expect(Outcome.refused(error.code) == testCase.outcome)
        }
    }

    @Test func everyStateAndEventKindIsCovered() {
        let pairs = Set(Self.cases.map { "\($0.state)-\(Self.name($0.event))" })
        #expect(pairs.count == PendingState.allCases.count * 3)
    }

    static func name(_ event: PendingLifecycle.Event) -> String {
        switch event {
        case .post: return "post"
        case .void: return "void"
        case .expire: return "expire"
        }
    }

    @Test func onlyPendingStillReserves() {
        #expect(PendingState.allCases.filter(\.isPending) == [.pending])
    }
}
