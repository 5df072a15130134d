import RemitCore
import RemitReconciliation
import Testing

/// Every bound on a run's input, at its edge, and the typed error past it.
@Suite struct LimitsTests {
    typealias F = Fixture

    private func error(_ entries: [StatementEntry], _ expected: [ExpectedPayment],
                       _ configuration: ReconciliationConfiguration = .default) -> ReconciliationError? {
        #expect(throws: ReconciliationError.self) { try F.reconcile(entries, expected, configuration) }
    }

    private func credits(_ count: Int) -> [StatementEntry] { (0..<count).map { F.credit("E\($0)", 100) } }

    @Test func aRunTakesEntriesMaxEntriesAndRefusesOneMore() throws {
        let configuration = ReconciliationConfiguration(entriesMax: 3)
        #expect(try F.reconcile(credits(3), [], configuration).outcomes.count == 3)
        #expect(error(credits(4), [], configuration)?.code == .tooManyEntries)
        #expect(ReconciliationConfiguration.default.entriesMax == 10_000)
    }

    @Test func aRunTakesExpectedPaymentsMaxPaymentsAndRefusesOneMore() throws {
        let configuration = ReconciliationConfiguration(expectedPaymentsMax: 2)
        let payments = (0..<3).map { F.payment("pay_\($0)", invoice: "INV-\($0)", open: 100) }
        #expect(try F.reconcile([], Array(payments.prefix(2)), configuration).outcomes.isEmpty)
        #expect(error([], payments, configuration)?.code == .tooManyExpectedPayments)
        #expect(ReconciliationConfiguration.default.expectedPaymentsMax == 100_000)
    }

    @Test func amountsRunFromOneToAmountMinorMax() throws {
        let max = ReconciliationConfiguration.default.amountMinorMax
        #expect(max == 1_000_000_000_000_000)
        let payment = F.payment("pay_1", invoice: "INV-1", open: max)
        #expect(try F.outcome(F.credit("E1", max, documents: [.init(number: "INV-1", amountMinor: max)]), [payment]).allocated == ["pay_1": max])
        #expect(error([F.credit("E1", max + 1)], [])?.code == .invalidEntry)
        #expect(error([F.credit("E1", 0)], [])?.code == .invalidEntry)
        #expect(error([F.credit("E1", -5)], [])?.entryReference == "E1")
        #expect(error([F.credit("E1", 5, documents: [.init(number: "INV-1", amountMinor: 0)])], [])?.code == .invalidEntry)
        #expect(error([F.credit("E1", 5, documents: [.init(number: "INV-1", amountMinor: max + 1)])], [])?.code == .invalidEntry)
        #expect(error([], [F.payment("pay_1", invoice: "INV-1", open: max + 1)])?.code == .invalidExpectedPayment)
        #expect(error([], [F.payment("pay_1", invoice: "INV-1", open: -1)])?.expectedPaymentID == ExpectedPaymentID("pay_1"))
    }

    @Test func anEntryQuotesAtMostReferredDocumentsMaxDocuments() throws {
        let documents = (0..<100).map { ReferredDocument(number: "DOC-\($0)") }
        #expect(try F.reconcile([F.credit("E1", 100, documents: documents)], []).outcomes.count == 1)
        #expect(error([F.credit("E1", 100, documents: documents + [.init(number: "DOC-X")])], [])?.code == .invalidEntry)
    }

    @Test func anEntryCarriesAtMostUnstructuredCharactersMaxCharactersOfText() throws {
        let lines = Array(repeating: String(repeating: "x", count: 140), count: 10)
        #expect(try F.reconcile([F.credit("E1", 100, text: lines)], []).outcomes.count == 1)
        #expect(error([F.credit("E1", 100, text: lines + ["y"])], [])?.code == .invalidEntry)
    }

    @Test func everyTextFieldIsAtMostFieldCharactersMaxCharacters() throws {
        let longest = String(repeating: "A", count: 140)
        let tooLong = longest + "B"
        #expect(try F.reconcile([F.credit(longest, 100, e2e: longest, name: longest, account: longest, creditorReference: longest)],
                                [F.payment(longest, invoice: longest, open: 1, name: longest, accounts: [longest], e2e: longest,
                                           references: [longest])]).outcomes.count == 1)
        #expect(error([F.credit(tooLong, 100)], [])?.code == .invalidEntry)
        #expect(error([F.credit("E1", 100, name: tooLong)], [])?.code == .invalidEntry)
        #expect(error([F.credit("E1", 100, documents: [.init(number: tooLong)])], [])?.code == .invalidEntry)
        #expect(error([], [F.payment("pay_1", invoice: tooLong, open: 1)])?.code == .invalidExpectedPayment)
        #expect(error([], [F.payment("pay_1", invoice: "INV-1", open: 1, references: [tooLong])])?.code == .invalidExpectedPayment)
        // The message quotes at most 64 characters of the input.
        #expect(error([F.credit(tooLong, 100)], [])?.message.contains(tooLong) == false)
    }

    @Test func aPaymentHasAtMostReferencesPerPaymentMaxReferencesAndAccounts() throws {
        let twenty = (0..<20).map { "REF-\($0)" }
        #expect(try F.reconcile([], [F.payment("pay_1", invoice: "INV-1", open: 1, accounts: twenty, references: twenty)]).outcomes.isEmpty)
        #expect(error([], [F.payment("pay_1", invoice: "INV-1", open: 1, references: twenty + ["REF-X"])])?.code == .invalidExpectedPayment)
        #expect(error([], [F.payment("pay_1", invoice: "INV-1", open: 1, accounts: twenty + ["ACC-X"])])?.code == .invalidExpectedPayment)
    }

    @Test func duplicateReferencesAndIdsAndEmptyFieldsAreRefused() throws {
        #expect(error([F.credit("E1", 1), F.credit("E1", 2)], [])?.code == .duplicateEntryReference)
        #expect(error([], [F.payment("pay_1", invoice: "INV-1", open: 1), F.payment("pay_1", invoice: "INV-2", open: 1)])?.code
                == .duplicateExpectedPayment)
        #expect(error([F.credit("", 1)], [])?.code == .invalidEntry)
        #expect(error([], [F.payment("", invoice: "INV-1", open: 1)])?.code == .invalidExpectedPayment)
        #expect(error([], [F.payment("pay_1", invoice: " - / ", open: 1)])?.code == .invalidExpectedPayment)
    }

    @Test func aConfigurationOutOfRangeIsRefusedBeforeAnythingIsMatched() throws {
        let bad = [ReconciliationConfiguration(dateWindowDays: -1), ReconciliationConfiguration(amountToleranceMinor: -1),
                   ReconciliationConfiguration(candidatesMax: -1), ReconciliationConfiguration(entriesMax: 0),
                   ReconciliationConfiguration(scannedWordsJoinedMax: 0), ReconciliationConfiguration(combinationPaymentsMax: 21),
                   ReconciliationConfiguration(manualAllocationsMax: 0)]
        for configuration in bad {
            #expect(error([], [], configuration)?.code == .invalidConfiguration)
        }
        #expect(try F.reconcile([], [], ReconciliationConfiguration(dateWindowDays: 0, combinationPaymentsMax: 20)).outcomes.isEmpty)
    }
}
