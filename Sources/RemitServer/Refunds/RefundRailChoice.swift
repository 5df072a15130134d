import RemitCore
import RemitRails
import RemitStore

/// The rails a refund can go back over; stored on the refund when it is created, so a resumed
/// refund always goes back to the rail it was booked for.
enum RefundRailName: String, Sendable, CaseIterable {
    /// A Stripe refund of the payment's PaymentIntent.
    case stripe
    /// A NACHA CCD credit entry to the buyer's account.
    case ach
    /// A pain.001 credit transfer back to the buyer's IBAN.
    case sepa
    /// The payment rail of every other payment (the simulated gateway in `remit serve`).
    case gateway
}

/// Chooses a payment's refund rail the way its settlement was routed: Stripe when the payment
/// carries a Stripe payment method and Stripe is configured, the file rail of its bank account
/// when it settled by file, the fallback otherwise.
struct RefundRailChoice: Sendable {
    /// Whether the server talks to Stripe.
    let stripeConfigured: Bool

    func rail(for payment: Payment, tenant: TenantID, in transaction: StoreTransaction) async throws -> RefundRailName {
        let details = try await transaction.paymentRailDetails(payment.id, tenant: tenant)
        return Self.rail(method: payment.method, settleMethod: details?.settleMethod, hasStripePaymentMethod: details?.stripePaymentMethod != nil,
                         stripeConfigured: stripeConfigured, bankAccountKind: try await transaction.paymentBankAccount(payment.id)?.kind)
    }

    /// The choice itself, pure: the same routing as the settlement's (`StripeRouting`, then the
    /// file rails by the payer's account, then the fallback).
    static func rail(method: PaymentMethod, settleMethod: PaymentMethod?, hasStripePaymentMethod: Bool, stripeConfigured: Bool,
                     bankAccountKind: String?) -> RefundRailName {
        if stripeConfigured, hasStripePaymentMethod { return .stripe }
        // A net-terms payment settled with the method chosen for the end of its terms (as the settle step does).
        switch (SettlementTerms.settlingMethod(method: method, settleMethod: settleMethod), bankAccountKind) {
        case (.achDebit, .some(ACHFileRail.rail)): return .ach
        case (.sepaCredit, .some(Pain001Rail.rail)): return .sepa
        default: return .gateway
        }
    }
}

/// The refund rail of each ``RefundRailName``; a name without a rail declines every refund
/// (`refund_rail_unavailable`), which voids its ledger hold.
struct RefundRails: Sendable {
    var rails: [RefundRailName: any RefundRail]

    func rail(named name: String?) -> any RefundRail {
        name.flatMap(RefundRailName.init(rawValue:)).flatMap { rails[$0] } ?? UnavailableRefundRail(name: name ?? "none")
    }
}

/// Declines every refund: the payment's rail cannot give money back from Remit.
struct UnavailableRefundRail: RefundRail {
    let name: String

    func refund(_ instruction: RefundInstruction, idempotencyKey: String) async -> RefundOutcome {
        .declined(code: "refund_rail_unavailable", message: "Remit cannot refund over the '\(name)' rail; refund the buyer outside Remit.")
    }
}
