import Testing
import RemitCEL

@Suite struct ParserTests {
    @Test func multiplicationBindsTighterThanAdditionAndComparison() throws {
        #expect(try eval("1 + 2 * 3 == 7 && !false") == .bool(true))
        #expect(try eval("(1 + 2) * 3") == .int(9))
        #expect(try eval("10 - 4 - 3") == .int(3))
        #expect(try eval("true || false && false") == .bool(true))
        #expect(try eval("false ? 1 : true ? 2 : 3") == .int(2))
    }

    @Test func everyLiteralFormIsRead() throws {
        #expect(try eval("0x1F") == .int(31))
        #expect(try eval("0x1Fu") == .uint(31))
        #expect(try eval("18446744073709551615u") == .uint(.max))
        #expect(try eval("-9223372036854775808") == .int(.min))
        #expect(try eval("1.5e3") == .double(1500))
        #expect(try eval(".5") == .double(0.5))
        #expect(try eval(#"'a\tb\x41\101\u00e9\U0001F600'"#) == .string("a\tbAAé😀"))
        #expect(try eval(#"r'\n'"#) == .string("\\n"))
        #expect(try eval("'''multi\nline'''") == .string("multi\nline"))
        #expect(try eval(#"b'\xff\000'"#) == .bytes([0xFF, 0]))
        #expect(try eval("{'a': [1, 2u, 3.0, null, true]}.a[1]") == .uint(2))
    }

    @Test func reservedWordsAreFieldNamesButNotVariables() throws {
        #expect(try eval("{'if': 1}.if") == .int(1))
        #expect(failure("if")?.code == .parse)
    }

    @Test func aParseErrorPointsAtTheOffendingSpot() {
        let source = "a &&\n  (b + )"
        let error = failure(source)
        #expect(error?.code == .parse)
        #expect(error?.line == 2)
        #expect(error?.column == 8)
        #expect(error?.rendered(source: source) == "parse error at 2:8: unexpected ')'\n  |   (b + )\n  | .......^")
    }

    @Test func malformedLiteralsAreParseErrors() {
        for source in ["'unterminated", "'line\nbreak'", #"'\q'"#, "18446744073709551616", "9223372036854775808",
                       "0x", "1 +", "[1, 2", "{1: }", "a.", "has(a)", "x.all(1, true)", #"b'\u0041'"#] {
            #expect(failure(source)?.code == .parse, "\(source)")
        }
    }
}

@Suite struct FieldNameTests {
    @Test func keywordsAndQuotedNamesSelectMapFields() throws {
        #expect(try eval("{'in': 1, 'null': 2}.in + {'null': 2}.null") == .int(3))
        #expect(try eval("m.`content-type`", ["m": ["content-type": "json"]]) == .string("json"))
    }
}
