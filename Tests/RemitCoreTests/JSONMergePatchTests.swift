import Testing

@testable import RemitCore

@Suite struct JSONMergePatchTests {
    /// Every example of RFC 7396 appendix A: (original, patch, result).
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, "null", "null"),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func theRFC7396ExamplesGiveTheirResults(original: String, patch: String, result: String) throws {
        #expect(JSONMergePatch.apply(try json(patch), to: try json(original)) == (try json(result)))
    }

    @Test func patchingABuyersTermsChangesOnlyWhatThePatchNames() throws {
        let buyer = try json(#"{"name":"Acme","credit_terms":{"net_days":30,"credit_limit":500000},"departments":[{"code":"ENG"}]}"#)
        let patched = JSONMergePatch.apply(try json(#"{"credit_terms":{"net_days":45}}"#), to: buyer)
        #expect(patched == (try json(#"{"name":"Acme","credit_terms":{"net_days":45,"credit_limit":500000},"departments":[{"code":"ENG"}]}"#)))
    }
}
