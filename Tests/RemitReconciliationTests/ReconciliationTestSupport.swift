import RemitCore
import RemitReconciliation

/// Builders shared by the reconciliation tests: one buyer (Globex) paying from one IBAN,
/// payments expected on 2026-11-02, entries booked that day, unless a test says otherwise.
enum Fixture {
    static let globexIBAN = "DE89 3704 0044 0532 0130 00"
    static let initechIBAN = "GB29 NWBK 6016 1331 9268 19"

    static func day(_ text: String) -> CalendarDate { CalendarDate(iso8601: text)! }

    static func payment(_ id: String, invoice: String, open: Int64, buyer: String = "buy_globex",
                        name: String = "Globex Corporation", accounts: [String] = [globexIBAN],
                        currency: Currency = .usd, e2e: String? = nil, references: [String] = [],
                        expected: String = "2026-11-02") -> ExpectedPayment {
        ExpectedPayment(id: ExpectedPaymentID(id), invoiceID: InvoiceID(rawValue: "inv_" + id), invoiceNumber: invoice,
                        buyerID: BuyerID(rawValue: buyer), buyerName: name, buyerAccounts: accounts, openAmountMinor: open,
                        currency: currency, endToEndID: e2e, references: references, expectedDate: day(expected))
    }

    static func credit(_ reference: String, _ amount: Int64, currency: Currency = .usd, booked: String = "2026-11-02",
                       valued: String? = nil, e2e: String? = nil, name: String? = nil, account: String? = nil,
                       documents: [ReferredDocument] = [], creditorReference: String? = nil, text: [String] = [],
                       direction: StatementEntry.Direction = .credit) -> StatementEntry {
        StatementEntry(reference: reference, amountMinor: amount, currency: currency, direction: direction,
                       bookingDate: day(booked), valueDate: valued.map(day), endToEndID: e2e, counterpartyName: name,
                       counterpartyAccount: account, referredDocuments: documents, creditorReference: creditorReference,
                       unstructuredRemittance: text)
    }

    static func reconcile(_ entries: [StatementEntry], _ expected: [ExpectedPayment],
                          _ configuration: ReconciliationConfiguration = .default) throws -> ReconciliationResult {
        try ReconciliationEngine(configuration: configuration).reconcile(entries: entries, expected: expected)
    }

    /// The only outcome of a one-entry run.
    static func outcome(_ entry: StatementEntry, _ expected: [ExpectedPayment],
                        _ configuration: ReconciliationConfiguration = .default) throws -> EntryOutcome {
        try reconcile([entry], expected, configuration).outcomes[0]
    }
}

extension EntryOutcome {
    /// The allocations as `id: amount` pairs, for compact expectations.
    var allocated: [String: Int64] {
        Dictionary(uniqueKeysWithValues: (match?.allocations ?? []).map { ($0.expectedPaymentID.rawValue, $0.amountMinor) })
    }

    /// The candidates' ids, best first.
    var candidateIDs: [String] { unmatched?.candidates.map(\.expectedPaymentID.rawValue) ?? [] }
}

extension Allocation {
    /// Shorthand for a test's expected allocation.
    static func of(_ id: String, _ amount: Int64, _ settlement: Settlement = .full) -> Allocation {
        Allocation(expectedPaymentID: ExpectedPaymentID(id), amountMinor: amount, settlement: settlement)
    }
}
