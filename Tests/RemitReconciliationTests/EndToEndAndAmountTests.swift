import RemitCore
import RemitReconciliation
import Testing

/// Rule 2 (end-to-end id) and rule 3 (amount, date window and counterparty).
@Suite struct EndToEndAndAmountTests {
    typealias F = Fixture

    @Test func theEndToEndIDRemitPutOnTheWireSettlesItsPaymentEvenWhenShort() throws {
        let outcome = try F.outcome(F.credit("E1", 99_955, e2e: " REMIT-pay_1 "),
                                    [F.payment("pay_1", invoice: "INV-1", open: 100_000, e2e: "REMIT-pay_1")])
        #expect(outcome.match == EntryMatch(rule: .endToEndID, allocations: [.of("pay_1", 99_955, .partial(remainingMinor: 45))],
                                            unappliedMinor: 0))
    }

    @Test func theEndToEndIDIsCaseSensitiveAndNOTPROVIDEDIsNoID() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 100, accounts: [], e2e: "Abc-1")]
        #expect(try F.outcome(F.credit("E1", 100, e2e: "ABC-1"), expected).match == nil)
        let placeholder = [F.payment("pay_1", invoice: "INV-1", open: 100, accounts: [], e2e: "NOTPROVIDED")]
        #expect(try F.outcome(F.credit("E2", 100, e2e: "NOTPROVIDED"), placeholder).match == nil)
    }

    @Test func theAmountTheDateWindowAndTheAccountMatchOnePayment() throws {
        let outcome = try F.outcome(F.credit("E1", 5_000, booked: "2026-11-05", account: "DE89370400440532013000"),
                                    [F.payment("pay_1", invoice: "INV-1", open: 5_000), F.payment("pay_2", invoice: "INV-2", open: 4_000),
                                     F.payment("pay_3", invoice: "INV-3", open: 5_000, buyer: "buy_initech", name: "Initech",
                                               accounts: [F.initechIBAN])])
        #expect(outcome.match == EntryMatch(rule: .amountDateCounterparty, allocations: [.of("pay_1", 5_000)], unappliedMinor: 0))
    }

    @Test func theCounterpartyNameMatchesOnceNormalised() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 5_000, name: "Müller GmbH & Co. KG", accounts: []),
                        F.payment("pay_2", invoice: "INV-2", open: 5_000, buyer: "buy_globex", name: "Globex Corporation", accounts: [])]
        #expect(try F.outcome(F.credit("E1", 5_000, name: "MUELLER"), expected).match == nil)
        #expect(try F.outcome(F.credit("E2", 5_000, name: "MULLER GMBH"), expected).allocated == ["pay_1": 5_000])
        #expect(try F.outcome(F.credit("E3", 5_000, name: "GLOBEX CORP."), expected).allocated == ["pay_2": 5_000])
        #expect(try F.outcome(F.credit("E4", 5_000, name: "the globex corp"), expected).allocated == ["pay_2": 5_000])
        let nordic = [F.payment("pay_3", invoice: "INV-3", open: 5_000, name: "Nørdisk Straße Æsir AB", accounts: [])]
        #expect(try F.outcome(F.credit("E5", 5_000, name: "NORDISK STRASSE AESIR"), nordic).allocated == ["pay_3": 5_000])
    }

    @Test func anAmountWithoutAKnownCounterpartyMatchesNothingHoweverUnique() throws {
        let outcome = try F.outcome(F.credit("E1", 5_000, name: "Unknown Trading", account: "FR7630006000011234567890189"),
                                    [F.payment("pay_1", invoice: "INV-1", open: 5_000)])
        #expect(outcome.unmatched?.reason == .noMatch)
        #expect(outcome.candidateIDs == ["pay_1"])
        #expect(outcome.unmatched?.candidates[0].evidence == [.amountEqual(differenceMinor: 0), .dateOffset(days: 0, withinWindow: true)])
    }

    @Test func theDateWindowIsInclusiveAtDateWindowDaysOnBothSides() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 5_000, expected: "2026-11-10")]
        func entry(_ day: String) -> StatementEntry { F.credit("E", 5_000, booked: day, account: F.globexIBAN) }
        #expect(try F.outcome(entry("2026-11-15"), expected).allocated == ["pay_1": 5_000])
        #expect(try F.outcome(entry("2026-11-05"), expected).allocated == ["pay_1": 5_000])
        #expect(try F.outcome(entry("2026-11-16"), expected).match == nil)
        #expect(try F.outcome(entry("2026-11-04"), expected).match == nil)
        #expect(try F.outcome(entry("2026-11-11"), expected, ReconciliationConfiguration(dateWindowDays: 0)).match == nil)
        #expect(try F.outcome(entry("2026-11-10"), expected, ReconciliationConfiguration(dateWindowDays: 0)).match != nil)
    }

    @Test func theValueDateRatherThanTheBookingDateIsMeasured() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 5_000, expected: "2026-11-10")]
        #expect(try F.outcome(F.credit("E", 5_000, booked: "2026-11-20", valued: "2026-11-11", account: F.globexIBAN), expected).match != nil)
        #expect(try F.outcome(F.credit("E", 5_000, booked: "2026-11-10", valued: "2026-11-20", account: F.globexIBAN), expected).match == nil)
    }

    @Test func theAmountToleranceIsInclusiveAndAShortfallWithinItSettlesInFull() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 10_000)]
        let entry = F.credit("E1", 9_985, account: F.globexIBAN)
        #expect(try F.outcome(entry, expected).match == nil)
        #expect(try F.outcome(entry, expected, ReconciliationConfiguration(amountToleranceMinor: 14)).match == nil)
        let within = try F.outcome(entry, expected, ReconciliationConfiguration(amountToleranceMinor: 15))
        #expect(within.match?.allocations == [.of("pay_1", 9_985, .fullWithinTolerance(shortfallMinor: 15))])
        let over = try F.outcome(F.credit("E2", 10_015, account: F.globexIBAN), expected, ReconciliationConfiguration(amountToleranceMinor: 15))
        #expect(over.match == EntryMatch(rule: .amountDateCounterparty, allocations: [.of("pay_1", 10_000, .overpaid(excessMinor: 15))],
                                         unappliedMinor: 15))
    }

    @Test func theAmountOfSeveralOpenInvoicesOfOneBuyerSettlesThemWhenOnlyOneSetAddsUp() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 1_000), F.payment("pay_2", invoice: "INV-2", open: 2_500),
                        F.payment("pay_3", invoice: "INV-3", open: 4_000)]
        let outcome = try F.outcome(F.credit("E1", 5_000, account: F.globexIBAN), expected)
        #expect(outcome.match == EntryMatch(rule: .combinedAmount, allocations: [.of("pay_1", 1_000), .of("pay_3", 4_000)], unappliedMinor: 0))
    }

    @Test func twoSetsAddingUpOrASingleAndASetAreAmbiguous() throws {
        let expected = [F.payment("pay_1", invoice: "INV-1", open: 1_000), F.payment("pay_2", invoice: "INV-2", open: 2_000),
                        F.payment("pay_3", invoice: "INV-3", open: 3_000), F.payment("pay_4", invoice: "INV-4", open: 4_000)]
        // 1,000 + 4,000 and 2,000 + 3,000.
        let two = try F.outcome(F.credit("E1", 5_000, account: F.globexIBAN), expected)
        #expect(two.unmatched?.reason == .ambiguous(.combinedAmount))
        // 3,000 alone, or 1,000 + 2,000.
        let single = try F.outcome(F.credit("E2", 3_000, account: F.globexIBAN), expected)
        #expect(single.unmatched?.reason == .ambiguous(.amountDateCounterparty))
        #expect(Set(single.candidateIDs).isSuperset(of: ["pay_1", "pay_2", "pay_3"]))
    }

    @Test func combinationsAreSearchedOnlyUpToCombinationPaymentsMaxOpenPaymentsOfTheBuyer() throws {
        let expected = (0..<4).map { F.payment("pay_\($0)", invoice: "INV-\($0)", open: 1_001 << $0) }
        // 1,001 + 2,002 + 4,004 = 7,007: the only set of 1,001, 2,002, 4,004 and 8,008.
        let entry = F.credit("E1", 7_007, account: F.globexIBAN)
        #expect(try F.outcome(entry, expected, ReconciliationConfiguration(combinationPaymentsMax: 4)).match?.rule == .combinedAmount)
        #expect(try F.outcome(entry, expected, ReconciliationConfiguration(combinationPaymentsMax: 3)).match == nil)
    }

    @Test func aPaymentSettledByAnEarlierPassIsNotOfferedToTheAmountRule() throws {
        // E2 (remittance) is matched in the first pass although it comes second; E1 then finds
        // only pay_2 with its amount.
        let result = try F.reconcile([F.credit("E1", 1_000, account: F.globexIBAN),
                                      F.credit("E2", 1_000, documents: [.init(number: "INV-1")])],
                                     [F.payment("pay_1", invoice: "INV-1", open: 1_000), F.payment("pay_2", invoice: "INV-2", open: 1_000)])
        #expect(result.outcomes.map(\.allocated) == [["pay_2": 1_000], ["pay_1": 1_000]])
    }
}
