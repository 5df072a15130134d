import Hummingbird
import RemitCore
import RemitStore

/// An RFC 9457 problem: every error Remit answers with, as `application/problem+json`.
struct Problem: Sendable {
    var code: String
    var title: String
    var status: HTTPResponse.Status
    var detail: String
    var fieldErrors: [FieldError]

    /// The stable `type` URI of a problem code.
    static func typeURI(_ code: String) -> String {
        "https://remit.dev/problems/\(code.replacingOccurrences(of: "_", with: "-"))"
    }

    func json(instance: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("type", .string(Self.typeURI(code))),
            ("title", .string(title)),
            ("status", .int(status.code)),
            ("detail", .string(detail)),
            ("instance", .string(instance)),
            ("code", .string(code)),
        ]
        if !fieldErrors.isEmpty {
            members.append(("errors", .array(fieldErrors.map {
                JSONValue.object([("field", .string($0.field)), ("rule", .string($0.rule)), ("message", .string($0.message))])
            })))
        }
        return .object(members)
    }

    func response(instance: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"remit\"" }
        return Response(status: status, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.string(json(instance: instance)))))
    }

    init(code: String, title: String, status: HTTPResponse.Status, detail: String, fieldErrors: [FieldError] = []) {
        self.code = code
        self.title = title
        self.status = status
        self.detail = detail
        self.fieldErrors = fieldErrors
    }

    init(_ error: RemitError) {
        let (status, title): (HTTPResponse.Status, String) = switch error.code {
        case .invalidRequest: (.badRequest, "Invalid request")
        case .validationFailed: (.unprocessableContent, "Validation failed")
        case .notFound: (.notFound, "Not found")
        case .conflict: (.conflict, "Conflict")
        case .unauthorized: (.unauthorized, "Unauthorized")
        case .payloadTooLarge: (.contentTooLarge, "Payload too large")
        case .unsupportedMediaType: (.unsupportedMediaType, "Unsupported media type")
        case .idempotencyKeyMissing: (.badRequest, "Idempotency-Key missing")
        case .idempotencyKeyReused: (.unprocessableContent, "Idempotency-Key reused")
        case .idempotencyKeyInUse: (.conflict, "Idempotency-Key in use")
        case .moduleFailed: (.unprocessableContent, "Module failed")
        }
        self.init(code: error.code.rawValue, title: title, status: status, detail: error.message, fieldErrors: error.fieldErrors)
    }

}

/// Every problem code the API can answer with.
public enum RemitErrorCodes {
    /// The codes of `RemitError` plus the ones only the HTTP edge produces.
    public static let all: [String] = RemitError.Code.allCases.map(\.rawValue) + ["method_not_allowed", "internal_error"]
}

/// Turns every error into a problem+json response; unknown errors become a 500 that leaks
/// nothing, and are logged with their details.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as RemitError {
            return Problem(error).response(instance: request.uri.path)
        } catch let error as StoreError {
            if case let .duplicate(what) = error {
                return Problem(code: RemitError.Code.conflict.rawValue, title: "Conflict", status: .conflict,
                               detail: "A conflicting object already exists (\(what)).").response(instance: request.uri.path)
            }
            context.logger.error("store error", metadata: ["error": "\(String(reflecting: error))"])
            return Self.internalError(request)
        } catch let error as HTTPError {
            return Self.httpError(error, request)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            return Problem(code: "invalid_request", title: "Invalid request", status: error.status,
                           detail: error.status.reasonPhrase).response(instance: request.uri.path)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return Self.internalError(request)
        }
    }

    static func httpError(_ error: HTTPError, _ request: Request) -> Response {
        switch error.status {
        case .notFound:
            let allowed = RemitApplication.allowedMethods(for: request.uri.path)
            guard allowed.isEmpty else {
                var response = Problem(code: "method_not_allowed", title: "Method not allowed", status: .methodNotAllowed,
                                       detail: "\(request.method) is not allowed on \(request.uri.path); use \(allowed.joined(separator: ", ")).")
                    .response(instance: request.uri.path)
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            return Problem(code: "not_found", title: "Not found", status: .notFound,
                           detail: "No route for \(request.method) \(request.uri.path).").response(instance: request.uri.path)
        case .methodNotAllowed:
            return Problem(code: "method_not_allowed", title: "Method not allowed", status: .methodNotAllowed,
                           detail: "\(request.method) is not allowed on \(request.uri.path).").response(instance: request.uri.path)
        case let status where status.code < 500:
            return Problem(code: "invalid_request", title: "Invalid request", status: status,
                           detail: error.body ?? status.reasonPhrase).response(instance: request.uri.path)
        default:
            return internalError(request)
        }
    }

    static func internalError(_ request: Request) -> Response {
        Problem(code: "internal_error", title: "Internal error", status: .internalServerError,
                detail: "Remit could not complete the request; it has been logged. Retrying with the same Idempotency-Key is safe.")
            .response(instance: request.uri.path)
    }
}
