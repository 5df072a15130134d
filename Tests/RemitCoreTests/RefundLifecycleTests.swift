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

    @Test func theRailKeyIsDerivedFromTheRefundID() {
        let refund = Refund(id: RefundID(rawValue: "rfd_abc"), tenantID: TenantID(rawValue: "ten_a"), paymentID: PaymentID(rawValue: "pay_a"),
                            amount: 1, currency: .usd, status: .pending, reason: nil, createdAt: 0, updatedAt: 0)
        #expect(refund.railIdempotencyKey == "refund:rfd_abc")
        #expect(RefundID(validating: "rfd_abc") != nil && RefundID(validating: "pay_abc") == nil)
    }
}
