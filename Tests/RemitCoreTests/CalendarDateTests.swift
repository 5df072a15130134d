import Foundation
import Testing

@testable import RemitCore

private func date(_ text: String) throws -> CalendarDate {
    try #require(CalendarDate(iso8601: text))
}

@Suite struct CalendarDateTests {
    @Test func aDateParsesIntoItsPartsAndPrintsTheSameWay() throws {
        let parsed = try date("2026-11-29")
        #expect((parsed.year, parsed.month, parsed.day) == (2026, 11, 29))
        #expect(parsed.description == "2026-11-29")
        #expect(try date("0001-01-01").description == "0001-01-01")
        #expect(try date("9999-12-31").description == "9999-12-31")
    }

    @Test(arguments: ["2024-02-29", "2000-02-29", "2026-02-28", "2026-04-30", "2026-12-31"])
    func aDayThatExistsIsAccepted(text: String) throws {
        #expect(try date(text).description == text)
    }

    @Test(arguments: [
        "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "0000-01-01",
        "2026-1-01", "26-11-29", "2026/11/29", "20261129", " 2026-11-29", "2026-11-29 ", "+2026-11-29", "2026-11-2x",
        "-001-01-01", "２０２６-11-29", "",
    ])
    func aDayThatDoesNotExistOrAnyOtherFormIsRefused(text: String) {
        #expect(CalendarDate(iso8601: text) == nil)
    }

    @Test(arguments: [
        ("2026-12-15", 60, "2027-02-13"), ("2026-01-31", 1, "2026-02-01"), ("2026-12-31", 1, "2027-01-01"),
        ("2024-02-28", 1, "2024-02-29"), ("2023-02-28", 1, "2023-03-01"), ("2024-02-29", 365, "2025-02-28"),
        ("2026-03-01", -1, "2026-02-28"), ("2024-03-01", -1, "2024-02-29"), ("2027-01-01", -1, "2026-12-31"),
        ("2026-11-29", 0, "2026-11-29"), ("1999-12-31", 61, "2000-03-01"), ("2026-01-30", 30, "2026-03-01"),
    ])
    func addingDaysCrossesMonthYearAndLeapDayBoundaries(start: String, days: Int, expected: String) throws {
        #expect(try date(start).adding(days: days).description == expected)
        #expect(try date(start).days(until: date(expected)) == days)
    }

    @Test(arguments: [("1970-01-01", 0), ("1970-01-02", 1), ("1969-12-31", -1), ("2000-03-01", 11_017), ("2026-11-29", 20_786), ("0001-01-01", -719_162)])
    func aDateHasTheDayNumberCountedFrom1970(text: String, dayNumber: Int) throws {
        #expect(try date(text).dayNumber == dayNumber)
        #expect(CalendarDate(dayNumber: dayNumber).description == text)
    }

    @Test func everyDayFromYear1ToYear9999SurvivesADayNumberRoundTripAndFollowsTheDayBefore() throws {
        let first = try date("0001-01-01").dayNumber
        let last = try date("9999-12-31").dayNumber
        var previous = CalendarDate(dayNumber: first - 1)
        for dayNumber in first...last {
            let day = CalendarDate(dayNumber: dayNumber)
            guard day.dayNumber == dayNumber, previous < day,
                  day.day == 1 ? previous.month != day.month : (previous.day + 1 == day.day && previous.month == day.month)
            else {
                Issue.record("day \(dayNumber) is \(day), after \(previous)")
                return
            }
            previous = day
        }
        #expect(previous.description == "9999-12-31")
    }

    @Test func sampledDatesPrintAndParseBackToTheSameDay() throws {
        let first = try date("0001-01-01").dayNumber
        let last = try date("9999-12-31").dayNumber
        for dayNumber in stride(from: first, through: last, by: 997) {
            let day = CalendarDate(dayNumber: dayNumber)
            #expect(CalendarDate(iso8601: day.description) == day)
        }
    }

    @Test func datesCompareInCalendarOrder() throws {
        #expect(try date("2026-11-29") < date("2026-11-30"))
        #expect(try date("2026-12-31") < date("2027-01-01"))
        #expect(try date("1969-12-31") < date("1970-01-01"))
        #expect(try !(date("2026-11-29") < date("2026-11-29")))
        #expect(try date("2026-11-29") == CalendarDate(year: 2026, month: 11, day: 29))
        #expect(try [date("2027-01-01"), date("2026-02-28"), date("2026-12-01")].sorted().map(\.description)
            == ["2026-02-28", "2026-12-01", "2027-01-01"])
    }

    @Test func theUTCDayOfAnInstantIgnoresTheTimeOfDayAndRoundsDownBefore1970() {
        #expect(CalendarDate(utc: Date(timeIntervalSince1970: 1_795_973_460)).description == "2026-11-29")
        #expect(CalendarDate(utc: Date(timeIntervalSince1970: 86_399.999)).description == "1970-01-01")
        #expect(CalendarDate(utc: Date(timeIntervalSince1970: -0.001)).description == "1969-12-31")
    }

    @Test func aDateEncodesAsItsTextAndRefusesToDecodeAnImpossibleDay() throws {
        let encoded = try JSONEncoder().encode([try date("2024-02-29")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["2024-02-29"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: encoded) == [try date("2024-02-29")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2026-02-29"]"#.utf8)) }
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-86_400_000, "1969-12-31T00:00:00.000Z"),
        (-86_400_001, "1969-12-30T23:59:59.999Z"),
        (1_795_973_460_000, "2026-11-29T17:31:00.000Z"),
        (1_795_973_460_042, "2026-11-29T17:31:00.042Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func anInstantIsShownAsRFC3339InUTCWithMilliseconds(milliseconds: Int64, expected: String) {
        #expect(Timestamp.rfc3339(milliseconds: milliseconds) == expected)
    }
}
