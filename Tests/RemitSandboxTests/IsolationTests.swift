import Foundation
import RemitCore
import RemitSandbox
import Testing

/// One tenant's hostile module cannot disturb another tenant's invocation or the process.
@Suite struct IsolationTests {
    @Test func wellBehavedModuleGetsItsResultWhileAnotherTenantsModuleMisbehaves() async throws {
        let sandbox = Sandbox()
        let good = try compile(surchargeModule)
        let loop = try compile(abiModule(body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (loop $forever (br $forever)) (i64.const 0))
        """))
        let bomb = try compile(abiModule(body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (loop $more (drop (memory.grow (i32.const 1))) (br $more)) (i64.const 0))
        """))
        let outcomes = await withTaskGroup(of: (String, Result<SandboxResult, SandboxError>).self) { group in
            for round in 0..<4 {
                group.addTask { ("good", Result { () throws(SandboxError) in try sandbox.invoke(good, input: .object([("amount", .int(10_000 * (round + 1)))])) }) }
            }
            group.addTask { ("loop", Result { () throws(SandboxError) in try sandbox.invoke(loop, input: .object([]), limits: SandboxLimits(fuelMax: 3_000_000)) }) }
            group.addTask { ("bomb", Result { () throws(SandboxError) in try sandbox.invoke(bomb, input: .object([])) }) }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let surcharges = outcomes.filter { $0.0 == "good" }.compactMap { try? $0.1.get().output["surcharge"]?.int64Value }
        #expect(surcharges.sorted() == [250, 500, 750, 1000])
        #expect(outcomes.first { $0.0 == "loop" }.map { failureCode($0.1) } == .outOfFuel)
        #expect(outcomes.first { $0.0 == "bomb" }.map { failureCode($0.1) } == .memoryLimit)
    }

    @Test func memoryBombsDoNotGrowTheProcessBeyondTheirLimit() throws {
        let bomb = try compile(abiModule(body: """
        (func (export "decide") (param $ptr i32) (param $len i32) (result i64)
          (loop $more (drop (memory.grow (i32.const 1))) (br $more)) (i64.const 0))
        """))
        let before = try residentBytes()
        for _ in 0..<10 {
            #expect(throws: SandboxError.self) {
                try Sandbox().invoke(bomb, input: .object([]), limits: SandboxLimits(memoryBytesMax: 16 << 20))
            }
        }
        let after = try residentBytes()
        #expect(after - before < 64 << 20, "RSS grew by \(after - before) bytes")
    }

    private func failureCode(_ result: Result<SandboxResult, SandboxError>) -> SandboxError.Code? {
        if case .failure(let error) = result { return error.code }
        return nil
    }

    /// The process's resident set, from `VmRSS` in /proc/self/status.
    private func residentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        let kilobytes = try #require(Int(line.split(separator: " ").dropFirst().first ?? ""))
        return kilobytes * 1024
    }
}
