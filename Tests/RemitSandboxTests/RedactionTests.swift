import RemitCore
import RemitSandbox
import Testing

@Suite struct RedactionTests {
    @Test func cardObjectKeepsOnlyTokenBrandAndLastFour() throws {
        let input = try json("""
        {"card": {"number": "4111111111111111", "cvc": "123", "expiry": "12/29", "token": "tok_1", "brand": "visa", "last4": "1111"}}
        """)
        #expect(SandboxInputRedactor.redact(input) == (try json(#"{"card": {"token": "tok_1", "brand": "visa", "last4": "1111"}}"#)))
    }

    @Test func cardDataKeysAreRemovedAtAnyDepth() throws {
        let input = try json("""
        {"payment": {"pan": "x", "card_number": "x", "CVV": "x", "security-code": "x", "amount": 5, "lines": [{"cvc2": 1, "sku": "A"}]}}
        """)
        #expect(SandboxInputRedactor.redact(input) == (try json(#"{"payment": {"amount": 5, "lines": [{"sku": "A"}]}}"#)))
    }

    @Test(arguments: ["4111 1111 1111 1111", "4111-1111-1111-1111", "card 5555555555554444 on file", "378282246310005"])
    func stringThatHoldsACardNumberIsReplacedByTheMarker(_ text: String) {
        let redacted = SandboxInputRedactor.redact(.object([("note", .string(text))]))
        #expect(redacted == .object([("note", .string(SandboxInputRedactor.redactionMarker))]))
    }

    @Test(arguments: ["PO-2024-000123", "4111 1111 1111 1112", "123456789012", "2024-06-30"])
    func stringsThatAreNotCardNumbersAreKept(_ text: String) {
        let value = JSONValue.array([.string(text)])
        #expect(SandboxInputRedactor.redact(value) == value)
    }

    @Test func cardNumberInTheInputNeverReachesTheModule() throws {
        let module = try compile(abiModule(body: echoDecide))
        let input = try json("""
        {"memo": "pay with 4242 4242 4242 4242", "card": {"number": "4242424242424242", "last4": "4242"},
         "custom_fields": {"pan": "4242424242424242", "po": "PO-7"}, "4242424242424242": true}
        """)
        let result = try Sandbox().invoke(module, input: input)
        let echoed = JSONWriter.string(result.output)
        #expect(!echoed.contains("4242424242424242"))
        #expect(!echoed.contains("4242 4242 4242 4242"))
        #expect(result.output == (try json("""
        {"memo": "\(SandboxInputRedactor.redactionMarker)", "card": {"last4": "4242"}, "custom_fields": {"po": "PO-7"}}
        """)))
    }
}
