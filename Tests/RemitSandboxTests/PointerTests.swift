import RemitCore
import RemitSandbox
import Testing

/// Pointers and lengths a module hands the host are checked before any byte is touched.
@Suite struct PointerTests {
    struct Span: Sendable, CustomTestStringConvertible {
        let pointer: UInt32
        let length: UInt32
        let why: String
        var testDescription: String { why }
    }

    static let outOfRangeOutputs: [Span] = [
        Span(pointer: 0, length: 0x7FFF_FFFF, why: "a length of 2^31 - 1"),
        Span(pointer: 0, length: 0x8000_0000, why: "a length of 2^31, negative as an i32"),
        Span(pointer: 0, length: 0xFFFF_FFFF, why: "a length of 2^32 - 1"),
        Span(pointer: 0xFFFF_FFF0, length: 0x20, why: "ptr + len that wraps around 2^32"),
        Span(pointer: 0x8000_0000, length: 0x8000_0000, why: "ptr + len of exactly 2^32"),
        Span(pointer: 65_536, length: 1, why: "a pointer just past the memory"),
        Span(pointer: 65_530, length: 7, why: "a span ending one byte past the memory"),
    ]

    @Test(arguments: outOfRangeOutputs)
    func outputSpanOutsideMemoryIsABadPointer(_ span: Span) throws {
        let text = abiModule(body: decideReturning(pointer: span.pointer, length: span.length))
        let error = try expectFailure(.badPointer, text, limits: SandboxLimits(outputBytesMax: 64 << 10))
        #expect(error?.message.contains("beyond its 65536-byte memory") == true)
    }

    @Test func outputSpanEndingExactlyAtTheMemoryEndIsRead() throws {
        let text = abiModule(body: """
        (data (i32.const 65534) "{}")
        \(decideReturning(pointer: 65_534, length: 2))
        """)
        let result = try Sandbox().invoke(try compile(text), input: .object([]))
        #expect(result.output == .object([]))
    }

    @Test(arguments: [UInt32(0xFFFF_FFFF), 0x8000_0000, 65_535])
    func allocReturningAPointerOutsideMemoryIsABadPointer(_ pointer: UInt32) throws {
        let text = """
        (module
          (memory (export "memory") 1)
          (func (export "alloc") (param $len i32) (result i32) (i32.const \(Int32(bitPattern: pointer))))
          \(echoDecide))
        """
        let error = try expectFailure(.badPointer, text, input: #"{"amount": 1}"#)
        #expect(error?.message.contains("alloc") == true)
    }

    @Test func logWithAPointerOutsideMemoryIsABadPointer() throws {
        let text = abiModule(imports: #"(import "remit" "log" (func $log (param i32 i32)))"#, body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (call $log (i32.const -16) (i32.const 32))
          (i64.const 0))
        """)
        let error = try expectFailure(.badPointer, text, capabilities: [.log])
        #expect(error?.message.contains("remit.log") == true)
    }
}
