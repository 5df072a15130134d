import RemitCore
import RemitLedger
import RemitNACHA
import RemitPolicy
import RemitStore

/// Imports a NACHA return file: each return finds its payment by the original entry's trace
/// number, and in ONE transaction the payment becomes `returned`, its invoice is owed again,
/// the ledger reversal is booked and a `payment.returned` event is written. A return already
/// imported (the same original trace number) changes nothing again. A return of a refund's
/// credit entry (the buyer's account could not take the money back) marks the refund `returned`
/// and reverses it in the ledger, in the same way.
struct ACHReturnService: Sendable {
    let environment: Environment

    /// What became of one return entry.
    enum Outcome: String {
        /// The payment is now `returned` and reversed in the ledger.
        case returned
        /// This return was imported before; nothing changed.
        case alreadyReturned = "already_returned"
        /// No ACH file of the tenant has this trace number.
        case unmatched
        /// The payment is not settled (yet); nothing changed, and importing again later retries.
        case notSettled = "not_settled"
        /// A refund's credit came back: the refund is now `returned` and reversed in the ledger.
        case refundReturned = "refund_returned"
    }

    /// Reads the file; a file that is not valid NACHA, or has no return entries, is refused
    /// with the reader's reason and nothing is imported.
    static func parse(_ bytes: [UInt8]) throws -> [ACHReturn] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RemitError(.validationFailed, "The return file is not text.", fieldErrors: [
                FieldError(field: "body", rule: "encoding", message: "must be ASCII text (NACHA records)"),
            ])
        }
        let file: ACHFile
        do {
            file = try ACHFileReader().read(text)
        } catch {
            throw RemitError(.validationFailed, "The return file is not a valid NACHA file: \(error.description)", fieldErrors: [
                FieldError(field: "body", rule: error.code.rawValue, message: error.description),
            ])
        }
        guard !file.returns.isEmpty else {
            throw RemitError(.validationFailed, "The file holds no return entries (type-99 addenda).", fieldErrors: [
                FieldError(field: "body", rule: "no_returns", message: "must hold at least one return entry"),
            ])
        }
        return file.returns
    }

    /// Applies every return in the caller's transaction and describes each outcome.
    func apply(_ returns: [ACHReturn], tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONValue {
        var items: [JSONValue] = []
        var unmatched: [JSONValue] = []
        var counts: [Outcome: Int] = [:]
        for entry in returns {
            let (outcome, payment) = try await apply(entry, tenant: tenant, in: transaction)
            counts[outcome, default: 0] += 1
            if outcome == .unmatched { unmatched.append(.string(entry.originalTraceNumber)) }
            items.append(.object([
                ("original_trace_number", .string(entry.originalTraceNumber)),
                ("return_trace_number", .string(entry.traceNumber)),
                ("reason_code", .string(entry.reason.code)),
                ("reason_description", .string(entry.reason.description)),
                ("amount", .int(entry.amount.minorUnits)),
                ("payment_id", .optional(payment?.rawValue)),
                ("outcome", .string(outcome.rawValue)),
            ]))
        }
        return .object([
            ("object", .string("ach_return_import")),
            ("returned", .int(counts[.returned] ?? 0)),
            ("already_returned", .int(counts[.alreadyReturned] ?? 0)),
            ("not_settled", .int(counts[.notSettled] ?? 0)),
            ("refunds_returned", .int(counts[.refundReturned] ?? 0)),
            ("unmatched", .array(unmatched)),
            ("returns", .array(items)),
        ])
    }

    private func apply(_ entry: ACHReturn, tenant: TenantID, in transaction: StoreTransaction) async throws -> (Outcome, PaymentID?) {
        guard let file = try await transaction.railFile(rail: ACHFileRail.rail, reference: entry.originalTraceNumber, tenant: tenant),
              let payment = try await transaction.payment(file.paymentID, tenant: tenant) else { return (.unmatched, nil) }
        // A refund's credit entry came back: that is the refund returning, not the payment.
        if file.idempotencyKey.hasPrefix(Refund.railIdempotencyKeyPrefix) {
            return (try await refundReturned(entry, key: file.idempotencyKey, payment: payment, tenant: tenant, in: transaction), payment.id)
        }
        switch payment.status {
        case .returned: return (.alreadyReturned, payment.id)
        case .settled: break
        default: return (.notSettled, payment.id)
        }
        let now = environment.clock.nowMilliseconds
        guard try await transaction.insertACHReturn(tenant: tenant, originalTrace: entry.originalTraceNumber, payment: payment.id,
                                                    reasonCode: entry.reason.code, now: now) else { return (.alreadyReturned, payment.id) }
        let reason = "\(entry.reason.code): \(entry.reason.description)"
        try await transaction.updatePayment(payment.id, tenant: tenant, status: .returned, railReference: nil, failureReason: reason,
                                            settledAt: nil, now: now)
        // The invoice owes again what the payment applied to it: the money and the discount.
        try await transaction.reverseInvoicePayment(payment.invoiceID, tenant: tenant, amount: payment.appliedAmount, now: now)
        // The settlement booked the method's fee out of the same cash; it is reversed first, so
        // the return takes the whole amount back and the buyer owes all of it again.
        let books = LedgerBooks(environment: environment)
        let facts = LedgerBooks.PaymentFacts(payment)
        let confirmed = try await transaction.hasBankConfirmation(payment.id, tenant: tenant)
        // The fee as it was booked (a net-terms payment's is its settle method's), read back by its client id.
        let feeID = PostingRules.feeClientID(payment: payment.id, reference: payment.railReference ?? payment.id.rawValue)
        let fee = try await transaction.ledgerTransfer(clientID: feeID, tenant: tenant)?.transfer.legs.first?.amount ?? 0
        try await books.feeReversed(facts, amount: fee, bankConfirmed: confirmed, reference: entry.traceNumber, tenant: tenant, in: transaction)
        try await books.paymentReturned(facts, bankConfirmed: confirmed, reference: entry.traceNumber, tenant: tenant, in: transaction)
        guard let returned = try await transaction.payment(payment.id, tenant: tenant) else { throw StoreError.corrupt("payment vanished") }
        let payload = JSONValue.object([
            ("payment_id", .string(payment.id.rawValue)),
            ("invoice_id", .string(payment.invoiceID.rawValue)),
            ("payment", returned.jsonValue),
            ("reason_code", .string(entry.reason.code)),
            ("reason_description", .string(entry.reason.description)),
            ("original_trace_number", .string(entry.originalTraceNumber)),
            ("return_trace_number", .string(entry.traceNumber)),
        ])
        let event = StoredEvent(id: environment.ids.secret(prefix: "evt_", byteCount: 12), tenantID: tenant, type: "payment.returned",
                                payload: payload, createdAt: now)
        try await transaction.insertEvent(event)
        if let message = OutboxRouting.webhook(for: event, settings: try await transaction.tenantSettings(tenant), now: now) {
            try await transaction.enqueue(message)
        }
        return (.returned, payment.id)
    }

    /// A succeeded refund's credit came back: in the caller's transaction the refund becomes
    /// `returned`, its ledger transfer is reversed (the cash is the tenant's again) and a
    /// `refund.returned` event is written. Imported twice, nothing changes; a refund that had
    /// not succeeded changes nothing either.
    private func refundReturned(_ entry: ACHReturn, key: String, payment: Payment, tenant: TenantID,
                                in transaction: StoreTransaction) async throws -> Outcome {
        let id = RefundID(rawValue: String(key.dropFirst(Refund.railIdempotencyKeyPrefix.count)))
        guard let refund = try await transaction.refund(id, tenant: tenant, locking: true) else { return .unmatched }
        let reason = "\(entry.reason.code): \(entry.reason.description)"
        let action: RefundLifecycle.Action
        do {
            action = try RefundLifecycle.transition(from: refund.status, on: .bankReturned(reason: reason))
        } catch {
            return .notSettled
        }
        guard case .markReturned = action else { return .alreadyReturned }
        let now = environment.clock.nowMilliseconds
        guard try await transaction.insertACHReturn(tenant: tenant, originalTrace: entry.originalTraceNumber, payment: payment.id,
                                                    reasonCode: entry.reason.code, now: now),
              try await transaction.markRefundReturned(id, tenant: tenant, reason: reason, now: now) else { return .alreadyReturned }
        try await LedgerBooks(environment: environment).refundReturned(refund, LedgerBooks.PaymentFacts(payment), reference: entry.traceNumber,
                                                                       in: transaction)
        try await RefundOutcomeRecorder(environment: environment).emit("refund.returned", id, tenant: tenant, payment: payment, in: transaction)
        return .refundReturned
    }
}
