import RemitCore
import RemitLedger
import RemitStore

/// A settlement event of a run, for the ledger: the run engine hands these over, and group
/// commit books a whole batch's at the end of its transaction.
struct SettlementBooking: Sendable {
    /// What happened to the settlement.
    enum Event: Sendable {
        /// The settle step is about to ask the rail: a pending transfer from the receivable to
        /// cash in transit. It has no timeout: until the rail answers, the money may have moved.
        case started
        /// The rail settled: the pending transfer is posted, the discount taken (if any), and
        /// `feeMinor` booked against cash in transit.
        case settled(feeMinor: Int64, railReference: String?)
        /// The rail declined: the pending transfer is voided and the buyer owes the amount again.
        case failed
    }

    var tenant: TenantID
    var facts: LedgerBooks.PaymentFacts
    var event: Event
}

extension LedgerBooks {
    /// Books `bookings` in order, in `transaction`, with as few statements as their number
    /// allows: one chart read per tenant and currency (none when the chart cache knows the
    /// accounts), one read of the pending transfers being resolved, and one
    /// `createLedgerTransfers` per ``LedgerLimits/transfersPerBatchMax`` transfers, which locks
    /// each hot account (cash in transit, revenue, fees) once for the whole batch.
    ///
    /// Returns the accounts the postings used, for the caller to put in the chart cache once
    /// its transaction has committed.
    /// - Throws: ``LedgerError`` when a posting breaks a rule; nothing is booked then.
    @discardableResult
    func book(_ bookings: [SettlementBooking], in transaction: StoreTransaction) async throws -> [LedgerAccount] {
        guard !bookings.isEmpty else { return [] }
        var contexts: [String: PostingContext] = [:]
        for group in Dictionary(grouping: bookings, by: { Self.contextKey($0.tenant, $0.facts.currency) }).values {
            let first = group[0]
            contexts[Self.contextKey(first.tenant, first.facts.currency)] = try await context(
                tenant: first.tenant, buyers: group.map(\.facts.buyer), currency: first.facts.currency, in: transaction)
        }
        func postingContext(of booking: SettlementBooking) -> PostingContext {
            contexts[Self.contextKey(booking.tenant, booking.facts.currency)]!
        }
        // The pendings that settlements resolve, read by client id in one go per tenant.
        var pendings: [String: LedgerTransfer] = [:]
        let resolving = bookings.filter { if case .started = $0.event { false } else { true } }
        for (tenant, group) in Dictionary(grouping: resolving, by: \.tenant) {
            let clientIDs = try group.map { try Self.pendingSettlement($0.facts, postingContext(of: $0)).clientID }
            for transfer in try await transaction.ledgerTransfers(clientIDs: clientIDs, tenant: tenant) {
                pendings[Self.pendingKey(tenant, transfer.clientID)] = transfer
            }
        }
        var transfers: [LedgerTransfer] = []
        for booking in bookings {
            let context = postingContext(of: booking)
            let candidate = try Self.pendingSettlement(booking.facts, context)
            let key = Self.pendingKey(booking.tenant, candidate.clientID)
            // A pending booked by no earlier step is written first in this batch, so the books
            // never post what was not pending.
            let known = pendings[key]
            if known == nil {
                transfers.append(candidate)
                pendings[key] = candidate
            }
            let pending = known ?? candidate
            switch booking.event {
            case .started:
                break
            case let .settled(feeMinor, railReference):
                let facts = booking.facts
                transfers += try SettlementPostings.settled(context, pending: pending, payment: facts.payment, invoice: facts.invoice,
                                                            buyer: facts.buyer, amounts: facts.amounts)
                if feeMinor > 0 {
                    transfers.append(try PostingRules.feeCharged(context, payment: booking.facts.payment, amount: feeMinor, from: .inTransit,
                                                                 reference: railReference ?? booking.facts.payment.rawValue))
                }
            case .failed:
                transfers.append(try PostingRules.paymentFailed(context, pending: pending))
            }
        }
        for start in stride(from: 0, to: transfers.count, by: LedgerLimits.transfersPerBatchMax) {
            _ = try await transaction.createLedgerTransfers(Array(transfers[start..<min(start + LedgerLimits.transfersPerBatchMax, transfers.count)]))
        }
        return contexts.values.flatMap(\.accounts.values)
    }

    private static func contextKey(_ tenant: TenantID, _ currency: Currency) -> String { tenant.rawValue + "/" + currency.code }
    private static func pendingKey(_ tenant: TenantID, _ clientID: String) -> String { tenant.rawValue + "/" + clientID }

    private static func pendingSettlement(_ facts: PaymentFacts, _ context: PostingContext) throws(LedgerError) -> LedgerTransfer {
        try SettlementPostings.started(context, payment: facts.payment, invoice: facts.invoice, buyer: facts.buyer, amounts: facts.amounts)
    }
}
