import RemitCore
import Testing

@testable import RemitNACHA

/// Files the writer produces, read back into the same values.
@Suite struct ReaderRoundTripTests {
    private let mixed = Fixture.file([
        Fixture.batch(.ccd, [
            Fixture.ccdEntry(.credit, .checking, bank: Bank.supplier, account: "987654321", cents: 125_000, id: "PAY-1"),
            Fixture.ccdEntry(.debit, .savings, bank: Bank.buyer, account: "0012345", cents: 99, name: "Buyer Corp", id: "PAY-2", remittance: .none),
        ]),
        Fixture.batch(.ctx, [
            Fixture.ctxEntry(.credit, invoices: Fixture.invoices((1...9).map { ("INV-\($0)", Int64($0) * 1_000) }, po: "PO-9")),
            Fixture.ctxEntry(.debit, bank: Bank.other, account: "77-1", terminator: .tilde),
        ]),
    ], firstTraceSequence: 500)

    @Test func headersAndControlsReadBackAsWritten() throws {
        let written = try Fixture.write(mixed)
        let file = try ACHFileReader().read(written.text)
        #expect(file.header.immediateDestination == Bank.operatorPoint)
        #expect(file.header.immediateOrigin == Fixture.companyID)
        #expect(file.header.creationDate == Fixture.creationDate)
        #expect(file.header.creationTime == Fixture.creationTime)
        #expect(file.header.fileIDModifier == "A" && file.header.referenceCode == "REMIT")
        #expect(file.batches.map(\.header.secCode) == ["CCD", "CTX"])
        #expect(file.batches.map(\.header.serviceClassCode) == [200, 200])
        #expect(file.batches.map(\.header.batchNumber) == [1, 2])
        #expect(file.batches.allSatisfy { $0.header.effectiveEntryDate == Fixture.effectiveDate && $0.header.originatingDFI == "09100001" })
        #expect(file.control.batchCount == 2 && file.control.blockCount == written.blockCount)
        #expect(file.control.totals == ACHControlTotals(
            entryAddendaCount: written.entryAddendaCount, entryHash: written.entryHash,
            totalDebitCents: written.totalDebitCents, totalCreditCents: written.totalCreditCents))
    }

    @Test func entriesReadBackWithTheirTracesAmountsAndAccounts() throws {
        let written = try Fixture.write(mixed)
        let entries = try ACHFileReader().read(written.text).entries
        #expect(entries.map(\.traceNumber) == written.entries.map(\.traceNumber))
        #expect(entries.map(\.traceNumber) == ["091000010000500", "091000010000501", "091000010000502", "091000010000503"])
        #expect(entries.map(\.amount) == mixed.batches.flatMap(\.entries).map(\.amount))
        #expect(entries.map(\.accountNumber) == ["987654321", "0012345", "55501234", "77-1"])
        #expect(entries.map(\.receivingRoutingNumber) == [Bank.supplier, Bank.buyer, Bank.supplier, Bank.other])
        #expect(entries.map(\.transactionCode.rawValue) == [22, 37, 22, 27])
        #expect(entries.map(\.identificationNumber) == ["PAY-1", "PAY-2", "PAY-7", "PAY-7"])
        #expect(entries.map(\.receiverName) == ["ACME SUPPLY CO", "BUYER CORP", "ACME SUPPLY CO", "ACME SUPPLY CO"])
        #expect(entries.map(\.ctxAddendaCount) == [nil, nil, written.entries[2].addendaCount, written.entries[3].addendaCount])
    }

    @Test func remittancesReadBackWhole() throws {
        let written = try Fixture.write(mixed)
        let entries = try ACHFileReader().read(written.text).entries
        #expect(entries.map(\.paymentRelatedInformation) == written.entries.map(\.remittance))
        #expect(entries[0].remittedInvoices == [ACHRemittedInvoice(number: "INV-1001", amountPaid: usd(125_000))])
        #expect(entries[1].remittedInvoices.isEmpty && entries[1].addenda.isEmpty)
        #expect(entries[2].remittedInvoices.map(\.number) == (1...9).map { "INV-\($0)" })
        #expect(entries[2].remittedInvoices.map(\.amountPaid) == (1...9).map { usd(Int64($0) * 1_000) })
        #expect(entries[3].remittedInvoices.map(\.number) == ["INV-1001", "INV-1002"])
        #expect(entries[2].addenda.count > 1)
    }

    @Test func carriageReturnLineEndsAreAccepted() throws {
        let written = try Fixture.write(mixed)
        let crlf = written.text.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try ACHFileReader().read(crlf) == (try ACHFileReader().read(written.text)))
    }

    @Test func theReaderRefusesFilesPastItsRecordLimitAtTheEdge() throws {
        let text = try Fixture.write(Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry()])])).text
        _ = try ACHFileReader(limits: NACHALimits(recordsPerFileMax: 10)).read(text)
        #expect(readError(text, limits: NACHALimits(recordsPerFileMax: 9))?.code == .tooManyRecords)
    }

    @Test func theReaderAppliesTheCTXAddendaLimit() throws {
        let written = try Fixture.write(Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry()])]))
        let count = written.entries[0].addendaCount
        _ = try ACHFileReader(limits: NACHALimits(ctxAddendaPerEntryMax: count)).read(written.text)
        let error = readError(written.text, limits: NACHALimits(ctxAddendaPerEntryMax: count - 1))
        #expect(error?.code == .tooManyAddenda && error?.line == 3)
    }
}
