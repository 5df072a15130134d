import RemitCore
import Testing

/// Every state × event pair of a refund's lifecycle.
@Suite struct RefundLifecycleTests {
    static let succeeded = RefundLifecycle.Event.railSucceeded(reference: "re_1")
    static let declined = RefundLifecycle.Event.railDeclined(code: "expired_card", message: "The card expired.")
    static let unknown = RefundLifecycle.Event.railUnknown(reason: "timeout")

    @Test func aPendingRefundFollowsTheRailsAnswer() throws {
        #expect(try RefundLifecycle.transition(from: .pending, on: Self.succeeded) == .succeed(reference: "re_1"))
        #expect(try RefundLifecycle.transition(from: .pending, on: Self.declined) == .fail(reason: "expired_card: The card expired."))
        #expect(try RefundLifecycle.transition(from: .pending, on: Self.unknown) == .retryLater)
    }

    @Test func aFinalRefundIgnoresRepeatsAndRefusesContradictions() throws {
        #expect(try RefundLifecycle.transition(from: .succeeded, on: Self.succeeded) == RefundLifecycle.Action.none)
        #expect(try RefundLifecycle.transition(from: .failed, on: Self.declined) == RefundLifecycle.Action.none)
        #expect(try RefundLifecycle.transition(from: .succeeded, on: Self.unknown) == RefundLifecycle.Action.none)
        #expect(try RefundLifecycle.transition(from: .failed, on: Self.unknown) == RefundLifecycle.Action.none)
        #expect(throws: RefundLifecycle.Contradiction(state: .succeeded, event: Self.declined)) {
            try RefundLifecycle.transition(from: .succeeded, on: Self.declined)
        }
        #expect(throws: RefundLifecycle.Contradiction(state: .failed, event: Self.succeeded)) {
            try RefundLifecycle.transition(from: .failed, on: Self.succeeded)
        }
    }

    static let bankReturned = RefundLifecycle.Event.bankReturned(reason: "R03: No account")

    @Test func onlyASucceededRefundCanComeBackFromTheBankAndOnlyOnce() throws {
        #expect(try RefundLifecycle.transition(from: .succeeded, on: Self.bankReturned) == .markReturned(reason: "R03: No account"))
        #expect(try RefundLifecycle.transition(from: .returned, on: Self.bankReturned) == RefundLifecycle.Action.none)
        for state in [Refund.Status.pending, .failed] {
            #expect(throws: RefundLifecycle.Contradiction(state: state, event: Self.bankReturned)) {
                try RefundLifecycle.transition(from: state, on: Self.bankReturned)
            }
            #expect(RefundLifecycle.Contradiction(state: state, event: Self.bankReturned).code == "refund_not_succeeded")
        }
        // A returned refund is final for the rail too: a late duplicate changes nothing, a decline contradicts it.
        #expect(try RefundLifecycle.transition(from: .returned, on: Self.succeeded) == RefundLifecycle.Action.none)
        #expect(try RefundLifecycle.transition(from: .returned, on: Self.unknown) == RefundLifecycle.Action.none)
        #expect(throws: RefundLifecycle.Contradiction(state: .returned, event: Self.declined)) {
            try RefundLifecycle.transition(from: .returned, on: Self.declined)
        }
    }

    @Test func theRailKeyIsDerivedFromTheRefundID() {
        let refund = Refund(id: RefundID(rawValue: "rfd_abc"), tenantID: TenantID(rawValue: "ten_a"), paymentID: PaymentID(rawValue: "pay_a"),
                            amount: 1, currency: .usd, status: .pending, reason: nil, createdAt: 0, updatedAt: 0)
        #expect(refund.railIdempotencyKey == "refund:rfd_abc")
        #expect(RefundID(validating: "rfd_abc") != nil && RefundID(validating: "pay_abc") == nil)
    }
}
