import RemitCore
import RemitSandbox
import Testing

/// Each limit, exactly at its value and one over.
@Suite struct LimitEdgeTests {
    /// `{"s":"xxxx"}` serialises to 8 + count bytes.
    private func input(bytes: Int) -> JSONValue {
        .object([("s", .string(String(repeating: "x", count: bytes - 8)))])
    }

    @Test func inputExactlyAtInputBytesMaxReachesTheModule() throws {
        let module = try compile(abiModule(body: echoDecide))
        let result = try Sandbox().invoke(module, input: input(bytes: 100), limits: SandboxLimits(inputBytesMax: 100))
        #expect(result.output == input(bytes: 100))
    }

    @Test func inputOneByteOverInputBytesMaxIsRefused() throws {
        let module = try compile(abiModule(body: echoDecide))
        let error = #expect(throws: SandboxError.self) {
            try Sandbox().invoke(module, input: input(bytes: 101), limits: SandboxLimits(inputBytesMax: 100))
        }
        #expect(error?.code == .inputTooLarge)
        #expect(error?.message == "The input is 101 bytes of JSON; the limit is 100 (inputBytesMax).")
    }

    @Test func outputExactlyAtOutputBytesMaxIsAccepted() throws {
        let module = try compile(abiModule(body: echoDecide))
        let result = try Sandbox().invoke(module, input: input(bytes: 50), limits: SandboxLimits(outputBytesMax: 50))
        #expect(result.output == input(bytes: 50))
    }

    @Test func outputOneByteOverOutputBytesMaxIsRefused() throws {
        let module = try compile(abiModule(body: echoDecide))
        let error = #expect(throws: SandboxError.self) {
            try Sandbox().invoke(module, input: input(bytes: 51), limits: SandboxLimits(outputBytesMax: 50))
        }
        #expect(error?.code == .outputTooLarge)
        #expect(error?.message == "The output is 51 bytes; the limit is 50 (outputBytesMax).")
    }

    @Test func initialMemoryExactlyAtMemoryBytesMaxIsAllowed() throws {
        let module = try compile(abiModule(memoryPages: 4, body: echoDecide))
        let result = try Sandbox().invoke(module, input: .object([]), limits: SandboxLimits(memoryBytesMax: 4 * 65_536))
        #expect(result.output == .object([]))
    }

    @Test func initialMemoryOnePageOverMemoryBytesMaxIsRefused() throws {
        try expectFailure(.memoryLimit, abiModule(memoryPages: 5, body: echoDecide), limits: SandboxLimits(memoryBytesMax: 4 * 65_536))
    }

    /// `decide` grows memory by `pages` and answers with the new page count.
    private func growing(by pages: Int) -> String {
        abiModule(body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (drop (memory.grow (i32.const \(pages))))
          (i32.store8 (i32.const 16) (i32.add (i32.const 48) (memory.size)))
          (i64.const \((UInt64(16) << 32) | 1)))
        """)
    }

    @Test func growingMemoryExactlyToMemoryBytesMaxSucceeds() throws {
        let module = try compile(growing(by: 3))
        let result = try Sandbox().invoke(module, input: .object([]), limits: SandboxLimits(memoryBytesMax: 4 * 65_536))
        #expect(result.output == .number("4"))
    }

    @Test func growingMemoryOnePagePastMemoryBytesMaxIsAMemoryLimitError() throws {
        try expectFailure(.memoryLimit, growing(by: 4), limits: SandboxLimits(memoryBytesMax: 4 * 65_536))
    }

    @Test func fuelExactlyEnoughSucceedsAndOneLessRunsOut() throws {
        let module = try compile(surchargeModule)
        let amount = try json(#"{"amount": 12000}"#)
        let used = try Sandbox().invoke(module, input: amount).fuelUsed
        let exact = try Sandbox().invoke(module, input: amount, limits: SandboxLimits(fuelMax: used))
        #expect(exact.fuelUsed == used)
        let error = #expect(throws: SandboxError.self) {
            try Sandbox().invoke(module, input: amount, limits: SandboxLimits(fuelMax: used - 1))
        }
        #expect(error?.code == .outOfFuel)
    }
}
