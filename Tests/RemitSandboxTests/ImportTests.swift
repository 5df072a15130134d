import RemitCore
import RemitSandbox
import Testing

/// A module gets only the host functions it was granted; anything else fails before it runs.
@Suite struct ImportTests {
    @Test func wasiImportIsNotGrantedAndTheErrorNamesIt() throws {
        let text = abiModule(
            imports: #"(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))"#,
            body: echoDecide
        )
        let error = try expectFailure(.importNotGranted, text, capabilities: [.log, .now])
        #expect(error?.message.contains("wasi_snapshot_preview1.fd_write") == true)
    }

    @Test func nowImportWithoutTheNowCapabilityIsNotGranted() throws {
        let text = abiModule(imports: #"(import "remit" "now" (func $now (result i64)))"#, body: echoDecide)
        let error = try expectFailure(.importNotGranted, text, capabilities: [.log])
        #expect(error?.message.contains("remit.now") == true)
        #expect(error?.message.contains("granted: remit.log") == true)
    }

    @Test func importedMemoryIsNotGranted() throws {
        let text = """
        (module
          (import "env" "memory" (memory 1))
          (export "memory" (memory 0))
          (func (export "alloc") (param i32) (result i32) (i32.const 0))
          \(echoDecide))
        """
        let error = try expectFailure(.importNotGranted, text)
        #expect(error?.message.contains("env.memory") == true)
    }

    @Test func unknownRemitFunctionIsNotGranted() throws {
        let text = abiModule(imports: #"(import "remit" "http_get" (func (param i32 i32) (result i32)))"#, body: echoDecide)
        let error = try expectFailure(.importNotGranted, text, capabilities: Set(SandboxCapability.allCases))
        #expect(error?.message.contains("remit.http_get") == true)
    }

    @Test func hostClockThatThrowsIsAHostFunctionFailure() throws {
        struct ClockDown: Error {}
        let text = abiModule(imports: #"(import "remit" "now" (func $now (result i64)))"#, body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64) (call $now))
        """)
        let sandbox = Sandbox(nowMilliseconds: { throw ClockDown() })
        let error = try expectFailure(.hostFunctionFailed, text, capabilities: [.now], sandbox: sandbox)
        #expect(error?.message.contains("remit.now") == true)
    }

    @Test func logCallsPastTheDeadlineStopTheModule() throws {
        let text = abiModule(imports: #"(import "remit" "log" (func $log (param i32 i32)))"#, body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (loop $forever (call $log (i32.const 0) (i32.const 1)) (br $forever))
          (i64.const 0))
        """)
        let limits = SandboxLimits(fuelMax: Int(Int64.max), wallTimeMillisecondsMax: 50)
        let error = try expectFailure(.deadlineExceeded, text, limits: limits, capabilities: [.log])
        #expect(error?.message.contains("in remit.log") == true)
    }
}
