import Foundation
import HTTPTypes
import RemitCore
import RemitServer
import RemitTestSupport
import Testing

/// The two example modules in `docs/examples/modules` work as `docs/sandbox.md` says: the
/// WebAssembly text uploaded as is, the C source compiled by the toolchain's clang and
/// uploaded as a binary, both then dry-run.
@Suite struct ModuleExamplesTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/examples/modules").standardized

    @Test func theWebAssemblyTextExampleSurchargesLargeAmountsAndLogsWhy() async throws {
        let text = try String(contentsOf: Self.examples.appendingPathComponent("surcharge.wat"), encoding: .utf8)
        try await APIHarness.run { api in
            let upload = try await api.post("/v1/modules", ModuleTexts.upload(name: "surcharge", text, extra: [("capabilities", .strings(["log"]))]))
            #expect(upload.status == 201, "\(upload.text)")
            let id = try #require(upload.json["id"]?.stringValue)
            let large = try await api.request(.post, "/v1/modules/\(id)/invoke", json: #"{"input": {"amount": 2000000, "currency": "USD"}}"#)
            #expect(large.json["output"] == json(#"{"actions": [{"type": "surcharge", "bps": 150}]}"#), "\(large.status) \(large.text)")
            #expect(large.json["logs"] == .strings(["large amount: surcharge"]))
            let small = try await api.request(.post, "/v1/modules/\(id)/invoke", json: #"{"input": {"amount": 999999}}"#)
            #expect(small.json["output"] == json(#"{"actions": []}"#), "\(small.text)")
        }
    }

    @Test func theCExampleCompilesWithTheToolchainsClangAndRuns() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("surcharge-\(UUID().uuidString).wasm")
        defer { try? FileManager.default.removeItem(at: output) }
        let clang = Process()
        clang.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        clang.arguments = ["clang", "--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--export=alloc", "-Wl,--export=decide",
                           "-Wl,--export-memory", "-o", output.path, Self.examples.appendingPathComponent("surcharge.c").path]
        try clang.run()
        clang.waitUntilExit()
        #expect(clang.terminationStatus == 0, "clang (from the Swift toolchain) must compile docs/examples/modules/surcharge.c")
        let wasm = try [UInt8](Data(contentsOf: output))
        try await APIHarness.run { api in
            var headers = HTTPFields()
            headers[.contentType] = "application/wasm"
            headers[HTTPField.Name("Idempotency-Key")!] = "c-example"
            headers[.authorization] = "Bearer \(api.key)"
            let upload = try await api.raw(.post, "/v1/modules?name=surcharge-c", headers: headers, body: wasm)
            #expect(upload.status == 201, "\(upload.text)")
            #expect(upload.json["imports"] == .strings([]))
            let id = try #require(upload.json["id"]?.stringValue)
            for (amount, expected) in [(20_000_000, #"{"actions": [{"type": "surcharge", "bps": 250}]}"#),
                                       (1_000_000, #"{"actions": [{"type": "surcharge", "bps": 150}]}"#), (999_999, #"{"actions": []}"#)] {
                let answer = try await api.request(.post, "/v1/modules/\(id)/invoke", json: #"{"input": {"amount": \#(amount)}}"#)
                #expect(answer.json["output"] == json(expected), "\(amount): \(answer.text)")
            }
        }
    }

    private func json(_ text: String) -> JSONValue { (try? JSONParser.parse(text)) ?? .null }
}
