import RemitCore
import Testing

@testable import RemitNACHA

/// Damaged files are refused with the reason, the line and the field.
@Suite struct ReaderRejectionTests {
    /// Records: 1 header, 2 batch header, 3 entry, 4 addenda, 5 entry, 6 addenda, 7 batch
    /// control, 8 file control, 9–10 fill.
    private func good() throws -> String {
        try Fixture.write(Fixture.file([Fixture.batch(.ccd, [
            Fixture.ccdEntry(.credit, cents: 125_000), Fixture.ccdEntry(.debit, bank: Bank.buyer, cents: 4_321),
        ])])).text
    }

    @Test func aRecordOfTheWrongLengthIsRefused() throws {
        let short = replacing(try good(), record: 2) { String($0.dropLast()) }
        var error = readError(short)
        #expect(error?.code == .recordLength && error?.line == 3 && error?.message.contains("93") == true)
        let long = replacing(try good(), record: 6) { $0 + " " }
        error = readError(long)
        #expect(error?.code == .recordLength && error?.line == 7)
    }

    @Test func aWrongBatchEntryHashIsRefused() throws {
        let text = replacing(try good(), record: 6) { overwrite($0, at: 11, with: "0003240156") }
        let error = readError(text)
        #expect(error?.code == .hashMismatch && error?.line == 7 && error?.field == "entry_hash")
        #expect(error?.message.contains("3240155") == true)
    }

    @Test func aWrongFileEntryHashIsRefused() throws {
        let text = replacing(try good(), record: 7) { overwrite($0, at: 22, with: "0000000001") }
        let error = readError(text)
        #expect(error?.code == .hashMismatch && error?.line == 8)
    }

    @Test func wrongEntryAddendaCountsAreRefused() throws {
        var error = readError(replacing(try good(), record: 6) { overwrite($0, at: 5, with: "000003") })
        #expect(error?.code == .countMismatch && error?.line == 7 && error?.field == "entry_addenda_count")
        error = readError(replacing(try good(), record: 7) { overwrite($0, at: 14, with: "00000005") })
        #expect(error?.code == .countMismatch && error?.line == 8)
        error = readError(replacing(try good(), record: 7) { overwrite($0, at: 2, with: "000002") })
        #expect(error?.code == .countMismatch && error?.field == "batch_count")
    }

    @Test func anAmountThatDisagreesWithTheTotalsIsRefused() throws {
        let text = replacing(try good(), record: 2) { overwrite($0, at: 30, with: "0000125001") }
        let error = readError(text)
        #expect(error?.code == .totalMismatch && error?.line == 7 && error?.field == "total_credit")
    }

    @Test func aMissingBlockOrAWrongBlockCountIsRefused() throws {
        let records = try good().split(separator: "\n").dropLast()
        var error = readError(records.joined(separator: "\n") + "\n")
        #expect(error?.code == .blockCount)
        error = readError(replacing(try good(), record: 7) { overwrite($0, at: 8, with: "000002") })
        #expect(error?.code == .blockCount && error?.field == "block_count")
    }

    @Test func recordsOutOfOrderAreRefused() throws {
        var records = try good().split(separator: "\n").map(String.init)
        records.swapAt(1, 2)
        var error = readError(records.joined(separator: "\n") + "\n")
        #expect(error?.code == .recordOrder && error?.line == 2)
        records = try good().split(separator: "\n").map(String.init)
        records.remove(at: 6)
        records.append(String(repeating: "9", count: 94))
        error = readError(records.joined(separator: "\n") + "\n")
        #expect(error?.code == .recordOrder && error?.line == 7)
        records = try good().split(separator: "\n").map(String.init)
        records[9] = records[2]
        error = readError(records.joined(separator: "\n") + "\n")
        #expect(error?.code == .recordOrder && error?.line == 10)
        #expect(readError("")?.code == .recordOrder)
    }

    @Test func anAddendaIndicatorThatDisagreesWithTheAddendaIsRefused() throws {
        let text = replacing(try good(), record: 2) { overwrite($0, at: 79, with: "0") }
        let error = readError(text)
        #expect(error?.code == .countMismatch && error?.line == 3 && error?.field == "addenda_record_indicator")
    }

    @Test func addendaSequencesMustFollowTheirEntry() throws {
        var error = readError(replacing(try good(), record: 3) { overwrite($0, at: 84, with: "0002") })
        #expect(error?.code == .invalidField && error?.line == 4 && error?.field == "addenda_sequence_number")
        error = readError(replacing(try good(), record: 3) { overwrite($0, at: 88, with: "0000009") })
        #expect(error?.code == .invalidField && error?.field == "entry_detail_sequence_number")
    }

    @Test func aCTXEntryMustCountItsAddenda() throws {
        let text = try Fixture.write(Fixture.file([Fixture.batch(.ctx, [Fixture.ctxEntry()])])).text
        let error = readError(replacing(text, record: 2) { overwrite($0, at: 55, with: "0001") })
        #expect(error?.code == .countMismatch && error?.field == "number_of_addenda_records")
    }

    @Test func fieldsThatAreNotWhatTheySayAreRefused() throws {
        var error = readError(replacing(try good(), record: 2) { overwrite($0, at: 30, with: "00001250O0") })
        #expect(error?.code == .invalidField && error?.field == "amount" && error?.line == 3)
        error = readError(replacing(try good(), record: 2) { overwrite($0, at: 12, with: "4") })
        #expect(error?.code == .routingCheckDigit && error?.line == 3)
        error = readError(replacing(try good(), record: 1) { overwrite($0, at: 70, with: "261331") })
        #expect(error?.code == .invalidField && error?.field == "effective_entry_date")
        error = readError(replacing(try good(), record: 0) { overwrite($0, at: 38, with: "20") })
        #expect(error?.code == .invalidField && error?.field == "blocking_factor")
        error = readError(replacing(try good(), record: 2) { overwrite($0, at: 2, with: "12") })
        #expect(error?.code == .invalidField && error?.field == "transaction_code")
        error = readError(replacing(try good(), record: 3) { overwrite($0, at: 2, with: "02") })
        #expect(error?.code == .unknownRecordType && error?.field == "addenda_type_code")
        error = readError(replacing(try good(), record: 2) { overwrite($0, at: 40, with: "é") })
        #expect(error?.code == .invalidCharacters && error?.line == 3)
    }

    @Test func aBatchControlThatDisagreesWithItsHeaderIsRefused() throws {
        var error = readError(replacing(try good(), record: 6) { overwrite($0, at: 2, with: "220") })
        #expect(error?.code == .controlMismatch && error?.field == "service_class_code")
        error = readError(replacing(try good(), record: 6) { overwrite($0, at: 88, with: "0000002") })
        #expect(error?.code == .controlMismatch && error?.field == "batch_number")
    }
}
