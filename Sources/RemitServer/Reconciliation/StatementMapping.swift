import Foundation
import RemitCore
import RemitISO20022
import RemitPolicy
import RemitReconciliation
import RemitStore

/// Maps camt.053 entries to the engine's `StatementEntry`, Remit's open payments and invoices to
/// `ExpectedPayment`, and both (with the engine's outcomes) to and from stored JSON.
enum StatementMapping {
    /// The engine's entry for a booked camt entry. `reference` is the stored entry's id, unique
    /// by construction, so a bank that repeats an `AcctSvcrRef` cannot break a run.
    static func entry(_ camt: RemitISO20022.StatementEntry, reference: String, fallbackDate: CalendarDate) -> RemitReconciliation.StatementEntry {
        let transactions = camt.transactions
        let credit = camt.creditDebit == .credit
        let party = transactions.lazy.compactMap { credit ? $0.debtor : $0.creditor }.first
        var documents: [RemitReconciliation.ReferredDocument] = []
        var creditorReference: String?
        for remittance in transactions.flatMap(\.structuredRemittance) {
            let numbers = remittance.referredDocuments.compactMap(\.number)
            for number in numbers {
                // A remitted amount belongs to its document only when the block names one document.
                documents.append(.init(number: number, amountMinor: numbers.count == 1 ? remittance.remitted?.minorUnits : nil))
            }
            if creditorReference == nil { creditorReference = remittance.creditorReference?.text }
        }
        return RemitReconciliation.StatementEntry(
            reference: reference, amountMinor: camt.amount.minorUnits, currency: camt.amount.currency, direction: credit ? .credit : .debit,
            bookingDate: camt.bookingDate?.day ?? camt.valueDate?.day ?? fallbackDate, valueDate: camt.valueDate?.day,
            endToEndID: transactions.lazy.compactMap(\.endToEndID).first, counterpartyName: party?.name,
            counterpartyAccount: party?.account.map(accountText), referredDocuments: documents, creditorReference: creditorReference,
            unstructuredRemittance: transactions.flatMap(\.unstructuredRemittance))
    }

    static func accountText(_ account: AccountIdentifier) -> String {
        switch account {
        case .iban(let iban): iban.electronicFormat
        case .other(let text): text
        }
    }

    /// What a Remit payment put in transit: its amount less the rail's fee (booked against cash
    /// in transit when the rail settled it), the fee of the method the money moved by (for a
    /// net-terms payment, its settle method). The bank confirms this net amount.
    static func netAmount(_ awaiting: PaymentAwaitingBank) -> Int64 {
        let payment = awaiting.payment
        let method = SettlementTerms.settlingMethod(method: payment.method, settleMethod: awaiting.settleMethod)
        return payment.amount - LedgerBooks.settlementFee(method: method, amount: payment.amount)
    }

    static func expected(_ awaiting: PaymentAwaitingBank) -> ExpectedPayment? {
        let payment = awaiting.payment
        let open = netAmount(awaiting) - awaiting.confirmedAmount
        guard open > 0 else { return nil }
        let settledDay = payment.settledAt.map { CalendarDate(utc: Date(timeIntervalSince1970: Double($0) / 1000)) }
        return ExpectedPayment(id: ExpectedPaymentID(payment.id.rawValue), invoiceID: payment.invoiceID, invoiceNumber: awaiting.invoiceNumber,
                               buyerID: payment.buyerID, buyerName: awaiting.buyerName, openAmountMinor: open, currency: payment.currency,
                               endToEndID: payment.id.rawValue, references: [payment.railReference, awaiting.poNumber].compactMap { $0 },
                               expectedDate: settledDay ?? payment.scheduledFor ?? CalendarDate(utc: Date()))
    }

    static func expected(_ awaiting: InvoiceAwaitingMoney) -> ExpectedPayment? {
        let invoice = awaiting.invoice
        let open = invoice.total - invoice.amountPaid - awaiting.inFlightAmount
        guard open > 0 else { return nil }
        return ExpectedPayment(id: ExpectedPaymentID(invoice.id.rawValue), invoiceID: invoice.id, invoiceNumber: invoice.number,
                               buyerID: invoice.buyerID, buyerName: awaiting.buyerName, openAmountMinor: open, currency: invoice.currency,
                               references: [invoice.poNumber].compactMap { $0 }, expectedDate: invoice.dueDate)
    }

    // MARK: JSON

    static func json(_ entry: RemitReconciliation.StatementEntry, camtReference: String?) -> JSONValue {
        .object([
            ("bank_reference", camtReference.map(JSONValue.string) ?? .null),
            ("amount", .int(entry.amountMinor)), ("currency", .string(entry.currency.code)), ("direction", .string(entry.direction.rawValue)),
            ("booking_date", .string(entry.bookingDate.description)), ("value_date", entry.valueDate.map { .string($0.description) } ?? .null),
            ("end_to_end_id", entry.endToEndID.map(JSONValue.string) ?? .null),
            ("counterparty_name", entry.counterpartyName.map(JSONValue.string) ?? .null),
            ("counterparty_account", entry.counterpartyAccount.map(JSONValue.string) ?? .null),
            ("referred_documents", .array(entry.referredDocuments.map { document in
                .object([("number", .string(document.number)), ("amount", document.amountMinor.map(JSONValue.int) ?? .null)])
            })),
            ("creditor_reference", entry.creditorReference.map(JSONValue.string) ?? .null),
            ("unstructured_remittance", .array(entry.unstructuredRemittance.map(JSONValue.string))),
        ])
    }

    /// The engine's entry back from its stored JSON (for a manual match).
    static func entry(stored: StoredStatementEntry) throws -> RemitReconciliation.StatementEntry {
        let json = stored.entry
        guard let currency = try? Currency(code: stored.currency), let booking = json["booking_date"]?.stringValue.flatMap(CalendarDate.init(iso8601:)),
              let direction = json["direction"]?.stringValue.flatMap(RemitReconciliation.StatementEntry.Direction.init(rawValue:))
        else { throw StoreError.corrupt("statement entry \(stored.id)") }
        var documents: [RemitReconciliation.ReferredDocument] = []
        if case let .array(items)? = json["referred_documents"] {
            documents = items.compactMap { item in item["number"]?.stringValue.map { .init(number: $0, amountMinor: item["amount"]?.int64Value) } }
        }
        var lines: [String] = []
        if case let .array(items)? = json["unstructured_remittance"] { lines = items.compactMap(\.stringValue) }
        return RemitReconciliation.StatementEntry(
            reference: stored.id, amountMinor: stored.amount, currency: currency, direction: direction, bookingDate: booking,
            valueDate: json["value_date"]?.stringValue.flatMap(CalendarDate.init(iso8601:)), endToEndID: json["end_to_end_id"]?.stringValue,
            counterpartyName: json["counterparty_name"]?.stringValue, counterpartyAccount: json["counterparty_account"]?.stringValue,
            referredDocuments: documents, creditorReference: json["creditor_reference"]?.stringValue, unstructuredRemittance: lines)
    }

    static func json(_ match: EntryMatch, kinds: [ExpectedPaymentID: ReconciliationAllocation.TargetKind]) -> JSONValue {
        .object([
            ("rule", .string(match.rule.rawValue)),
            ("allocations", .array(match.allocations.map { allocation in
                let kind = kinds[allocation.expectedPaymentID] ?? .invoice
                return .object([
                    (kind == .payment ? "payment_id" : "invoice_id", .string(allocation.expectedPaymentID.rawValue)),
                    ("amount", .int(allocation.amountMinor)), ("settlement", settlementJSON(allocation.settlement)),
                ])
            })),
            ("unapplied_amount", .int(match.unappliedMinor)),
            ("unresolved_references", .array(match.unresolvedReferences.map(JSONValue.string))),
        ])
    }

    private static func settlementJSON(_ settlement: Allocation.Settlement) -> JSONValue {
        switch settlement {
        case .full: .object([("kind", .string("full"))])
        case .fullWithinTolerance(let shortfall): .object([("kind", .string("full_within_tolerance")), ("shortfall", .int(shortfall))])
        case .partial(let remaining): .object([("kind", .string("partial")), ("remaining", .int(remaining))])
        case .overpaid(let excess): .object([("kind", .string("overpaid")), ("excess", .int(excess))])
        }
    }

    static func json(_ unmatched: Unmatched, kinds: [ExpectedPaymentID: ReconciliationAllocation.TargetKind]) -> JSONValue {
        .object([
            ("reason", .string(reasonCode(unmatched.reason))),
            ("explanation", .string(unmatched.explanation)),
            ("candidates", .array(unmatched.candidates.map { candidate in
                let kind = kinds[candidate.expectedPaymentID] ?? .invoice
                return .object([
                    (kind == .payment ? "payment_id" : "invoice_id", .string(candidate.expectedPaymentID.rawValue)),
                    ("score", .int(Int64(candidate.score))),
                    ("evidence", .array(candidate.evidence.map(evidenceText).map(JSONValue.string))),
                ])
            })),
        ])
    }

    static func reasonCode(_ reason: UnmatchedReason) -> String {
        switch reason {
        case .debitEntry: "debit_entry"
        case .ambiguous(let rule): "ambiguous_\(rule.rawValue)"
        case .conflictingEvidence: "conflicting_evidence"
        case .alreadySettled: "already_settled"
        case .noMatch: "no_match"
        }
    }

    static func evidenceText(_ evidence: Candidate.Evidence) -> String {
        switch evidence {
        case .referenceQuoted(let reference): "reference quoted: \(reference)"
        case .endToEndIDEqual: "end-to-end id equal"
        case .counterpartyAccountEqual: "counterparty account known"
        case .counterpartyNameEqual: "counterparty name equal"
        case .amountEqual(let difference): difference == 0 ? "amount equal" : "amount equal within tolerance (\(difference))"
        case .amountDiffers(let difference): "amount differs by \(difference)"
        case .dateOffset(let days, let within): "\(days) days from the expected date\(within ? "" : ", outside the window")"
        case .nothingOpen: "nothing open"
        }
    }
}
