import RemitCore
import RemitLedger
import RemitStore

extension LedgerBooks {
    /// The tenant asked for a refund: the amount is held out of the payment's cash (settled cash
    /// once the bank confirmed the payment, cash in transit before) in a pending transfer to
    /// `refunds`. Throws the ledger's `exceeds_debits` when the cash is not there.
    func refundRequested(_ refund: Refund, _ facts: PaymentFacts, bankConfirmed: Bool, in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: refund.tenantID, buyer: facts.buyer, currency: facts.currency, in: transaction)
        try await transaction.createLedgerTransfer(try PostingRules.refundRequested(
            context, refund: refund.id, payment: facts.payment, invoice: facts.invoice, buyer: facts.buyer, amount: refund.amount,
            from: bankConfirmed ? .settled : .inTransit))
    }

    /// The bank sent a succeeded refund's money back: the posted refund is reversed.
    func refundReturned(_ refund: Refund, _ facts: PaymentFacts, reference: String, in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: refund.tenantID, buyer: facts.buyer, currency: facts.currency, in: transaction)
        guard let posted = try await transaction.ledgerTransfer(clientID: "refund:\(refund.id)", tenant: refund.tenantID)?.transfer else {
            throw StoreError.corrupt("refund \(refund.id) has no ledger transfer")
        }
        try await transaction.createLedgerTransfer(try PostingRules.refundReturned(context, refund: refund.id, posted: posted, reference: reference))
    }

    /// The rail answered for good: the refund's hold is posted (`succeeded`) or voided.
    func refundFinished(_ refund: Refund, _ facts: PaymentFacts, succeeded: Bool, in transaction: StoreTransaction) async throws {
        let context = try await context(tenant: refund.tenantID, buyer: facts.buyer, currency: facts.currency, in: transaction)
        guard let pending = try await transaction.ledgerTransfer(clientID: "refund:\(refund.id)", tenant: refund.tenantID)?.transfer else {
            throw StoreError.corrupt("refund \(refund.id) has no pending ledger transfer")
        }
        try await transaction.createLedgerTransfer(succeeded
            ? try PostingRules.refundSucceeded(context, refund: refund.id, pending: pending)
            : try PostingRules.refundFailed(context, refund: refund.id, pending: pending))
    }
}
