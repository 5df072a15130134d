import RemitCore
import RemitSandbox
import Testing

@Suite struct DecisionTests {
    @Test func surchargeModuleComputesTwoAndAHalfPercentOfTheAmount() throws {
        let module = try compile(surchargeModule)
        let result = try Sandbox().invoke(module, input: try json(#"{"amount": 12000, "currency": "USD"}"#))
        #expect(result.output == (try json(#"{"surcharge": 300}"#)))
        #expect(result.fuelUsed > 0)
        #expect(result.fuelUsed < SandboxLimits.default.fuelMax)
        #expect(result.logs.isEmpty)
    }

    @Test func fuelUsedGrowsWithTheWorkTheModuleDoes() throws {
        let module = try compile(surchargeModule)
        let small = try Sandbox().invoke(module, input: try json(#"{"amount": 1}"#))
        let large = try Sandbox().invoke(module, input: try json(#"{"amount": 123456789012}"#))
        #expect(small.output == (try json(#"{"surcharge": 0}"#)))
        #expect(large.output == (try json(#"{"surcharge": 3086419725}"#)))
        #expect(large.fuelUsed > small.fuelUsed)
    }

    @Test func grantedLogCapabilityCapturesTheModulesLines() throws {
        let text = abiModule(imports: #"(import "remit" "log" (func $log (param i32 i32)))"#, body: """
        (data (i32.const 16) "deciding")
        (data (i32.const 32) "{}")
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (call $log (i32.const 16) (i32.const 8))
          (call $log (local.get $ptr) (local.get $len))
          (i64.const \((UInt64(32) << 32) | 2)))
        """)
        let result = try Sandbox().invoke(try compile(text), input: try json(#"{"a":1}"#), capabilities: [.log])
        #expect(result.logs == ["deciding", #"{"a":1}"#])
        #expect(result.output == .object([]))
    }

    @Test func logKeepsAtMostLogLinesMaxLinesCutToLogLineBytesMax() throws {
        let text = abiModule(imports: #"(import "remit" "log" (func $log (param i32 i32)))"#, body: """
        (data (i32.const 16) "0123456789")
        (data (i32.const 32) "{}")
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (local $i i32)
          (loop $again
            (call $log (i32.const 16) (i32.const 10))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $again (i32.lt_u (local.get $i) (i32.const 5))))
          (i64.const \((UInt64(32) << 32) | 2)))
        """)
        let limits = SandboxLimits(logLinesMax: 3, logLineBytesMax: 4)
        let result = try Sandbox().invoke(try compile(text), input: .object([]), limits: limits, capabilities: [.log])
        #expect(result.logs == ["0123", "0123", "0123"])
        #expect(result.logLinesDropped == 2)
    }

    @Test func grantedNowCapabilityReadsTheInjectedClock() throws {
        let text = abiModule(imports: #"(import "remit" "now" (func $now (result i64)))"#, body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (local $n i64) (local $p i32)
          (local.set $n (call $now))
          \(Self.writeDecimalOfN))
        """)
        let sandbox = Sandbox(nowMilliseconds: { 1_700_000_000_123 })
        let result = try sandbox.invoke(try compile(text), input: .object([]), capabilities: [.now])
        #expect(result.output == .number("1700000000123"))
    }

    /// Writes local `$n` as decimal digits ending at 160 and returns them as the output.
    static let writeDecimalOfN = """
          (local.set $p (i32.const 160))
          (loop $d
            (local.set $p (i32.sub (local.get $p) (i32.const 1)))
            (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $n) (i64.const 10)))))
            (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
            (br_if $d (i64.ne (local.get $n) (i64.const 0))))
          (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32))
                  (i64.extend_i32_u (i32.sub (i32.const 160) (local.get $p))))
    """
}
