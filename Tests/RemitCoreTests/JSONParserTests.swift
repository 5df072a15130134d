import Testing

@testable import RemitCore

@Suite struct JSONParserTests {
    @Test func aDocumentWithEveryJSONFormParsesToTheSameValues() throws {
        let value = try JSONParser.parse("""
         { "null": null, "yes": true, "no": false, "int": -12, "fraction": 0.5, "exponent": 6.02E+23,
           "text": "hi", "empty": "", "list": [1, [], {}], "object": {"inner": [null]} }\r\n
        """)
        #expect(value == .object([
            ("null", .null), ("yes", .bool(true)), ("no", .bool(false)), ("int", .number("-12")),
            ("fraction", .number("0.5")), ("exponent", .number("6.02E+23")), ("text", .string("hi")),
            ("empty", .string("")), ("list", .array([.number("1"), .array([]), .object([])])),
            ("object", .object([("inner", .array([.null]))])),
        ]))
    }

    @Test(arguments: [
        ("null", JSONValue.null), ("true", .bool(true)), ("false", .bool(false)), ("0", .number("0")),
        ("-0", .number("-0")), ("\"x\"", .string("x")), (" [] ", .array([])), ("\t{}\n", .object([])),
    ])
    func aScalarOrEmptyContainerIsAWholeDocument(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test(arguments: ["12345678901234567", "123456789012345678901234567890", "-9223372036854775809", "1.10", "1e400", "0.000000000000000000001"])
    func numbersKeepTheirExactTextSoNothingIsRoundedThroughADouble(text: String) throws {
        #expect(try JSONParser.parse("{\"amount\": \(text)}")["amount"] == .number(text))
    }

    @Test func objectMembersKeepTheOrderTheyWereWrittenIn() throws {
        let value = try JSONParser.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        guard case let .object(members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["z", "a", "m"])
    }

    @Test func everyEscapeDecodesToItsCharacter() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\tAé€😀"))
    }

    @Test func rawUnicodeTextIsKeptAsWritten() throws {
        #expect(try JSONParser.parse("\"Zürich 東京 😀\"") == .string("Zürich 東京 😀"))
    }

    @Test func aDuplicateMemberNameIsRefusedWithWhereItIs() {
        let error = #expect(throws: RemitError.self) { try JSONParser.parse(#"{"a": 1, "a": 2}"#) }
        #expect(error == RemitError(.invalidRequest, "Malformed JSON at line 1, column 13: duplicate member name 'a'."))
    }

    @Test func aDuplicateMemberNameInANestedObjectIsRefusedOnItsLine() {
        let error = #expect(throws: RemitError.self) {
            try JSONParser.parse("{\n  \"lines\": [\n    {\"qty\": 1, \"qty\": 2}\n  ]\n}")
        }
        #expect(error == RemitError(.invalidRequest, "Malformed JSON at line 3, column 21: duplicate member name 'qty'."))
    }

    @Test func theSameNameInTwoDifferentObjectsIsNotADuplicate() throws {
        #expect(try JSONParser.parse(#"[{"a": 1}, {"a": 2}]"#) == .array([.object([("a", .number("1"))]), .object([("a", .number("2"))])]))
    }

    // MARK: Limits

    @Test func nestingExactlyAsDeepAsTheDefaultLimitIsAccepted() throws {
        let depth = JSONLimits.default.depthMax
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try JSONParser.parse(text) }
    }

    @Test func nestingOneLevelDeeperThanTheDefaultLimitIsRefused() {
        let depth = JSONLimits.default.depthMax + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = #expect(throws: RemitError.self) { try JSONParser.parse(text) }
        #expect(error == RemitError(.invalidRequest, "The JSON document nests deeper than 32 levels."))
    }

    @Test func objectsCountTowardsTheDepthLimitLikeArrays() throws {
        let limits = JSONLimits(depthMax: 3)
        #expect(try JSONParser.parse(#"{"a": {"b": [1]}}"#, limits: limits) == .object([("a", .object([("b", .array([.number("1")]))]))]))
        let error = #expect(throws: RemitError.self) { try JSONParser.parse(#"{"a": {"b": [{}]}}"#, limits: limits) }
        #expect(error == RemitError(.invalidRequest, "The JSON document nests deeper than 3 levels."))
    }

    @Test func siblingContainersDoNotAddUpToTheDepthLimit() throws {
        let limits = JSONLimits(depthMax: 2)
        let siblings = "[" + Array(repeating: "[1]", count: 50).joined(separator: ",") + "]"
        #expect(throws: Never.self) { try JSONParser.parse(siblings, limits: limits) }
    }

    @Test func aDocumentOfExactlyTheByteLimitIsAcceptedAndOneByteMoreIsTooLarge() throws {
        let limits = JSONLimits(bytesMax: 10)
        #expect(try JSONParser.parse("\"12345678\"", limits: limits) == .string("12345678"))
        let error = #expect(throws: RemitError.self) { try JSONParser.parse("\"123456789\"", limits: limits) }
        #expect(error == RemitError(.payloadTooLarge, "The JSON document is 11 bytes; the limit is 10."))
    }

    @Test func anArrayAtTheElementLimitIsAcceptedAndOneMoreIsRefused() throws {
        let limits = JSONLimits(containerElementsMax: 3)
        #expect(try JSONParser.parse("[1,2,3]", limits: limits) == .array(["1", "2", "3"].map(JSONValue.number)))
        let error = #expect(throws: RemitError.self) { try JSONParser.parse("[1,2,3,4]", limits: limits) }
        #expect(error == RemitError(.invalidRequest, "A JSON array has more than 3 elements."))
    }

    @Test func anObjectAtTheMemberLimitIsAcceptedAndOneMoreIsRefused() throws {
        let limits = JSONLimits(containerElementsMax: 2)
        #expect(throws: Never.self) { try JSONParser.parse(#"{"a":1,"b":2}"#, limits: limits) }
        let error = #expect(throws: RemitError.self) { try JSONParser.parse(#"{"a":1,"b":2,"c":3}"#, limits: limits) }
        #expect(error == RemitError(.invalidRequest, "A JSON object has more than 2 members."))
    }

    @Test func aStringAtTheByteLimitIsAcceptedAndOneByteMoreIsRefused() throws {
        let limits = JSONLimits(stringBytesMax: 4)
        #expect(try JSONParser.parse("\"abcd\"", limits: limits) == .string("abcd"))
        #expect(try JSONParser.parse("\"éé\"", limits: limits) == .string("éé"))
        for text in ["\"abcde\"", "\"ééa\"", #"{"abcde": 1}"#, #""\u00e9\u00e9a""#] {
            let error = #expect(throws: RemitError.self) { try JSONParser.parse(text, limits: limits) }
            #expect(error == RemitError(.invalidRequest, "A JSON string is longer than 4 bytes."), "\(text)")
        }
    }

    @Test func aNumberOfSixtyFourCharactersIsAcceptedAndALongerOneIsRefused() throws {
        let longest = String(repeating: "9", count: 64)
        #expect(try JSONParser.parse(longest) == .number(longest))
        let error = #expect(throws: RemitError.self) { try JSONParser.parse(longest + "9") }
        #expect(error == RemitError(.invalidRequest, "A JSON number is longer than 64 characters."))
    }

    // MARK: Malformed documents

    @Test(arguments: [
        ("", "line 1, column 1: unexpected end of the document"),
        ("[1,]", "line 1, column 4: unexpected character ']'"),
        (#"{"a":1,}"#, "line 1, column 8: expected a member name in double quotes"),
        ("{1:2}", "line 1, column 2: expected a member name in double quotes"),
        (#"{"a" 1}"#, "line 1, column 6: expected ':' after a member name"),
        (#"{"a":1 "b":2}"#, "line 1, column 8: expected ',' or '}' in an object"),
        ("[1 2]", "line 1, column 4: expected ',' or ']' in an array"),
        ("[1", "line 1, column 3: expected ',' or ']' in an array"),
        ("01", "line 1, column 2: numbers may not have leading zeros"),
        ("-012", "line 1, column 3: numbers may not have leading zeros"),
        ("-", "line 1, column 2: invalid number"),
        ("1.", "line 1, column 3: expected digits after '.'"),
        (".5", "line 1, column 1: unexpected character '.'"),
        ("1e", "line 1, column 3: expected digits in the exponent"),
        ("1e+", "line 1, column 4: expected digits in the exponent"),
        ("+1", "line 1, column 1: unexpected character '+'"),
        ("NaN", "line 1, column 1: unexpected character 'N'"),
        ("'a'", "line 1, column 1: unexpected character '''"),
        ("[tru]", "line 1, column 2: invalid literal"),
        ("nul", "line 1, column 1: invalid literal"),
        (#""\ud800""#, #"line 1, column 8: unpaired UTF-16 surrogate in a \u escape"#),
        (#""\udc00x""#, #"line 1, column 8: unpaired UTF-16 surrogate in a \u escape"#),
        (#""\ud800\u0041""#, "line 1, column 14: invalid UTF-16 surrogate pair"),
        (#""\u12G4""#, #"line 1, column 6: invalid hex digit in a \u escape"#),
        (#""\u12""#, #"line 1, column 4: truncated \u escape"#),
        (#""\x""#, #"line 1, column 4: invalid escape '\x'"#),
        ("\"a\tb\"", "line 1, column 3: control character in a string; escape it"),
        ("\"a\nb\"", "line 1, column 3: control character in a string; escape it"),
        ("\"abc", "line 1, column 5: unterminated string"),
        (#"{"a": "b}"#, "line 1, column 10: unterminated string"),
        ("1 2", "line 1, column 3: unexpected data after the JSON value"),
        ("{}\n\n  }", "line 3, column 3: unexpected data after the JSON value"),
        ("[1,\n  tru]", "line 2, column 3: invalid literal"),
    ])
    func aMalformedDocumentIsAnInvalidRequestThatSaysWhereAndWhat(text: String, problem: String) {
        let error = #expect(throws: RemitError.self) { try JSONParser.parse(text) }
        #expect(error == RemitError(.invalidRequest, "Malformed JSON at \(problem)."))
    }

    @Test func bytesThatAreNotUTF8InsideAStringAreRefused() {
        let error = #expect(throws: RemitError.self) { try JSONParser.parse([0x22, 0x61, 0xFF, 0x22]) }
        #expect(error == RemitError(.invalidRequest, "Malformed JSON at line 1, column 5: a string is not valid UTF-8."))
    }
}

@Suite struct JSONWriterTests {
    @Test(arguments: [
        #"{"a":[1,true,false,null],"b":{"c":"d"},"e":[]}"#,
        #"{"amount":123456789012345678901234567890,"rate":1.50,"tiny":-1e-7}"#,
        #""quote \" backslash \\ slash \/ controls \b\f\n\r\t\u0001\u001f""#,
        #""\u00e9\u20ac\ud83d\ude00 and raw é€😀 and \u2028""#,
        #"[{"z":1,"a":2},[[[]]],"",0,-0]"#,
    ])
    func writingAParsedDocumentAndParsingItAgainGivesTheSameValue(text: String) throws {
        let value = try JSONParser.parse(text)
        let written = JSONWriter.string(value)
        #expect(try JSONParser.parse(written) == value)
    }

    @Test func theWriterIsCompactKeepsOrderAndNumberTextAndEscapesOnlyWhatItMust() throws {
        let value = JSONValue.object([
            ("z", .number("1.50")), ("a", .array([.bool(true), .null])),
            ("text", .string("say \"hi\"\\\n\r\t\u{01}\u{08}\u{0C}/é😀")),
        ])
        #expect(JSONWriter.string(value) == #"{"z":1.50,"a":[true,null],"text":"say \"hi\"\\\n\r\t\u0001\u0008\u000c/é😀"}"#)
    }
}
