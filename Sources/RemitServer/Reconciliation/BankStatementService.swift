import Foundation
import RemitCore
import RemitISO20022
import RemitReconciliation
import RemitStore

/// Imports camt.053 statements, reconciles their entries with the tenant's open payments and
/// invoices, books every match in the ledger in the same transaction, and applies a person's
/// manual matches.
struct BankStatementService: Sendable {
    /// The most entries a statement list (`GET /v1/bank_statements/{id}`) shows.
    static let entriesShownMax = 10_000

    let environment: Environment
    let engine: ReconciliationEngine

    init(environment: Environment, configuration: ReconciliationConfiguration = .default) {
        self.environment = environment
        self.engine = ReconciliationEngine(configuration: configuration)
    }

    /// The open expectations of a tenant, and whether each id is a payment or an invoice.
    struct Expectations {
        var payments: [ExpectedPayment] = []
        var kinds: [ExpectedPaymentID: ReconciliationAllocation.TargetKind] = [:]
        var facts: [ExpectedPaymentID: LedgerBooks.PaymentFacts] = [:]
        /// The expected payments by id (the first of an id wins), for booking matches.
        var byID: [ExpectedPaymentID: ExpectedPayment] = [:]
    }

    func expectations(tenant: TenantID, in transaction: StoreTransaction) async throws -> Expectations {
        var result = Expectations()
        let limit = engine.configuration.expectedPaymentsMax
        for awaiting in try await transaction.paymentsAwaitingBank(tenant: tenant, limit: limit) {
            guard let expected = StatementMapping.expected(awaiting) else { continue }
            result.payments.append(expected)
            result.kinds[expected.id] = .payment
            result.facts[expected.id] = LedgerBooks.PaymentFacts(awaiting.payment)
        }
        for awaiting in try await transaction.invoicesAwaitingMoney(tenant: tenant, limit: max(0, limit - result.payments.count)) {
            guard let expected = StatementMapping.expected(awaiting) else { continue }
            result.payments.append(expected)
            result.kinds[expected.id] = .invoice
        }
        result.byID = Dictionary(result.payments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return result
    }

    /// Imports every account statement of `message` in one transaction: all or nothing.
    /// A statement imported before (same message id and statement id) refuses the whole file with 409.
    func importStatements(_ message: BankToCustomerStatement, tenant: TenantID, in transaction: StoreTransaction) async throws -> [String] {
        try await transaction.lockTenantForReconciliation(tenant)
        for statement in message.statements {
            if let existing = try await transaction.bankStatementID(messageID: message.messageID, statementID: statement.id, tenant: tenant) {
                throw RemitError(.conflict, "Statement '\(Self.echo(statement.id))' of message '\(Self.echo(message.messageID))' was imported "
                    + "before as \(existing); nothing was imported again. GET /v1/bank_statements/\(existing) shows its outcome.")
            }
        }
        let now = environment.clock.nowMilliseconds
        let fallbackDate = CalendarDate(utc: message.creationDateTime)
        var ids: [String] = []
        for statement in message.statements {
            let id = environment.ids.secret(prefix: "bst_", byteCount: 12)
            let booked = statement.entries.filter { $0.status == RemitISO20022.StatementEntry.booked }
            var entries: [RemitReconciliation.StatementEntry] = []
            var camtReferences: [String?] = []
            for camt in booked {
                entries.append(StatementMapping.entry(camt, reference: environment.ids.secret(prefix: "bse_", byteCount: 12), fallbackDate: fallbackDate))
                camtReferences.append(camt.accountServicerReference ?? camt.reference)
            }
            try await transaction.insertBankStatement(StoredBankStatement(
                id: id, messageID: message.messageID, statementID: statement.id, account: StatementMapping.accountText(statement.account.id),
                currency: statement.account.currency?.code, entryCount: entries.count, createdAt: now), tenant: tenant)
            // Each statement sees what the ones before it in the file settled.
            let expected = try await expectations(tenant: tenant, in: transaction)
            let result = try reconcile(entries, expected.payments)
            for (position, (entry, outcome)) in zip(entries, result.outcomes).enumerated() {
                try await store(entry, camtReference: camtReferences[position], outcome: outcome, statement: id, position: position,
                                expected: expected, tenant: tenant, in: transaction, now: now)
            }
            ids.append(id)
        }
        return ids
    }

    private func reconcile(_ entries: [RemitReconciliation.StatementEntry], _ expected: [ExpectedPayment]) throws -> ReconciliationResult {
        do {
            return try engine.reconcile(entries: entries, expected: expected)
        } catch {
            throw RemitError(.validationFailed, "The statement cannot be reconciled: \(error.message) (\(error.code.rawValue)).",
                             fieldErrors: [FieldError(field: "body", rule: error.code.rawValue, message: error.message)])
        }
    }

    private func store(_ entry: RemitReconciliation.StatementEntry, camtReference: String?, outcome: EntryOutcome, statement: String, position: Int,
                       expected: Expectations, tenant: TenantID, in transaction: StoreTransaction, now: Int64) async throws {
        let outcomeJSON: JSONValue
        switch outcome.resolution {
        case .matched(let match): outcomeJSON = StatementMapping.json(match, kinds: expected.kinds)
        case .unmatched(let unmatched): outcomeJSON = StatementMapping.json(unmatched, kinds: expected.kinds)
        }
        try await transaction.insertStatementEntry(StoredStatementEntry(
            id: entry.reference, statementID: statement, position: position, status: outcome.match == nil ? .unmatched : .matched,
            amount: entry.amountMinor, currency: entry.currency.code, entry: StatementMapping.json(entry, camtReference: camtReference),
            outcome: outcomeJSON, createdAt: now, matchedAt: outcome.match == nil ? nil : now), tenant: tenant)
        if let match = outcome.match {
            try await book(match, entry: entry, expected: expected, tenant: tenant, in: transaction, now: now)
        }
    }

    /// Books a match: a Remit payment's money moves from cash in transit to settled cash; money
    /// for an invoice with no Remit payment is received at the bank and paid on the invoice.
    private func book(_ match: EntryMatch, entry: RemitReconciliation.StatementEntry, expected: Expectations, tenant: TenantID,
                      in transaction: StoreTransaction, now: Int64) async throws {
        let books = LedgerBooks(environment: environment)
        var allocations: [ReconciliationAllocation] = []
        for allocation in match.allocations {
            guard let payment = expected.byID[allocation.expectedPaymentID], let kind = expected.kinds[allocation.expectedPaymentID] else {
                preconditionFailure("the engine allocated to a payment it was not given")
            }
            switch kind {
            case .payment:
                guard let facts = expected.facts[allocation.expectedPaymentID] else { preconditionFailure("payment facts missing") }
                try await books.bankConfirmed(facts, amount: allocation.amountMinor, reference: entry.reference, tenant: tenant, in: transaction)
                if allocation.settlement.settlesInFull {
                    try await transaction.markPaymentBankConfirmed(facts.payment, tenant: tenant, now: now)
                }
            case .invoice:
                try await books.receivedAtBank(invoice: payment.invoiceID, buyer: payment.buyerID, currency: payment.currency,
                                               amount: allocation.amountMinor, reference: entry.reference, tenant: tenant, in: transaction)
                try await transaction.recordInvoicePayment(payment.invoiceID, tenant: tenant, amount: allocation.amountMinor, now: now)
            }
            allocations.append(ReconciliationAllocation(entryID: entry.reference, kind: kind, targetID: allocation.expectedPaymentID.rawValue,
                                                        amount: allocation.amountMinor))
        }
        // The rest of an overpayment is cash too: booked as owed to the payer, not left out of the books.
        try await books.unappliedReceived(currency: entry.currency, amount: match.unappliedMinor, reference: entry.reference,
                                          tenant: tenant, in: transaction)
        try await transaction.insertReconciliationAllocations(allocations, tenant: tenant, now: now)
    }

    /// A person's match of an unmatched entry: validated against what is open now, booked like
    /// an automatic one, and recorded; an entry is matched at most once.
    func matchByHand(entryID: String, shares: [ManualMatch.Share], unapplied: Int64, tenant: TenantID,
                     in transaction: StoreTransaction) async throws -> StoredStatementEntry {
        try await transaction.lockTenantForReconciliation(tenant)
        guard let stored = try await transaction.statementEntry(entryID, tenant: tenant) else {
            throw RemitError.notFound("statement entry", entryID)
        }
        guard stored.status == .unmatched else {
            throw RemitError(.conflict, "Entry \(entryID) is already matched; an entry is matched once.")
        }
        let entry = try StatementMapping.entry(stored: stored)
        let expected = try await expectations(tenant: tenant, in: transaction)
        let match: EntryMatch
        do {
            match = try engine.validateManualMatch(ManualMatch(shares: shares, unappliedMinor: unapplied), for: entry, expected: expected.payments)
        } catch {
            throw RemitError(.validationFailed, error.message, fieldErrors: [FieldError(field: "allocations", rule: error.code.rawValue, message: error.message)])
        }
        let now = environment.clock.nowMilliseconds
        let outcome = StatementMapping.json(match, kinds: expected.kinds)
        guard try await transaction.markStatementEntryMatched(entryID, tenant: tenant, outcome: outcome, now: now) else {
            throw RemitError(.conflict, "Entry \(entryID) is already matched; an entry is matched once.")
        }
        try await book(match, entry: entry, expected: expected, tenant: tenant, in: transaction, now: now)
        var updated = stored
        updated.status = .matched
        updated.outcome = outcome
        updated.matchedAt = now
        return updated
    }

    static func echo(_ text: String) -> String { String(text.prefix(64)) }
}
