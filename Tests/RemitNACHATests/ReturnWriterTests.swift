import RemitCore
import Testing

@testable import RemitNACHA

/// Returns of files Remit wrote, as the simulated bank writes them, read back as returns.
@Suite struct ReturnWriterTests {
    private func original() throws -> (written: ACHWrittenFile, file: ACHFile) {
        let written = try Fixture.write(Fixture.file([
            Fixture.batch(.ccd, [
                Fixture.ccdEntry(.credit, cents: 125_000, id: "PAY-1"),
                Fixture.ccdEntry(.debit, .savings, bank: Bank.buyer, account: "555", cents: 4_321, id: "PAY-2"),
                Fixture.ccdEntry(.debit, bank: Bank.other, account: "777", cents: 900, id: "PAY-3"),
            ]),
            Fixture.batch(.ctx, [Fixture.ctxEntry(.credit)]),
        ]))
        return (written, try ACHFileReader().read(written.text))
    }

    private func returnInput(_ file: ACHFile, _ requests: [ACHReturnRequest]) -> ACHReturnFileInput {
        ACHReturnFileInput(
            original: file, returns: requests, immediateDestination: Bank.odfi, immediateOrigin: Bank.operatorPoint,
            creationDate: day(2026, 11, 25), creationTime: ACHFileTime(hour: 8, minute: 5), fileIDModifier: "R",
            effectiveEntryDate: day(2026, 11, 26))
    }

    @Test func returnedEntriesComeBackWithTheirOriginalTracesReasonsAndAmounts() throws {
        let (written, file) = try original()
        let traces = written.entries.map(\.traceNumber)
        let text = try ACHReturnFileWriter().write(returnInput(file, [
            ACHReturnRequest(originalTraceNumber: traces[1], reasonCode: "R01"),
            ACHReturnRequest(originalTraceNumber: traces[3], reasonCode: "R29", addendaInformation: "not authorized by buyer"),
            ACHReturnRequest(originalTraceNumber: traces[0], reasonCode: "R03"),
        ]))
        let returned = try ACHFileReader().read(text)
        let returns = returned.returns
        // One batch per original batch and returning bank, in request order: entries 1, 3 and 0
        // come from (CCD, 021000021), (CTX, 011401533) and (CCD, 011401533).
        #expect(Set(returns.map(\.originalTraceNumber)) == [traces[0], traces[1], traces[3]])
        let byTrace = Dictionary(uniqueKeysWithValues: returns.map { ($0.originalTraceNumber, $0) })
        #expect(byTrace[traces[1]]?.reason.description == "Insufficient funds")
        #expect(byTrace[traces[1]]?.amount == usd(4_321))
        #expect(byTrace[traces[1]]?.originalDirection == .debit && byTrace[traces[1]]?.accountType == .savings)
        #expect(byTrace[traces[1]]?.accountNumber == "555" && byTrace[traces[1]]?.identificationNumber == "PAY-2")
        #expect(byTrace[traces[3]]?.reason.code == "R29" && byTrace[traces[3]]?.addendaInformation == "NOT AUTHORIZED BY BUYER")
        #expect(byTrace[traces[3]]?.amount == usd(150_000) && byTrace[traces[3]]?.originalDirection == .credit)
        #expect(byTrace[traces[0]]?.reason.code == "R03" && byTrace[traces[0]]?.originalReceivingDFI == "01140153")
        #expect(returns.allSatisfy { $0.date == day(2026, 11, 26) && $0.companyIdentification == Fixture.companyID })
        #expect(returned.entries.allSatisfy { $0.receivingRoutingNumber == Bank.odfi })
        #expect(Set(returned.entries.map(\.transactionCode.rawValue)) == [21, 36])
        #expect(returned.batches.map(\.header.secCode) == ["CCD", "CTX", "CCD"])
        #expect(returned.header.fileIDModifier == "R" && returned.header.immediateDestination == Bank.odfi)
    }

    @Test func returnFileBatchesComeFromTheReturningBankWithTheRightServiceClass() throws {
        let (written, file) = try original()
        let text = try ACHReturnFileWriter().write(returnInput(file, [
            ACHReturnRequest(originalTraceNumber: written.entries[2].traceNumber, reasonCode: "R02"),
        ]))
        let batch = try ACHFileReader().read(text).batches[0]
        #expect(batch.header.originatingDFI == "12210527")
        #expect(batch.header.serviceClassCode == 225)
        #expect(batch.entries[0].traceNumber.hasPrefix("12210527"))
        #expect(batch.entries[0].returnAddenda?.traceNumber == batch.entries[0].traceNumber)
    }

    @Test func aReturnOfAnUnknownOrRepeatedTraceOrWithABadCodeIsRefused() throws {
        let (written, file) = try original()
        let trace = written.entries[0].traceNumber
        var error = #expect(throws: NACHAError.self) {
            try ACHReturnFileWriter().write(returnInput(file, [ACHReturnRequest(originalTraceNumber: "091000019999999", reasonCode: "R01")]))
        }
        #expect(error?.code == .invalidField && error?.field == "returns[0].original_trace_number")
        error = #expect(throws: NACHAError.self) {
            try ACHReturnFileWriter().write(returnInput(file, [
                ACHReturnRequest(originalTraceNumber: trace, reasonCode: "R01"), ACHReturnRequest(originalTraceNumber: trace, reasonCode: "R02"),
            ]))
        }
        #expect(error?.field == "returns[1].original_trace_number")
        error = #expect(throws: NACHAError.self) {
            try ACHReturnFileWriter().write(returnInput(file, [ACHReturnRequest(originalTraceNumber: trace, reasonCode: "R1")]))
        }
        #expect(error?.code == .invalidFormat && error?.field == "returns[0].reason_code")
        error = #expect(throws: NACHAError.self) {
            try ACHReturnFileWriter().write(returnInput(file, [ACHReturnRequest(originalTraceNumber: trace, reasonCode: "R01", addendaInformation: String(repeating: "I", count: 45))]))
        }
        #expect(error?.code == .fieldTooLong && error?.field == "returns[0].addenda_information")
    }

    @Test func aDateOfDeathTravelsInTheReturn() throws {
        let (written, file) = try original()
        let text = try ACHReturnFileWriter().write(returnInput(file, [
            ACHReturnRequest(originalTraceNumber: written.entries[1].traceNumber, reasonCode: "R15", dateOfDeath: day(2026, 10, 31)),
        ]))
        #expect(try ACHFileReader().read(text).returns[0].dateOfDeath == day(2026, 10, 31))
    }
}
