import RemitCore
import RemitSandbox
import Testing

/// Modules written to hurt the host; each must end in a clear error, and the process lives on.
@Suite struct HostileModuleTests {
    @Test func infiniteLoopRunsOutOfFuel() throws {
        let text = abiModule(body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (loop $forever (br $forever))
          (i64.const 0))
        """)
        let error = try expectFailure(.outOfFuel, text, limits: SandboxLimits(fuelMax: 2_000_000))
        #expect(error?.message.contains("fuelMax") == true)
    }

    @Test func infiniteLoopInTheStartFunctionRunsOutOfFuelToo() throws {
        let text = abiModule(body: """
        (func $spin (loop $forever (br $forever)))
        (start $spin)
        \(echoDecide)
        """)
        try expectFailure(.outOfFuel, text, limits: SandboxLimits(fuelMax: 1_000_000))
    }

    @Test func memoryGrowLoopStopsAtMemoryBytesMax() throws {
        let text = abiModule(body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (loop $more (drop (memory.grow (i32.const 1))) (br $more))
          (i64.const 0))
        """)
        let error = try expectFailure(.memoryLimit, text, limits: SandboxLimits(memoryBytesMax: 16 << 20))
        #expect(error?.message.contains("16777216") == true)
    }

    @Test func hugeInitialMemoryIsRefusedBeforeInstantiation() throws {
        let text = abiModule(memoryPages: 60_000, body: echoDecide)
        let error = try expectFailure(.memoryLimit, text)
        #expect(error?.message.contains("60000 pages") == true)
    }

    @Test func tableGrowBombStopsAtTableElementsMax() throws {
        let text = abiModule(body: """
        (table $t 1 funcref)
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (loop $more (drop (table.grow $t (ref.null func) (i32.const 1000))) (br $more))
          (i64.const 0))
        """)
        let error = try expectFailure(.tableLimit, text, limits: SandboxLimits(tableElementsMax: 10_000))
        #expect(error?.message.contains("tableElementsMax") == true)
    }

    @Test func hugeInitialTableIsRefusedBeforeInstantiation() throws {
        let text = abiModule(body: "(table 5000000 funcref)\n\(echoDecide)")
        try expectFailure(.tableLimit, text)
    }

    @Test func unboundedRecursionIsAStackOverflowNotACrash() throws {
        let text = abiModule(body: """
        (func $down (param $n i64) (result i64)
          (i64.add (call $down (i64.add (local.get $n) (i64.const 1))) (i64.const 1)))
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (call $down (i64.const 0)))
        """)
        let error = try expectFailure(.stackOverflow, text, limits: SandboxLimits(fuelMax: 100_000_000))
        #expect(error?.message.contains("stackBytesMax") == true)
    }

    @Test func unreachableIsATrapWithTheReason() throws {
        let text = abiModule(body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64) unreachable)
        """)
        let error = try expectFailure(.trap, text)
        #expect(error?.message.contains("unreachable") == true)
    }

    @Test func outOfBoundsLoadIsATrap() throws {
        let text = abiModule(body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (i64.load (i32.const 70000)))
        """)
        try expectFailure(.trap, text)
    }

    @Test func moduleReturningInvalidJSONIsInvalidOutput() throws {
        let error = try expectFailure(.invalidOutput, constantOutputModule(#"{"surcharge": 12"#))
        #expect(error?.message.contains("not valid JSON") == true)
    }

    @Test func moduleReturningNothingIsInvalidOutput() throws {
        try expectFailure(.invalidOutput, abiModule(body: decideReturning(pointer: 0, length: 0)))
    }
}
