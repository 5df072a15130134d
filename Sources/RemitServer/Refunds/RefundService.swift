import RemitCore
import RemitLedger
import RemitStore

/// Creates refunds: checks the request and the payment, then in the caller's ONE transaction
/// stores the refund as `pending`, chooses its rail and holds its amount in the ledger. The
/// rail is asked afterwards by ``RefundProcessor``, outside any transaction.
struct RefundService: Sendable {
    let environment: Environment
    /// Which rail each payment's refund goes to.
    let choice: RefundRailChoice

    /// `POST /v1/payments/{id}/refunds`: a bad body, a payment that is not `settled`, an amount
    /// above what is still refundable, or cash the ledger does not have, is refused and
    /// nothing is written.
    func create(_ body: JSONValue, payment paymentID: PaymentID, tenant: TenantID, in transaction: StoreTransaction) async throws -> Refund {
        let request = try Self.read(body)
        guard try await transaction.lockPayment(paymentID, tenant: tenant),
              let payment = try await transaction.payment(paymentID, tenant: tenant) else { throw RemitError.notFound("payment", paymentID.rawValue) }
        guard payment.status == .settled else {
            throw RemitError(.conflict, "Only a settled payment can be refunded; payment \(payment.id) is \(payment.status.rawValue).")
        }
        let totals = try await transaction.refundTotals(payment: payment.id, tenant: tenant)
        guard totals.count < RefundLimits.refundsPerPaymentMax else {
            throw RemitError(.conflict, "Payment \(payment.id) has \(totals.count) refunds, the most one payment may have (refundsPerPaymentMax).")
        }
        let refundable = payment.amount - totals.committed
        guard refundable > 0 else {
            throw RemitError(.conflict, "Payment \(payment.id) is refunded in full already (pending and succeeded refunds count).")
        }
        let amount = request.amount ?? refundable
        guard amount <= refundable else {
            throw RemitError.validation([FieldError(field: "amount", rule: "max",
                                                    message: "must be at most \(refundable), what is still refundable of the payment's \(payment.amount)")])
        }
        let now = environment.clock.nowMilliseconds
        let refund = Refund(id: environment.ids.make(), tenantID: tenant, paymentID: payment.id, amount: amount, currency: payment.currency,
                            status: .pending, reason: request.reason,
                            rail: try await choice.rail(for: payment, tenant: tenant, in: transaction).rawValue, createdAt: now, updatedAt: now)
        try await transaction.insertRefund(refund, nextAttemptAt: now)
        do {
            try await LedgerBooks(environment: environment).refundRequested(
                refund, LedgerBooks.PaymentFacts(payment), bankConfirmed: try await transaction.hasBankConfirmation(payment.id, tenant: tenant),
                in: transaction)
        } catch let error as LedgerError where error.code == .exceedsDebits {
            throw RemitError(.conflict, "The books do not hold \(amount) in the cash this payment is in (the rail's fee and earlier refunds "
                             + "came out of it); the refund would make cash negative. Nothing was refunded.")
        }
        return refund
    }

    /// The request body: `amount` (optional, at least 1) and `reason` (optional, bounded).
    static func read(_ body: JSONValue) throws -> (amount: Int64?, reason: String?) {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw RemitError.validation(errors) }
        let amount = reader.integer("amount", in: 1...Int64.max)
        let reason = reader.string("reason", maxLength: RefundLimits.reasonLengthMax)
        reader.finish()
        guard reader.errors.isEmpty else { throw RemitError.validation(reader.errors) }
        return (amount, reason)
    }
}
