import Testing

@testable import RemitCore

/// Reads `text` as a request body with `body`, finishes the reader and returns what it read
/// with every problem found.
private func read<T>(_ text: String, _ body: (inout JSONObjectReader) -> T?) throws -> (value: T?, errors: [FieldError]) {
    var errors: [FieldError] = []
    guard var reader = JSONObjectReader(try json(text), path: "", errors: &errors) else { return (nil, errors) }
    let value = body(&reader)
    reader.finish()
    return (value, errors + reader.errors)
}

@Suite struct JSONObjectReaderTests {
    @Test func aBodyThatIsNotAnObjectIsReportedAsTheBodysType() throws {
        let result = try read("[1, 2]") { _ in true }
        #expect(result.errors == [FieldError(field: "body", rule: "type", message: "must be an object, not array")])
    }

    @Test func unknownMembersAreReportedWithTheirFullNestedPaths() throws {
        let result = try read("""
        {"name": "Acme", "colour": "red",
         "terms": {"net_days": 30, "late_fee": 5},
         "lines": [{"sku": "a"}, {"sku": "b"}, {"sku": "c", "foo": true}]}
        """) { reader -> Bool? in
            _ = reader.string("name")
            _ = reader.object("terms") { terms in terms.integer("net_days") }
            _ = reader.objects("lines", maxCount: 10) { line in line.string("sku") }
            return true
        }
        #expect(result.errors == [
            FieldError(field: "terms.late_fee", rule: "unknown_field", message: "is not a known field"),
            FieldError(field: "lines[2].foo", rule: "unknown_field", message: "is not a known field"),
            FieldError(field: "colour", rule: "unknown_field", message: "is not a known field"),
        ])
    }

    @Test func everyReadMemberIsKnownEvenWhenItIsNull() throws {
        let result = try read(#"{"name": null, "memo": "x"}"#) { reader in
            (reader.string("name"), reader.string("memo"))
        }
        #expect(result.errors.isEmpty)
        #expect(result.value?.0 == nil)
        #expect(result.value?.1 == "x")
    }

    @Test(arguments: [
        (#"{"v": 5}"#, "string", "must be a string, not number"),
        (#"{"v": "5"}"#, "integer", "must be an integer, not string"),
        (#"{"v": "true"}"#, "bool", "must be a boolean, not string"),
        (#"{"v": {}}"#, "array", "must be an array, not object"),
        (#"{"v": []}"#, "object", "must be an object, not array"),
        (#"{"v": 20261129}"#, "date", "must be a string, not number"),
        (#"{"v": false}"#, "choice", "must be a string, not boolean"),
    ])
    func aMemberOfTheWrongTypeIsReportedWithTheTypeItMustHave(text: String, accessor: String, message: String) throws {
        let result = try read(text) { reader -> Bool? in
            switch accessor {
            case "string": _ = reader.string("v")
            case "integer": _ = reader.integer("v")
            case "bool": _ = reader.bool("v")
            case "array": _ = reader.strings("v", maxCount: 5)
            case "object": _ = reader.object("v") { _ in true }
            case "date": _ = reader.date("v")
            default: _ = reader.choice("v", allowed: ["a"])
            }
            return true
        }
        #expect(result.errors == [FieldError(field: "v", rule: "type", message: message)])
    }

    @Test(arguments: ["{}", #"{"name": null}"#])
    func aMissingOrNullRequiredMemberIsReportedAsRequired(text: String) throws {
        let result = try read(text) { $0.string("name", required: true) }
        #expect(result.value == nil)
        #expect(result.errors == [FieldError(field: "name", rule: "required", message: "is required")])
    }

    @Test func anEmptyRequiredStringIsReportedAsRequired() throws {
        let result = try read(#"{"name": ""}"#) { $0.string("name", required: true) }
        #expect(result.errors == [FieldError(field: "name", rule: "required", message: "must not be empty")])
    }

    @Test func anEmptyOptionalStringIsAccepted() throws {
        let result = try read(#"{"memo": ""}"#) { $0.string("memo") }
        #expect(result.value == "")
        #expect(result.errors.isEmpty)
    }

    @Test func aStringIsMeasuredInCharactersAndRefusedOneCharacterPastItsMaximum() throws {
        let fits = try read(#"{"code": "ééééé"}"#) { $0.string("code", maxLength: 5) }
        #expect(fits.value == "ééééé")
        #expect(fits.errors.isEmpty)
        let tooLong = try read(#"{"code": "abcdef"}"#) { $0.string("code", maxLength: 5) }
        #expect(tooLong.errors == [FieldError(field: "code", rule: "max_length", message: "must be at most 5 characters")])
    }

    @Test(arguments: [(Int64(0), true), (30, true), (-1, false), (31, false)])
    func anIntegerIsAcceptedOnlyInsideItsRange(number: Int64, accepted: Bool) throws {
        let result = try read("{\"days\": \(number)}") { $0.integer("days", in: 0...30) }
        #expect(result.value == (accepted ? number : nil))
        #expect(result.errors == (accepted ? [] : [FieldError(field: "days", rule: "range", message: "must be between 0 and 30")]))
    }

    @Test(arguments: ["1.5", "1e3", "9223372036854775808", "-9223372036854775809"])
    func aNumberThatIsNotA64BitIntegerIsATypeError(text: String) throws {
        let result = try read("{\"n\": \(text)}") { $0.integer("n") }
        #expect(result.errors == [FieldError(field: "n", rule: "type", message: "must be an integer that fits in 64 bits, not \(text)")])
    }

    @Test func theLargestAndSmallest64BitIntegersAreRead() throws {
        let result = try read(#"{"max": 9223372036854775807, "min": -9223372036854775808}"#) { reader in
            [reader.integer("max"), reader.integer("min")]
        }
        #expect(result.value == [Int64.max, Int64.min])
    }

    @Test(arguments: ["2026-02-30", "2026-2-03", "29/11/2026", "2026-11-29T00:00"])
    func aDateNotInTheFormYYYYMMDDIsAFormatOrLengthError(text: String) throws {
        let result = try read("{\"due\": \"\(text)\"}") { $0.date("due") }
        let expected = text.count > 10
            ? FieldError(field: "due", rule: "max_length", message: "must be at most 10 characters")
            : FieldError(field: "due", rule: "format", message: "must be a date in the form YYYY-MM-DD")
        #expect(result.errors == [expected])
    }

    @Test func aChoiceOutsideTheAllowedValuesListsThem() throws {
        let result = try read(#"{"period": "weekly"}"#) { $0.choice("period", allowed: ["monthly", "annual"]) }
        #expect(result.errors == [FieldError(field: "period", rule: "enum", message: "must be one of monthly, annual")])
    }

    @Test func anArrayAtItsMaximumIsReadAndOneItemMoreIsRefused() throws {
        let fits = try read(#"{"tags": ["a", "b"]}"#) { $0.strings("tags", maxCount: 2) }
        #expect(fits.value == ["a", "b"])
        let tooMany = try read(#"{"tags": ["a", "b", "c"]}"#) { $0.strings("tags", maxCount: 2) }
        #expect(tooMany.errors == [FieldError(field: "tags", rule: "max_items", message: "must have at most 2 items, not 3")])
    }

    @Test func eachBadArrayElementIsReportedAtItsIndex() throws {
        let result = try read(#"{"tags": ["ok", 7, "far too long"]}"#) { $0.strings("tags", maxCount: 5, maxLength: 5) }
        #expect(result.value == nil)
        #expect(result.errors == [
            FieldError(field: "tags[1]", rule: "type", message: "must be a string, not number"),
            FieldError(field: "tags[2]", rule: "max_length", message: "must be at most 5 characters"),
        ])
    }

    @Test func anArrayElementThatIsNotAnObjectIsReportedAtItsIndex() throws {
        let result = try read(#"{"lines": [{"sku": "a"}, "b"]}"#) { reader in
            reader.objects("lines", maxCount: 5) { $0.string("sku") }
        }
        #expect(result.errors == [FieldError(field: "lines[1]", rule: "type", message: "must be an object, not string")])
    }

    @Test func everyProblemInTheRequestIsReportedAtOnce() throws {
        let result = try read("""
        {"name": "", "days": 400, "kind": "x", "terms": {"limit": "big"},
         "lines": [{"qty": 0}, {"qty": 1, "extra": 1}], "surprise": true}
        """) { reader -> Bool? in
            _ = reader.string("name", required: true)
            _ = reader.integer("days", in: 0...365)
            _ = reader.choice("kind", allowed: ["a", "b"])
            _ = reader.string("currency", required: true)
            _ = reader.object("terms") { $0.integer("limit") }
            _ = reader.objects("lines", maxCount: 10) { $0.integer("qty", in: 1...10) }
            return nil
        }
        #expect(faults(result.errors) == [
            "name required", "days range", "kind enum", "currency required", "terms.limit type",
            "lines[0].qty range", "lines[1].extra unknown_field", "surprise unknown_field",
        ])
    }
}
