import Foundation
import HTTPTypes
import RemitCore
import RemitSandbox
import RemitServer
import RemitTestSupport
import Testing

/// `/v1/modules`: tenant WebAssembly modules are validated and compiled at upload, versioned
/// by their binary, private to their tenant, and dry-run with their output, fuel and time.
@Suite struct ModuleAPITests {
    @Test(arguments: [TestBackend.sqlite, .postgres])
    func uploadsAreVersionedByTheirBinaryAndListed(_ backend: TestBackend) async throws {
        try await APIHarness.run(backend) { api in
            let first = try await api.post("/v1/modules", ModuleTexts.upload(name: "risk", ModuleTexts.constant(#"{"risk": 1}"#)))
            #expect(first.status == 201, "\(first.text)")
            let id = try #require(first.json["id"]?.stringValue)
            #expect(id.hasPrefix("mod_"))
            #expect(first.json["version"] == .int(1))
            #expect(first.json["source_format"] == .string("wat"))
            #expect(first.json["hash"]?.stringValue?.count == 64)
            #expect(first.json["limits"]?["fuel_max"] == .int(11_000_000))
            #expect(first.header("Location") == "/v1/modules/\(id)")

            let same = try await api.post("/v1/modules", ModuleTexts.upload(name: "risk", ModuleTexts.constant(#"{"risk": 1}"#)))
            #expect(same.status == 200 && same.json["version"] == .int(1), "the same binary is not a new version")
            let second = try await api.post("/v1/modules", ModuleTexts.upload(name: "risk", ModuleTexts.constant(#"{"risk": 2}"#)))
            #expect(second.status == 201 && second.json["id"] == .string(id) && second.json["version"] == .int(2))
            let lowered = try await api.post("/v1/modules", ModuleTexts.upload(name: "risk", ModuleTexts.constant(#"{"risk": 2}"#),
                                                                              extra: [("limits", .object([("fuel_max", .int(5_000))]))]))
            #expect(lowered.status == 201 && lowered.json["version"] == .int(3) && lowered.json["limits"]?["fuel_max"] == .int(5_000))

            let shown = try await api.get("/v1/modules/\(id)").json
            #expect(shown["version"] == .int(3))
            guard case let .array(versions)? = shown["versions"] else { Issue.record("no versions in \(shown)"); return }
            #expect(versions.map { $0["version"] } == [.int(1), .int(2), .int(3)])
            #expect(try await api.get("/v1/modules").json["data"]?.firstItem?["id"] == .string(id))

            let old = try await api.request(.post, "/v1/modules/\(id)/invoke", json: #"{"input": {}, "version": 1}"#)
            #expect(old.status == 200 && old.json["output"] == .object([("risk", .int(1))]) && old.json["version"] == .int(1))
            let latest = try await api.request(.post, "/v1/modules/\(id)/invoke", json: #"{"input": {}}"#)
            #expect(latest.json["output"] == .object([("risk", .int(2))]))
            #expect((latest.json["fuel_used"]?.int64Value ?? 0) > 0)
        }
    }

    @Test func aBinaryUploadCarriesItsSettingsInTheQuery() async throws {
        try await APIHarness.run { api in
            let wasm = try SandboxModule.binary(fromText: ModuleTexts.usesClock)
            var headers = HTTPFields()
            headers[.contentType] = "application/wasm"
            headers[HTTPField.Name("Idempotency-Key")!] = "bin-1"
            headers[.authorization] = "Bearer \(api.key)"
            let refused = try await api.raw(.post, "/v1/modules?name=clocked", headers: headers, body: wasm)
            #expect(refused.status == 422 && refused.fieldErrors == ["capabilities"], "\(refused.text)")
            #expect(refused.text.contains("the module imports remit.now, which is not granted; add \\\"now\\\" to capabilities"))
            headers[HTTPField.Name("Idempotency-Key")!] = "bin-2"
            let created = try await api.raw(.post, "/v1/modules?name=clocked&capabilities=now&fuel_max=100000", headers: headers, body: wasm)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["source_format"] == .string("wasm"))
            #expect(created.json["capabilities"] == .strings(["now"]))
            #expect(created.json["imports"] == .strings(["remit.now"]))
            #expect(created.json["size_bytes"] == .int(wasm.count))
            #expect(created.json["limits"]?["fuel_max"] == .int(100_000))
        }
    }

    @Test func badUploadsAreRefusedWithTheReasonAndStoreNothing() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.modules.moduleBytesMax = 2_048
        try await APIHarness.run(configuration: configuration) { api in
            let cases: [(String, String)] = [
                (ModuleTexts.upload(name: "Bad Name", ModuleTexts.trap), "name:format"),
                (ModuleTexts.upload(name: "x", "(module (func $f))"), "wat:missing_export"),
                (ModuleTexts.upload(name: "x", "(module (oops"), "wat:invalid_module"),
                (JSONWriter.string(.object([("name", .string("x")), ("wasm_base64", .string("AGFzbQEAAAA="))])), "wasm:missing_export"),
                (JSONWriter.string(.object([("name", .string("x")), ("wasm_base64", .string("%%%"))])), "wasm_base64:format"),
                (JSONWriter.string(.object([("name", .string("x"))])), "wasm_base64:required"),
                (ModuleTexts.upload(name: "x", ModuleTexts.trap, extra: [("capabilities", .strings(["network"]))]), "capabilities[0]:enum"),
                (ModuleTexts.upload(name: "x", ModuleTexts.trap, extra: [("limits", .object([("fuel_max", .int(11_000_001))]))]), "limits.fuel_max:range"),
                (ModuleTexts.upload(name: "x", ModuleTexts.trap, extra: [("limits", .object([("cpu", .int(1))]))]), "limits.cpu:unknown_field"),
                (ModuleTexts.upload(name: "x", ModuleTexts.constant(String(repeating: "a", count: 2_100))), "wat:max_length"),
            ]
            for (body, expected) in cases {
                let response = try await api.post("/v1/modules", body)
                #expect(response.status == 422, "\(expected): \(response.text)")
                let pairs = response.json["errors"].flatMap { errors -> [String]? in
                    guard case let .array(items) = errors else { return nil }
                    return items.map { "\($0["field"]?.stringValue ?? ""):\($0["rule"]?.stringValue ?? "")" }
                }
                #expect(pairs == [expected], "\(response.text)")
            }
            #expect(try await api.get("/v1/modules").json["data"] == .array([]))
        }
    }

    @Test func aModuleIsInvisibleToOtherTenants() async throws {
        try await APIHarness.run { api in
            let id = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "mine", ModuleTexts.echo)).json["id"]?.stringValue)
            let other = try await api.otherTenantKey()
            #expect(try await api.get("/v1/modules/\(id)", key: other).status == 404)
            #expect(try await api.request(.post, "/v1/modules/\(id)/invoke", json: #"{"input": {}}"#, key: other).status == 404)
            #expect(try await api.get("/v1/modules", key: other).json["data"] == .array([]))
            // The same name is free for another tenant, as its own module.
            let theirs = try await api.post("/v1/modules", ModuleTexts.upload(name: "mine", ModuleTexts.echo), key: other)
            #expect(theirs.status == 201 && theirs.json["id"] != .string(id))
        }
    }

    @Test func aCardNumberGivenInTheInputNeverReachesTheModule() async throws {
        try await APIHarness.run { api in
            let id = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "echo", ModuleTexts.echo)).json["id"]?.stringValue)
            let input = #"{"input": {"payment": {"card": {"number": "4242 4242 4242 4242", "token": "tok_1", "brand": "visa", "last4": "4242"}, "memo": "card 4111111111111111"}}}"#
            let response = try await api.request(.post, "/v1/modules/\(id)/invoke", json: input)
            #expect(response.status == 200, "\(response.text)")
            #expect(!response.text.contains("4242 4242 4242 4242") && !response.text.contains("4111111111111111"))
            #expect(response.json["output"]?["payment"]?["card"] == .object([("token", .string("tok_1")), ("brand", .string("visa")), ("last4", .string("4242"))]))
        }
    }

    @Test func aHostileModuleFailsWithinItsLimitWhileAnotherTenantsModuleIsServed() async throws {
        try await APIHarness.run { api in
            let loop = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "loop", ModuleTexts.infiniteLoop)).json["id"]?.stringValue)
            let other = try await api.otherTenantKey()
            let good = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "good", ModuleTexts.constant(#"{"ok": true}"#)),
                                                       key: other).json["id"]?.stringValue)
            async let hostile = api.request(.post, "/v1/modules/\(loop)/invoke", json: #"{"input": {}}"#)
            var served = 0
            for _ in 0..<5 {
                let response = try await api.request(.post, "/v1/modules/\(good)/invoke", json: #"{"input": {}}"#, key: other)
                if response.status == 200 && response.json["output"] == .object([("ok", .bool(true))]) { served += 1 }
            }
            let failed = try await hostile
            #expect(served == 5)
            #expect(failed.status == 422)
            #expect(failed.json["code"] == .string("module_failed"))
            #expect(failed.json["errors"]?.firstItem?["rule"] == .string("out_of_fuel"))
            let trap = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "trap", ModuleTexts.trap)).json["id"]?.stringValue)
            let trapped = try await api.request(.post, "/v1/modules/\(trap)/invoke", json: #"{"input": {}}"#)
            #expect(trapped.status == 422 && trapped.json["errors"]?.firstItem?["rule"] == .string("trap"))
        }
    }

    @Test func anInvocationNeedsAnInputAndAKnownVersion() async throws {
        try await APIHarness.run { api in
            let id = try #require(try await api.post("/v1/modules", ModuleTexts.upload(name: "echo", ModuleTexts.echo)).json["id"]?.stringValue)
            #expect(try await api.request(.post, "/v1/modules/\(id)/invoke", json: #"{}"#).fieldErrors == ["input"])
            #expect(try await api.request(.post, "/v1/modules/\(id)/invoke", json: #"{"input": {}, "fuel": 1}"#).fieldErrors == ["fuel"])
            #expect(try await api.request(.post, "/v1/modules/\(id)/invoke", json: #"{"input": {}, "version": 9}"#).status == 404)
            #expect(try await api.request(.post, "/v1/modules/mod_nope/invoke", json: #"{"input": {}}"#).status == 404)
        }
    }
}
