import RemitCore
import Testing

@testable import RemitNACHA

/// Hashes, totals and record counts at the edges of their fields and limits.
@Suite struct WriterTotalsTests {
    @Test func theEntryHashKeepsTheRightmostTenDigits() throws {
        // 101 entries to DFI 99999999 sum to 10,099,999,899: eleven digits.
        let entries = (0..<101).map { _ in Fixture.ccdEntry(bank: Bank.nines, cents: 1, remittance: .none) }
        let written = try Fixture.write(Fixture.file([Fixture.batch(.ccd, entries)]))
        let control = written.records.first { $0.hasPrefix("8") }!
        #expect(field(control, 11, 10) == "0099999899")
        #expect(field(written.records.first { $0.hasPrefix("9") }!, 22, 10) == "0099999899")
        #expect(written.entryHash == 99_999_899)
        #expect(try ACHFileReader().read(written.text).control.totals.entryHash == 99_999_899)
    }

    @Test func aBatchTotalFillsItsTwelveDigitsAndOneEntryMoreIsRefused() throws {
        let largest = Fixture.ccdEntry(cents: 9_999_999_999, remittance: .none)
        let full = try Fixture.write(Fixture.file([Fixture.batch(.ccd, Array(repeating: largest, count: 100))]))
        #expect(field(full.records.first { $0.hasPrefix("8") }!, 33, 12) == "999999999900")
        #expect(full.totalCreditCents == 999_999_999_900)
        let error = writeError(Fixture.file([Fixture.batch(.ccd, Array(repeating: largest, count: 101))]))
        #expect(error?.code == .totalTooLarge && error?.field == "batches[0].entries[100].amount")
    }

    @Test func theFileTotalIsCheckedAcrossBatches() {
        let largest = Fixture.ccdEntry(.debit, cents: 9_999_999_999, remittance: .none)
        let batch = Fixture.batch(.ccd, Array(repeating: largest, count: 60))
        let error = writeError(Fixture.file([batch, batch]))
        #expect(error?.code == .totalTooLarge && error?.field == "batches")
    }

    @Test func recordsPerBatchAreLimitedAtTheEdge() throws {
        #expect(NACHALimits.default.recordsPerBatchMax == 999_999)
        let limits = NACHALimits(recordsPerBatchMax: 4)
        // Two entries with one addenda each: 4 records.
        _ = try Fixture.write(Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry(), Fixture.ccdEntry()])]), limits: limits)
        let error = writeError(Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry(), Fixture.ccdEntry(), Fixture.ccdEntry(remittance: .none)])]), limits: limits)
        #expect(error?.code == .tooManyRecords && error?.field == "batches[0].entries[2]")
    }

    @Test func recordsPerFileAreLimitedAtTheEdgeBlockFillIncluded() throws {
        #expect(NACHALimits.default.recordsPerFileMax == 1_000_000)
        // One entry with addenda: 6 records, filled to one block of 10.
        let input = Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry()])])
        #expect(try Fixture.write(input, limits: NACHALimits(recordsPerFileMax: 10)).recordCount == 10)
        let error = writeError(input, limits: NACHALimits(recordsPerFileMax: 9))
        #expect(error?.code == .tooManyRecords)
    }

    @Test func traceSequencesStopAtSevenDigits() throws {
        let one = Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry()])], firstTraceSequence: 9_999_999)
        #expect(try Fixture.write(one).entries[0].traceNumber == "091000019999999")
        let two = Fixture.file([Fixture.batch(.ccd, [Fixture.ccdEntry(), Fixture.ccdEntry()])], firstTraceSequence: 9_999_999)
        let error = writeError(two)
        #expect(error?.code == .traceSequenceOverflow && error?.field == "batches[0].entries[1]")
    }
}
