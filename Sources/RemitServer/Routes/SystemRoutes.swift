import Foundation
import Hummingbird
import RemitCore
import RemitStore

/// `/healthz` and `/openapi.yaml`: no authentication.
struct SystemRoutes {
    let api: APIContext

    func register(on router: Router<RemitRequestContext>) {
        router.get("healthz") { _, _ in
            // A read proves the database answers; a failure becomes a 500 problem.
            _ = try await api.store.read { try await $0.tenantCount() }
            return JSONResponse(json: .object([("status", .string("ok")), ("database", .string(api.store.backend))])).response
        }
        router.get("openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }
}

/// The OpenAPI 3.1 document shipped with the server.
public enum OpenAPIDocument {
    /// The document's text, from the module's resources.
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("openapi.yaml is a resource of RemitServer") }
        return text
    }()
}
