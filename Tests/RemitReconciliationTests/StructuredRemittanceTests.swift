import RemitCore
import RemitReconciliation
import Testing

/// Rule 1: referred document numbers and the creditor reference.
@Suite struct StructuredRemittanceTests {
    typealias F = Fixture

    @Test func anInvoiceNumberInTheRemittanceSettlesThatInvoiceWhateverTheCounterparty() throws {
        let outcome = try F.outcome(F.credit("E1", 125_000, name: "Someone Else Ltd", documents: [.init(number: "INV-1001")]),
                                    [F.payment("pay_1", invoice: "INV-1001", open: 125_000),
                                     F.payment("pay_2", invoice: "INV-1002", open: 125_000)])
        #expect(outcome.match == EntryMatch(rule: .structuredRemittance, allocations: [.of("pay_1", 125_000)], unappliedMinor: 0))
    }

    @Test func separatorsAndCaseInTheQuotedNumberDoNotMatter() throws {
        let outcome = try F.outcome(F.credit("E1", 500, documents: [.init(number: "inv 1001")]),
                                    [F.payment("pay_1", invoice: "INV-1001", open: 500)])
        #expect(outcome.allocated == ["pay_1": 500])
    }

    @Test func theCreditorReferenceMatchesAKnownReferenceSuchAsAPONumberOrAnRFReference() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 900, references: ["PO-77", "RF18 5390 0754 7034"]),
                        F.payment("pay_2", invoice: "INV-2", open: 900)]
        #expect(try F.outcome(F.credit("E1", 900, creditorReference: "RF18539007547034"), expected).allocated == ["pay_1": 900])
        #expect(try F.outcome(F.credit("E2", 900, creditorReference: "po-77"), expected).allocated == ["pay_1": 900])
    }

    @Test func anInvoiceNumberWinsOverAReferenceThatLooksTheSame() throws {
        // pay_2's buyer quotes "INV-1" as its own PO number; the tenant's invoice INV-1 is pay_1.
        let outcome = try F.outcome(F.credit("E1", 900, documents: [.init(number: "INV-1")]),
                                    [F.payment("pay_1", invoice: "INV-1", open: 900),
                                     F.payment("pay_2", invoice: "INV-2", open: 900, references: ["INV-1"])])
        #expect(outcome.allocated == ["pay_1": 900])
    }

    @Test func aRemittanceListingSeveralInvoicesSettlesEachWithItsRemittedAmount() throws {
        let outcome = try F.outcome(
            F.credit("E1", 3_500, documents: [.init(number: "INV-1", amountMinor: 1_000), .init(number: "INV-2", amountMinor: 2_500)]),
            [F.payment("pay_1", invoice: "INV-1", open: 1_000), F.payment("pay_2", invoice: "INV-2", open: 2_500),
             F.payment("pay_3", invoice: "INV-3", open: 3_500)])
        #expect(outcome.match == EntryMatch(rule: .structuredRemittance,
                                            allocations: [.of("pay_1", 1_000), .of("pay_2", 2_500)], unappliedMinor: 0))
    }

    @Test func aCombinedPaymentWithoutAmountsFillsTheInvoicesInOrderAndTheLastTakesTheShortfall() throws {
        let outcome = try F.outcome(
            F.credit("E1", 2_900, documents: [.init(number: "INV-1"), .init(number: "INV-2")]),
            [F.payment("pay_1", invoice: "INV-1", open: 1_000), F.payment("pay_2", invoice: "INV-2", open: 2_000)])
        #expect(outcome.match?.allocations == [.of("pay_1", 1_000), .of("pay_2", 1_900, .partial(remainingMinor: 100))])
    }

    @Test func aShortPaymentSettlesPartOfTheInvoiceAndLeavesTheRestOpen() throws {
        let result = try F.reconcile([F.credit("E1", 400, documents: [.init(number: "INV-1", amountMinor: 400)])],
                                     [F.payment("pay_1", invoice: "INV-1", open: 1_000)])
        #expect(result.outcomes[0].match?.allocations == [.of("pay_1", 400, .partial(remainingMinor: 600))])
        #expect(result.openAmountsAfter == [OpenAmount(expectedPaymentID: ExpectedPaymentID("pay_1"), openAmountMinor: 600)])
    }

    @Test func aSecondEntryForTheSameInvoicePaysWhatTheFirstLeftOpen() throws {
        let result = try F.reconcile([F.credit("E1", 400, documents: [.init(number: "INV-1")]),
                                      F.credit("E2", 600, documents: [.init(number: "INV-1")])],
                                     [F.payment("pay_1", invoice: "INV-1", open: 1_000)])
        #expect(result.outcomes.map(\.match?.allocations) == [[.of("pay_1", 400, .partial(remainingMinor: 600))], [.of("pay_1", 600)]])
        #expect(result.openAmountsAfter.map(\.openAmountMinor) == [0])
    }

    @Test func anOverpaymentSettlesTheInvoiceAndTheExcessIsLeftUnapplied() throws {
        let outcome = try F.outcome(F.credit("E1", 1_250, documents: [.init(number: "INV-1")]),
                                    [F.payment("pay_1", invoice: "INV-1", open: 1_000)])
        #expect(outcome.match == EntryMatch(rule: .structuredRemittance,
                                            allocations: [.of("pay_1", 1_000, .overpaid(excessMinor: 250))], unappliedMinor: 250))
    }

    @Test func moneyBeyondTheRemittedAmountsIsUnappliedAndNotSpreadOverTheInvoices() throws {
        let outcome = try F.outcome(F.credit("E1", 800, documents: [.init(number: "INV-1", amountMinor: 500)]),
                                    [F.payment("pay_1", invoice: "INV-1", open: 1_000)])
        #expect(outcome.match == EntryMatch(rule: .structuredRemittance,
                                            allocations: [.of("pay_1", 500, .partial(remainingMinor: 500))], unappliedMinor: 300))
    }

    @Test func anUnknownDocumentBesideAKnownOneIsReportedAndItsMoneyLeftUnapplied() throws {
        let outcome = try F.outcome(
            F.credit("E1", 1_700, documents: [.init(number: "INV-1", amountMinor: 1_000), .init(number: "CN-9", amountMinor: 700)]),
            [F.payment("pay_1", invoice: "INV-1", open: 1_000)])
        #expect(outcome.match == EntryMatch(rule: .structuredRemittance, allocations: [.of("pay_1", 1_000)],
                                            unappliedMinor: 700, unresolvedReferences: ["CN-9"]))
    }

    @Test func onlyUnknownReferencesFallThroughToTheNextRules() throws {
        let outcome = try F.outcome(F.credit("E1", 1_000, e2e: "E2E-1", documents: [.init(number: "THEIR-REF-9")]),
                                    [F.payment("pay_1", invoice: "INV-1", open: 1_000, e2e: "E2E-1")])
        #expect(outcome.match?.rule == .endToEndID)
        #expect(outcome.allocated == ["pay_1": 1_000])
    }

    @Test func anInvoiceWithTwoOpenPaymentsIsToldApartByTheEndToEndIDOrTheAmount() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 600, e2e: "E2E-A"),
                        F.payment("pay_2", invoice: "INV-1", open: 400, e2e: "E2E-B")]
        #expect(try F.outcome(F.credit("E1", 400, e2e: "E2E-B", documents: [.init(number: "INV-1")]), expected).allocated == ["pay_2": 400])
        #expect(try F.outcome(F.credit("E2", 600, documents: [.init(number: "INV-1")]), expected).allocated == ["pay_1": 600])
        #expect(try F.outcome(F.credit("E3", 1_000, documents: [.init(number: "INV-1")]), expected).allocated == ["pay_1": 600, "pay_2": 400])
        let unclear = try F.outcome(F.credit("E4", 500, documents: [.init(number: "INV-1")]), expected)
        #expect(unclear.unmatched?.reason == .ambiguous(.structuredRemittance))
        #expect(Set(unclear.candidateIDs) == ["pay_1", "pay_2"])
    }

    @Test func aPONumberSharedByThreeInvoicesSettlesAllWhenTheAmountIsTheirSum() throws {
        let expected = (1...3).map { F.payment("pay_\($0)", invoice: "INV-\($0)", open: Int64($0) * 100, references: ["PO-5"]) }
        #expect(try F.outcome(F.credit("E1", 600, creditorReference: "PO-5"), expected).allocated == ["pay_1": 100, "pay_2": 200, "pay_3": 300])
        #expect(try F.outcome(F.credit("E2", 200, creditorReference: "PO-5"), expected).allocated == ["pay_2": 200])
        #expect(try F.outcome(F.credit("E3", 450, creditorReference: "PO-5"), expected).unmatched?.reason == .ambiguous(.structuredRemittance))
    }

    @Test func anInvoiceInAnotherCurrencyIsNotSettledByTheEntry() throws {
        let outcome = try F.outcome(F.credit("E1", 1_000, currency: .eur, documents: [.init(number: "INV-1")]),
                                    [F.payment("pay_1", invoice: "INV-1", open: 1_000, currency: .usd)])
        #expect(outcome.unmatched?.reason == .noMatch)
        #expect(outcome.candidateIDs.isEmpty)
    }
}
