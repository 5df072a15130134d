import Foundation
import RemitCore
import RemitSandbox
import Testing

@Suite struct CompileTests {
    @Test func bytesThatAreNotWebAssemblyAreAnInvalidModule() {
        let error = #expect(throws: SandboxError.self) { try SandboxModule(bytes: [0, 1, 2, 3]) }
        #expect(error?.code == .invalidModule)
    }

    @Test func textThatDoesNotParseIsAnInvalidModule() {
        let error = #expect(throws: SandboxError.self) { try SandboxModule(text: "(module (func (export") }
        #expect(error?.code == .invalidModule)
    }

    @Test(arguments: ["memory", "alloc", "decide"])
    func moduleWithoutAnABIExportIsRefusedAtCompileTime(_ name: String) {
        let text = abiModule(body: echoDecide)
            .replacingOccurrences(of: "(export \"\(name)\")", with: "")
        let error = #expect(throws: SandboxError.self) { try SandboxModule(text: text) }
        #expect(error?.code == .missingExport)
        #expect(error?.message.contains("'\(name)'") == true)
    }

    @Test func decideWithTheWrongSignatureIsRefusedAtCompileTime() {
        let text = abiModule(body: #"(func (export "decide") (param i32) (result i32) (i32.const 0))"#)
        let error = #expect(throws: SandboxError.self) { try SandboxModule(text: text) }
        #expect(error?.code == .missingExport)
        #expect(error?.message.contains("decide(ptr: i32, len: i32) -> i64") == true)
    }

    @Test func compiledModuleListsItsImportsAndExportsAndHashesItsBytes() throws {
        let module = try compile(abiModule(imports: #"(import "remit" "log" (func (param i32 i32)))"#, body: echoDecide))
        #expect(module.imports == ["remit.log"])
        #expect(Set(module.exports) == ["memory", "alloc", "decide"])
        #expect(module.hash.count == 64)
        #expect(module.hash.allSatisfy { $0.isHexDigit })
    }

    @Test func cacheReturnsTheSameCompiledModuleForTheSameBytes() throws {
        let cache = SandboxModuleCache(compiledModulesMax: 2)
        let bytes = try wasmBytes(surchargeModule)
        let first = try cache.module(bytes: bytes)
        let second = try cache.module(bytes: bytes)
        #expect(first.hash == second.hash)
        #expect(cache.count == 1)
    }

    @Test func cacheDropsTheLeastRecentlyUsedModuleAtCompiledModulesMax() throws {
        let cache = SandboxModuleCache(compiledModulesMax: 2)
        let a = try wasmBytes(constantOutputModule("1"))
        let b = try wasmBytes(constantOutputModule("2"))
        let c = try wasmBytes(constantOutputModule("3"))
        let hashA = try cache.module(bytes: a).hash
        let hashB = try cache.module(bytes: b).hash
        _ = try cache.module(bytes: a)
        let hashC = try cache.module(bytes: c).hash
        #expect(cache.count == 2)
        #expect(cache.contains(hash: hashA))
        #expect(!cache.contains(hash: hashB))
        #expect(cache.contains(hash: hashC))
    }
}

@Suite struct BodyValidationTests {
    /// WasmKit validates a function body when it first translates it, at the first call in an
    /// instance; a malformed `decide` therefore compiles and fails at `invoke`.
    @Test func decideBodyOfTheWrongTypeFailsAtInvokeAsAnInvalidModule() throws {
        let text = abiModule(body: #"(func (export "decide") (param i32 i32) (result i64) (i32.const 1))"#)
        let error = try expectFailure(.invalidModule, text)
        #expect(error?.message.contains("WasmKit refused the module") == true)
    }
}
