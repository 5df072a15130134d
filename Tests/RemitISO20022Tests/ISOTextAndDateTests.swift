import Foundation
import RemitCore
import Testing
@testable import RemitISO20022

@Suite struct ISOTextTypeTests {
    @Test(arguments: ISOTextType.allCases)
    func eachTextTypeTakesItsMaximumAndRefusesOneMore(_ type: ISOTextType) throws {
        try type.check(String(repeating: "x", count: type.charactersMax), path: "P")
        do {
            try type.check(String(repeating: "x", count: type.charactersMax + 1), path: "P")
            Issue.record("expected \(type.schemaName) to refuse \(type.charactersMax + 1) characters")
        } catch {
            #expect(error.code == .textTooLong)
            #expect(error.path == "P")
            #expect(error.message.contains(type.schemaName))
        }
    }

    @Test func theTypesAreTheSchemasLengths() {
        #expect(ISOTextType.allCases.map(\.charactersMax) == [4, 34, 35, 70, 140, 500])
    }

    @Test func tabsLineFeedsAndAstralCharactersAreAllowed() throws {
        try ISOTextType.max35Text.check("a\tb\nc 😀", path: "P")
    }
}

@Suite struct ISODateTimeTests {
    @Test(arguments: [
        ("2026-03-02T10:00:00Z", 1_772_445_600.0), ("2026-03-02T10:00:00", 1_772_445_600.0),
        ("2026-03-02T11:30:00+01:30", 1_772_445_600.0), ("2026-03-02T05:00:00-05:00", 1_772_445_600.0),
        ("2026-03-02T10:00:00.123456Z", 1_772_445_600.123), ("2026-03-01T24:00:00Z", 1_772_409_600.0),
        (" 2026-03-02T10:00:00.1Z\n", 1_772_445_600.1),
    ])
    func dateTimesAreReadToTheMillisecond(_ text: String, _ seconds: Double) {
        #expect(ISODateTimeText.dateTime(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: ["2026-03-02", "2026-03-02T25:00:00Z", "2026-02-30T10:00:00Z", "2026-03-02T10:00:00+15:00",
                      "2026-03-02T10:00:00.Z", "2026-03-02 10:00:00Z", "2026-03-01T24:00:01Z"])
    func textThatIsNotADateTimeIsRefused(_ text: String) {
        #expect(ISODateTimeText.dateTime(text) == nil)
    }

    @Test func datesIgnoreAZoneSuffix() {
        let day = CalendarDate(year: 2026, month: 3, day: 2)
        #expect(ISODateTimeText.date("2026-03-02") == day)
        #expect(ISODateTimeText.date("2026-03-02Z") == day)
        #expect(ISODateTimeText.date("2026-03-02+01:00") == day)
        #expect(ISODateTimeText.date("2026-03-02X") == nil)
    }

    @Test func instantsAreWrittenInUTCWithMillisecondsAndReadBackEqual() {
        let instant = Date(timeIntervalSince1970: 1_772_445_600.123)
        let text = ISODateTimeText.text(instant)
        #expect(text == "2026-03-02T10:00:00.123Z")
        #expect(ISODateTimeText.dateTime(text) == instant)
    }
}
