import Testing
import RemitCEL

@Suite struct TimeTests {
    @Test func timestampsParseOffsetsAndFractionsAndPrintInUTC() throws {
        #expect(try eval("string(timestamp('2026-11-29T19:50:00.25+01:30'))") == .string("2026-11-29T18:20:00.25Z"))
        #expect(try eval("string(timestamp('1969-12-31T23:59:59.999999999Z'))") == .string("1969-12-31T23:59:59.999999999Z"))
        #expect(try eval("int(timestamp('1969-12-31T23:59:59.5Z'))") == .int(-1))
        #expect(try eval("timestamp('2024-02-29T00:00:00Z').getDayOfYear()") == .int(59))
        #expect(try eval("timestamp('2024-12-31T12:00:00Z').getDayOfYear()") == .int(365))
    }

    @Test func malformedTimestampsAreConversionErrors() {
        for text in ["2026-13-01T00:00:00Z", "2026-11-29", "2026-11-29T10:00:00", "2026-11-29T10:00:00.Z", "x"] {
            #expect(failure("timestamp('\(text)')")?.code == .conversion, "\(text)")
        }
    }

    @Test func durationsParseGoUnitsAndPrintMinimalDigits() throws {
        #expect(try eval("string(duration('1h30m'))") == .string("5400s"))
        #expect(try eval("string(duration('-1.5s'))") == .string("-1.5s"))
        #expect(try eval("string(duration('1ms') + duration('1us') + duration('1ns'))") == .string("0.001001001s"))
        #expect(try eval("duration('90m').getHours()") == .int(1))
        #expect(try eval("duration('-90s').getMinutes()") == .int(-1))
        #expect(failure("duration('5 days')")?.code == .conversion)
        #expect(failure("duration('1y')")?.code == .conversion)
    }

    @Test func dueDateArithmeticWorksAcrossUnits() throws {
        let bindings: [String: CELValue] = [
            "issued": try .timestamp(CELTimestamp(parsing: "2026-10-01T09:30:00Z")),
            "now": try .timestamp(CELTimestamp(parsing: "2026-11-29T12:00:00Z")),
        ]
        #expect(try eval("now - issued > duration('1440h')", bindings) == .bool(false))
        #expect(try eval("(now - issued).getHours() / 24", bindings) == .int(59))
        #expect(try eval("string(issued + duration('720h'))", bindings) == .string("2026-10-31T09:30:00Z"))
    }
}

@Suite struct DoubleFormattingTests {
    @Test func doublesPrintAsCelGoPrintsThem() throws {
        let expected: [(String, String)] = [
            ("123.456", "123.456"), ("-4.5e-3", "-0.0045"), ("100.0", "100"), ("123456.0", "123456"),
            ("1000000.0", "1e+06"), ("1e21", "1e+21"), ("0.0001", "0.0001"), ("0.00001", "1e-05"),
            ("-0.0", "-0"), ("1.5e300", "1.5e+300"), ("5e-324", "5e-324"), ("0.1", "0.1"), ("2.5", "2.5"),
        ]
        for (literal, text) in expected {
            #expect(try eval("string(\(literal))") == .string(text), "\(literal)")
        }
        #expect(try eval("string(1.0 / 0.0)") == .string("+Inf"))
    }
}
