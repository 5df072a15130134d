import RemitCore
import Testing

@testable import RemitNACHA

/// The records of a CCD+ file, field by field, against the NACHA layouts.
@Suite struct WriterLayoutTests {
    /// One credit and one debit, each with an RMR addenda.
    private func ccdPlusFile() throws -> ACHWrittenFile {
        try Fixture.write(Fixture.file([Fixture.batch(.ccd, [
            Fixture.ccdEntry(.credit, .checking, bank: Bank.supplier, account: "987654321", cents: 125_000, name: "Acme Supply Co", id: "PAY-1"),
            Fixture.ccdEntry(.debit, .savings, bank: Bank.buyer, account: "12-34-56", cents: 4_321, name: "Buyer Corp", id: "PAY-2",
                             remittance: try .invoice(number: "inv-2002", amountPaid: usd(4_321))),
        ])]))
    }

    @Test func theFileHeaderCarriesDestinationOriginInjectedClockAndFormat() throws {
        let header = try ccdPlusFile().records[0]
        #expect(field(header, 1, 1) == "1")
        #expect(field(header, 2, 2) == "01")
        #expect(field(header, 4, 10) == " 011000015")
        #expect(field(header, 14, 10) == "1234567890")
        #expect(field(header, 24, 6) == "261120")
        #expect(field(header, 30, 4) == "1530")
        #expect(field(header, 34, 1) == "A")
        #expect(field(header, 35, 3) == "094")
        #expect(field(header, 38, 2) == "10")
        #expect(field(header, 40, 1) == "1")
        #expect(field(header, 41, 23) == pad("FEDERAL RESERVE BANK", 23))
        #expect(field(header, 64, 23) == pad("REMIT DEMO", 23))
        #expect(field(header, 87, 8) == pad("REMIT", 8))
    }

    @Test func theBatchHeaderIsMixedServiceClassWithCompanyAndODFI() throws {
        let batch = try ccdPlusFile().records[1]
        #expect(field(batch, 1, 1) == "5")
        #expect(field(batch, 2, 3) == "200")
        #expect(field(batch, 5, 16) == pad("REMIT DEMO", 16))
        #expect(field(batch, 21, 20) == pad("", 20))
        #expect(field(batch, 41, 10) == "1234567890")
        #expect(field(batch, 51, 3) == "CCD")
        #expect(field(batch, 54, 10) == pad("INVOICES", 10))
        #expect(field(batch, 64, 6) == "NOV 23")
        #expect(field(batch, 70, 6) == "261123")
        #expect(field(batch, 76, 3) == "   ")
        #expect(field(batch, 79, 1) == "1")
        #expect(field(batch, 80, 8) == "09100001")
        #expect(field(batch, 88, 7) == "0000001")
    }

    @Test func entriesAreJustifiedAndCarryTraceNumbersFromTheODFI() throws {
        let records = try ccdPlusFile().records
        let credit = records[2]
        #expect(field(credit, 1, 3) == "622")
        #expect(field(credit, 4, 8) == "01140153")
        #expect(field(credit, 12, 1) == "3")
        #expect(field(credit, 13, 17) == pad("987654321", 17))
        #expect(field(credit, 30, 10) == "0000125000")
        #expect(field(credit, 40, 15) == pad("PAY-1", 15))
        #expect(field(credit, 55, 22) == pad("ACME SUPPLY CO", 22))
        #expect(field(credit, 77, 2) == "  ")
        #expect(field(credit, 79, 1) == "1")
        #expect(field(credit, 80, 15) == "091000010000001")
        let debit = records[4]
        #expect(field(debit, 1, 3) == "637")
        #expect(field(debit, 13, 17) == pad("12-34-56", 17))
        #expect(field(debit, 30, 10) == "0000004321")
        #expect(field(debit, 80, 15) == "091000010000002")
    }

    @Test func theCCDPlusAddendaCarriesTheRMRSegment() throws {
        let records = try ccdPlusFile().records
        #expect(field(records[3], 1, 3) == "705")
        #expect(field(records[3], 4, 80) == pad("RMR*IV*INV-1001*PI*1250.00\\", 80))
        #expect(field(records[3], 84, 4) == "0001")
        #expect(field(records[3], 88, 7) == "0000001")
        #expect(field(records[5], 4, 80) == pad("RMR*IV*INV-2002*PI*43.21\\", 80))
        #expect(field(records[5], 88, 7) == "0000002")
    }

    @Test func controlsCountHashAndTotalTheEntries() throws {
        let written = try ccdPlusFile()
        let records = written.records
        let control = records[6]
        #expect(field(control, 1, 4) == "8200")
        #expect(field(control, 5, 6) == "000004")
        // 01140153 + 02100002 = 03240155
        #expect(field(control, 11, 10) == "0003240155")
        #expect(field(control, 21, 12) == "000000004321")
        #expect(field(control, 33, 12) == "000000125000")
        #expect(field(control, 45, 10) == "1234567890")
        #expect(field(control, 55, 25) == pad("", 25))
        #expect(field(control, 80, 8) == "09100001")
        #expect(field(control, 88, 7) == "0000001")
        let fileControl = records[7]
        #expect(field(fileControl, 1, 1) == "9")
        #expect(field(fileControl, 2, 6) == "000001")
        #expect(field(fileControl, 8, 6) == "000001")
        #expect(field(fileControl, 14, 8) == "00000004")
        #expect(field(fileControl, 22, 10) == "0003240155")
        #expect(field(fileControl, 32, 12) == "000000004321")
        #expect(field(fileControl, 44, 12) == "000000125000")
        #expect(field(fileControl, 56, 39) == pad("", 39))
        #expect(written.entryHash == 3_240_155 && written.totalDebitCents == 4_321 && written.totalCreditCents == 125_000)
    }

    @Test func theFileIsPaddedWithNinesToWholeBlocksOf94CharacterRecords() throws {
        let written = try ccdPlusFile()
        #expect(written.text.hasSuffix("\n"))
        #expect(written.records.count == 10 && written.recordCount == 10 && written.blockCount == 1)
        #expect(written.records.allSatisfy { $0.utf8.count == 94 })
        #expect(written.records[8] == String(repeating: "9", count: 94))
        #expect(written.records[9] == String(repeating: "9", count: 94))
        // Twelve records without fill need two blocks: 20 records.
        let bigger = try Fixture.write(Fixture.file([Fixture.batch(.ccd, (0..<4).map { _ in Fixture.ccdEntry() })]))
        #expect(bigger.records.count == 20 && bigger.blockCount == 2)
        #expect(field(bigger.records[11], 8, 6) == "000002")
    }

    @Test(arguments: [
        ([ACHDirection.credit, .credit], "220"), ([.debit, .debit], "225"), ([.credit, .debit], "200"),
    ])
    func theServiceClassFollowsTheEntriesDirections(directions: [ACHDirection], code: String) throws {
        let written = try Fixture.write(Fixture.file([Fixture.batch(.ccd, directions.map { Fixture.ccdEntry($0) })]))
        #expect(field(written.records[1], 2, 3) == code)
        #expect(field(written.records.first { $0.hasPrefix("8") }!, 2, 3) == code)
    }

    @Test(arguments: [
        (ACHDirection.credit, ACHAccountType.checking, "22"), (.debit, .checking, "27"),
        (.credit, .savings, "32"), (.debit, .savings, "37"),
    ])
    func transactionCodesFollowDirectionAndAccountType(direction: ACHDirection, account: ACHAccountType, code: String) throws {
        let written = try Fixture.write(Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry(direction, account)])]))
        #expect(field(written.records[2], 2, 2) == code)
    }

    @Test func tracesAreExposedPerEntryAndFollowTheFirstSequenceAcrossBatches() throws {
        let written = try Fixture.write(Fixture.file([
            Fixture.batch(.ccd, [Fixture.ccdEntry(id: "A"), Fixture.ccdEntry(id: "B")]),
            Fixture.batch(.ctx, [Fixture.ctxEntry()]),
        ], firstTraceSequence: 41))
        #expect(written.entries.map(\.traceNumber) == ["091000010000041", "091000010000042", "091000010000043"])
        #expect(written.entries.map(\.identificationNumber) == ["A", "B", "PAY-7"])
        #expect(written.entries.map(\.batchIndex) == [0, 0, 1] && written.entries.map(\.entryIndex) == [0, 1, 0])
        #expect(written.batchCount == 2)
    }

    @Test func theSameInputAlwaysGivesTheSameBytes() throws {
        let input = Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry()])])
        #expect(try Fixture.write(input).text == (try Fixture.write(input).text))
    }
}
