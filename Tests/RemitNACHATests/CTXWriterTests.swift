import RemitCore
import Testing

@testable import RemitNACHA

/// The X12 820 a CTX entry carries, and how it is split over addenda records.
@Suite struct CTXWriterTests {
    private func segments(_ text: String, _ terminator: Character = "\\") -> [String] {
        text.split(separator: terminator).map(String.init)
    }

    @Test func aCTXEntryCarriesACompleteMinimal820() throws {
        var invoices = Fixture.invoices([("INV-1001", 100_000), ("inv-1002", 50_000)], po: "PO-77")
        invoices[0].invoiceAmount = usd(120_000)
        let written = try Fixture.write(Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry(invoices: invoices)])]))
        let text = written.entries[0].remittance
        let isa = "ISA*00*          *00*          *ZZ*1234567890     *ZZ*ACME SUPPLY CO *261120*1530*U*00401*000000001*0*P*>\\"
        #expect(text.hasPrefix(isa) && isa.utf8.count == 106)
        #expect(Array(segments(text).dropFirst()) == [
            "GS*RA*1234567890*ACME SUPPLY CO*20261120*1530*1*X*004010",
            "ST*820*0001",
            "BPR*C*1500.00*C*ACH*CTX*01*091000019***1234567890**01*011401533*DA*55501234*20261123",
            "TRN*1*091000010000001*1234567890",
            "REF*TN*PAY-7",
            "N1*PR*BUYER CORP",
            "N1*PE*ACME SUPPLY CO",
            "ENT*1",
            "RMR*IV*INV-1001*PI*1000.00*1200.00",
            "REF*PO*PO-77",
            "RMR*IV*INV-1002*PI*500.00",
            "REF*PO*PO-77",
            "SE*12*0001",
            "GE*1*1",
            "IEA*1*000000001",
        ])
    }

    @Test func the820IsSplitInto80CharacterAddendaCountedInTheEntry() throws {
        let invoices = Fixture.invoices((1...12).map { ("INV-\(1000 + $0)", Int64($0) * 100) })
        let written = try Fixture.write(Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry(invoices: invoices)])]))
        let text = written.entries[0].remittance
        let expectedCount = (text.utf8.count + 79) / 80
        #expect(expectedCount > 3)
        #expect(written.entries[0].addendaCount == expectedCount)
        let records = written.records
        let entry = records[2]
        #expect(field(entry, 1, 3) == "622")
        #expect(field(entry, 55, 4) == String(repeating: "0", count: 4 - String(expectedCount).count) + String(expectedCount))
        #expect(field(entry, 59, 16) == pad("ACME SUPPLY CO", 16))
        #expect(field(entry, 75, 2) == "  ")
        #expect(field(entry, 79, 1) == "1")
        let addenda = Array(records[3..<(3 + expectedCount)])
        #expect(addenda.allSatisfy { $0.hasPrefix("705") && field($0, 88, 7) == "0000001" })
        #expect(addenda.enumerated().allSatisfy { field($1, 84, 4) == String(format: "%04d", $0 + 1) })
        #expect(addenda.map { field($0, 4, 80) }.joined() == pad(text, expectedCount * 80))
        #expect(records[3 + expectedCount].hasPrefix("8"))
        #expect(field(records[3 + expectedCount], 5, 6) == String(format: "%06d", 1 + expectedCount))
    }

    @Test func aDebitCTXSaysSoInItsBPRAndTheTildeTerminatorIsKept() throws {
        let entry = Fixture.ctxEntry(.debit, terminator: .tilde)
        let written = try Fixture.write(Fixture.file([Fixture.batch(.ctx, [entry])]))
        let text = written.entries[0].remittance
        #expect(text.utf8.count >= 106 && Array(text.utf8)[105] == UInt8(ascii: "~"))
        #expect(!text.contains("\\"))
        #expect(segments(text, "~").contains { $0.hasPrefix("BPR*C*1500.00*D*ACH*CTX") })
        #expect(field(written.records[2], 2, 2) == "27")
    }

    @Test func theInvoicesMustAddUpToTheEntryAmount() {
        var entry = Fixture.ctxEntry()
        entry.amount = usd(150_001)
        var error = writeError(Fixture.file([Fixture.batch(.ctx, [entry])]))
        #expect(error?.code == .remittanceMismatch && error?.field == "batches[0].entries[0].remittance.invoices")
        entry.amount = usd(149_999)
        error = writeError(Fixture.file([Fixture.batch(.ctx, [entry])]))
        #expect(error?.code == .remittanceMismatch && error?.field == "batches[0].entries[0].remittance.invoices[1].amount_paid")
    }

    @Test(arguments: ["INV*1", "INV\\1", "INV~1", "INV>1"])
    func x12SeparatorsInDataAreRefused(number: String) {
        let entry = Fixture.ctxEntry(invoices: Fixture.invoices([(number, 100)]))
        let error = writeError(Fixture.file([Fixture.batch(.ctx, [entry])]))
        #expect(error?.code == .invalidCharacters && error?.field == "batches[0].entries[0].remittance.invoices[0].number")
    }

    @Test func x12FieldsHaveTheirLengths() throws {
        _ = try Fixture.write(Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry(invoices: Fixture.invoices([(String(repeating: "9", count: 30), 100)]))])]))
        var error = writeError(Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry(invoices: Fixture.invoices([(String(repeating: "9", count: 31), 100)]))])]))
        #expect(error?.code == .fieldTooLong && error?.field == "batches[0].entries[0].remittance.invoices[0].number")
        var entry = Fixture.ctxEntry()
        guard case var .remittanceAdvice(advice) = entry.remittance else { Issue.record("not an 820"); return }
        advice.payerName = String(repeating: "P", count: 61)
        entry.remittance = .remittanceAdvice(advice)
        error = writeError(Fixture.file([Fixture.batch(.ctx, [entry])]))
        #expect(error?.code == .fieldTooLong && error?.field == "batches[0].entries[0].remittance.payer_name")
        advice.payerName = "P"
        advice.invoices = []
        entry.remittance = .remittanceAdvice(advice)
        #expect(writeError(Fixture.file([Fixture.batch(.ctx, [entry])]))?.code == .fieldRequired)
    }

    @Test func ctxAddendaPerEntryAreLimitedAtTheEdge() throws {
        #expect(NACHALimits.default.ctxAddendaPerEntryMax == 9_999)
        let input = Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry()])])
        let needed = try Fixture.write(input).entries[0].addendaCount
        _ = try Fixture.write(input, limits: NACHALimits(ctxAddendaPerEntryMax: needed))
        let error = writeError(input, limits: NACHALimits(ctxAddendaPerEntryMax: needed - 1))
        #expect(error?.code == .tooManyAddenda && error?.field == "batches[0].entries[0].remittance")
    }

    @Test func an820BeyondTheDefault9999AddendaIsRefused() {
        // Each RMR of a 30-character invoice number paying one cent is 46 characters: 17,400 of
        // them need more than 9,999 addenda of 80 characters.
        let invoices = (0..<17_400).map { X12RemittanceInvoice(number: String(format: "%030d", $0), amountPaid: usd(1)) }
        let error = writeError(Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry(invoices: invoices)])]))
        #expect(error?.code == .tooManyAddenda)
    }
}
