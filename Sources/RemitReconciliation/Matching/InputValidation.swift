/// Checks a run's input against the configuration's limits before anything is matched.
struct InputValidation {
    let configuration: ReconciliationConfiguration

    func check(entries: [StatementEntry], expected: [ExpectedPayment]) throws(ReconciliationError) {
        guard entries.count <= configuration.entriesMax else {
            throw ReconciliationError(.tooManyEntries, "\(entries.count) entries in one run; at most "
                + "\(configuration.entriesMax) (entriesMax) are allowed. Split the statement.")
        }
        guard expected.count <= configuration.expectedPaymentsMax else {
            throw ReconciliationError(.tooManyExpectedPayments, "\(expected.count) expected payments in one run; at most "
                + "\(configuration.expectedPaymentsMax) (expectedPaymentsMax) are allowed.")
        }
        var references: Set<String> = []
        for entry in entries {
            try check(entry)
            guard references.insert(entry.reference).inserted else {
                throw ReconciliationError(.duplicateEntryReference, "Two entries have the reference '\(echo(entry.reference))'; "
                    + "each entry must have its own.", entryReference: entry.reference)
            }
        }
        var ids: Set<ExpectedPaymentID> = []
        for payment in expected {
            try check(payment)
            guard ids.insert(payment.id).inserted else {
                throw ReconciliationError(.duplicateExpectedPayment, "Two expected payments have the id '\(echo(payment.id.rawValue))'.",
                                          expectedPaymentID: payment.id)
            }
        }
    }

    private func check(_ entry: StatementEntry) throws(ReconciliationError) {
        func fail(_ message: String) -> ReconciliationError {
            ReconciliationError(.invalidEntry, "Entry '\(echo(entry.reference))': \(message)", entryReference: entry.reference)
        }
        guard !entry.reference.isEmpty else { throw fail("the reference is empty.") }
        guard (1...configuration.amountMinorMax).contains(entry.amountMinor) else {
            throw fail("the amount must be from 1 to \(configuration.amountMinorMax) minor units (amountMinorMax), "
                + "not \(entry.amountMinor); the direction says credit or debit.")
        }
        let fields = [("reference", entry.reference), ("end-to-end id", entry.endToEndID ?? ""),
                      ("counterparty name", entry.counterpartyName ?? ""), ("counterparty account", entry.counterpartyAccount ?? ""),
                      ("creditor reference", entry.creditorReference ?? "")] + entry.referredDocuments.map { ("document number", $0.number) }
        for (name, text) in fields where text.count > configuration.fieldCharactersMax {
            throw fail("the \(name) is longer than \(configuration.fieldCharactersMax) characters (fieldCharactersMax).")
        }
        guard entry.referredDocuments.count <= configuration.referredDocumentsMax else {
            throw fail("\(entry.referredDocuments.count) referred documents; at most \(configuration.referredDocumentsMax) "
                + "(referredDocumentsMax).")
        }
        for document in entry.referredDocuments {
            if let amount = document.amountMinor, !(1...configuration.amountMinorMax).contains(amount) {
                throw fail("the amount remitted for a document must be from 1 to \(configuration.amountMinorMax) minor units.")
            }
        }
        let textCharacters = entry.unstructuredRemittance.reduce(0) { $0 + $1.count }
        guard textCharacters <= configuration.unstructuredCharactersMax else {
            throw fail("\(textCharacters) characters of free remittance text; at most \(configuration.unstructuredCharactersMax) "
                + "(unstructuredCharactersMax).")
        }
    }

    private func check(_ payment: ExpectedPayment) throws(ReconciliationError) {
        func fail(_ message: String) -> ReconciliationError {
            ReconciliationError(.invalidExpectedPayment, "Expected payment '\(echo(payment.id.rawValue))': \(message)",
                                expectedPaymentID: payment.id)
        }
        guard !payment.id.rawValue.isEmpty else { throw fail("the id is empty.") }
        guard !Normalization.referenceKey(payment.invoiceNumber).isEmpty else {
            throw fail("the invoice number has no letter or digit.")
        }
        guard (0...configuration.amountMinorMax).contains(payment.openAmountMinor) else {
            throw fail("the open amount must be from 0 to \(configuration.amountMinorMax) minor units (amountMinorMax), "
                + "not \(payment.openAmountMinor).")
        }
        guard payment.references.count <= configuration.referencesPerPaymentMax,
              payment.buyerAccounts.count <= configuration.referencesPerPaymentMax else {
            throw fail("at most \(configuration.referencesPerPaymentMax) references and \(configuration.referencesPerPaymentMax) "
                + "accounts are allowed (referencesPerPaymentMax).")
        }
        let fields = [("id", payment.id.rawValue), ("invoice number", payment.invoiceNumber), ("buyer name", payment.buyerName),
                      ("end-to-end id", payment.endToEndID ?? "")]
            + payment.references.map { ("reference", $0) } + payment.buyerAccounts.map { ("account", $0) }
        for (name, text) in fields where text.count > configuration.fieldCharactersMax {
            throw fail("the \(name) is longer than \(configuration.fieldCharactersMax) characters (fieldCharactersMax).")
        }
    }
}

/// The longest piece of caller input an error message quotes.
let echoCharactersMax = 64

/// Cuts caller input to ``echoCharactersMax`` characters for quoting in an error.
func echo(_ text: String) -> String {
    text.count > echoCharactersMax ? String(text.prefix(echoCharactersMax)) + "…" : text
}
