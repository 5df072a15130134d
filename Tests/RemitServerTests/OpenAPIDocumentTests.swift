import RemitServer
import Testing

/// The shipped OpenAPI document and the router must describe the same API.
@Suite struct OpenAPIDocumentTests {
    /// (method, path) pairs under `paths:`: path keys at two spaces, method keys at four.
    static func documentedOperations() -> Set<String> {
        var operations = Set<String>()
        var inPaths = false
        var currentPath: String?
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        for line in OpenAPIDocument.yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line == "paths:"
                currentPath = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                currentPath = String(line.dropFirst(2).dropLast()).trimmingCharacters(in: .init(charactersIn: "'\""))
            } else if let path = currentPath, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if methods.contains(String(key)) { operations.insert("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() {
        let routed = Set(RemitApplication.routes.map { "\($0.method) \($0.path)" })
        let documented = Self.documentedOperations()
        #expect(routed.subtracting(documented).isEmpty, "routes missing from openapi.yaml")
        #expect(documented.subtracting(routed).isEmpty, "documented operations without a route")
        #expect(routed.count == RemitApplication.routes.count)
    }

    @Test func theDocumentIsOpenAPI31AndNamesEveryProblemCode() {
        #expect(OpenAPIDocument.yaml.hasPrefix("openapi: 3.1.0"))
        for code in RemitErrorCodes.all {
            #expect(OpenAPIDocument.yaml.contains(code), "problem code \(code) is not documented")
        }
    }

    @Test func everyDocumentedRouteAnswersOtherThanRouteNotFound() async throws {
        try await APIHarness.run { api in
            for route in RemitApplication.routes {
                let path = route.path.replacingOccurrences(of: "{id}", with: "x_unknown")
                let response = try await api.request(.init(route.method)!, path, idempotencyKey: "k")
                #expect(!(response.status == 404 && response.json["detail"]?.stringValue?.hasPrefix("No route") == true),
                        "\(route.method) \(route.path) is not routed")
            }
        }
    }

    @Test func anUnsupportedMethodOnAKnownPathIs405WithAllow() async throws {
        try await APIHarness.run { api in
            let response = try await api.request(.delete, "/v1/buyers/buy_x")
            #expect(response.status == 405 && response.problemCode == "method_not_allowed")
            #expect(response.header("Allow") == "GET, PATCH")
        }
    }
}
