/// The refund's lifecycle as a pure state machine: the caller applies the returned action
/// (status, ledger, events) in one transaction.
///
/// | state | rail succeeded | rail declined | rail answer unknown | bank returned the money |
/// | --- | --- | --- | --- | --- |
/// | `pending` | → `succeeded`, post the ledger hold | → `failed`, void the ledger hold | stays `pending`, retry with the same key | refused: `refund_not_succeeded` |
/// | `succeeded` | no change (a late duplicate answer) | refused: `refund_already_final` | no change | → `returned`, reverse the posted refund |
/// | `failed` | refused: `refund_already_final` | no change | no change | refused: `refund_not_succeeded` |
/// | `returned` | no change | refused: `refund_already_final` | no change | no change (imported twice) |
public enum RefundLifecycle {
    /// What the rail said.
    public enum Event: Sendable, Equatable {
        /// The rail gave the money back under `reference`.
        case railSucceeded(reference: String)
        /// The rail refused the refund for good.
        case railDeclined(code: String, message: String)
        /// The rail's answer never came or was temporary.
        case railUnknown(reason: String)
        /// The buyer's bank sent the refunded money back (an ACH return), with its reason.
        case bankReturned(reason: String)
    }

    /// What the caller must do.
    public enum Action: Sendable, Equatable {
        /// Mark the refund succeeded with the rail's reference and post the ledger hold.
        case succeed(reference: String)
        /// Mark the refund failed with the reason and void the ledger hold.
        case fail(reason: String)
        /// Keep the refund pending and ask the rail again later, under the same key.
        case retryLater
        /// Mark the refund returned with the reason and reverse its posted ledger transfer.
        case markReturned(reason: String)
        /// Nothing changes: the event repeats what is already recorded.
        case none
    }

    /// A rail answer that contradicts a final state: only a bug or a rail that broke its
    /// idempotency promise can cause it, so the caller logs it and changes nothing.
    public struct Contradiction: Error, Sendable, Equatable {
        /// The stable code of this refusal: a return of money that was never refunded, or a
        /// rail answer against a final state.
        public var code: String {
            if case .bankReturned = event { return "refund_not_succeeded" }
            return "refund_already_final"
        }
        /// The refund's recorded, final state.
        public let state: Refund.Status
        /// The answer that contradicts it.
        public let event: Event

        /// Creates the refusal of `event` in `state`.
        public init(state: Refund.Status, event: Event) {
            self.state = state
            self.event = event
        }
    }

    /// The action for `event` in `state`.
    public static func transition(from state: Refund.Status, on event: Event) throws(Contradiction) -> Action {
        switch (state, event) {
        case let (.pending, .railSucceeded(reference)): return .succeed(reference: reference)
        case let (.pending, .railDeclined(code, message)): return .fail(reason: "\(code): \(message)")
        case (.pending, .railUnknown): return .retryLater
        case let (.succeeded, .bankReturned(reason)): return .markReturned(reason: reason)
        case (.succeeded, .railSucceeded), (.failed, .railDeclined), (_, .railUnknown), (.returned, .railSucceeded), (.returned, .bankReturned):
            return .none
        case (.succeeded, .railDeclined), (.failed, .railSucceeded), (.returned, .railDeclined), (.pending, .bankReturned), (.failed, .bankReturned):
            throw Contradiction(state: state, event: event)
        }
    }
}
