import Hummingbird
import RemitCore

/// Why the gateway refused a request; becomes an RFC 9457 problem+json response.
public struct GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable name, such as `validation_failed`.
    public var code: String
    /// The HTTP status code.
    public var status: Int
    /// What went wrong and how to fix it.
    public var message: String
    /// The fields at fault, for `validation_failed`.
    public var fieldErrors: [FieldError]

    /// Creates an error.
    public init(code: String, status: Int, message: String, fieldErrors: [FieldError] = []) {
        self.code = code
        self.status = status
        self.message = message
        self.fieldErrors = fieldErrors
    }

    /// The code, the status and the message, for logs.
    public var description: String { "\(code) (\(status)): \(message)" }

    static func validation(_ errors: [FieldError]) -> GatewayError {
        GatewayError(code: "validation_failed", status: 422,
                     message: errors.count == 1 ? errors[0].description : "\(errors.count) fields are invalid", fieldErrors: errors)
    }

    static func invalidRequest(_ message: String) -> GatewayError {
        GatewayError(code: "invalid_request", status: 400, message: message)
    }

    static func notFound(_ message: String) -> GatewayError {
        GatewayError(code: "not_found", status: 404, message: message)
    }

    /// The error's core `RemitError` (from the JSON parser) as a gateway error.
    init(_ error: RemitError) {
        switch error.code {
        case .validationFailed: self = .validation(error.fieldErrors)
        case .payloadTooLarge: self.init(code: error.code.rawValue, status: 413, message: error.message)
        default: self.init(code: error.code.rawValue, status: 400, message: error.message, fieldErrors: error.fieldErrors)
        }
    }

    /// The problem+json document.
    func json(instance: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("type", .string("https://remit.dev/problems/gateway-sim/\(code.replacingOccurrences(of: "_", with: "-"))")),
            ("title", .string(title)),
            ("status", .int(status)),
            ("detail", .string(message)),
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

    /// A short, fixed summary of the status, as RFC 9457 asks of `title`.
    var title: String {
        switch status {
        case 400: "Invalid request"
        case 404: "Not found"
        case 405: "Method not allowed"
        case 413: "Payload too large"
        case 415: "Unsupported media type"
        case 422: code == "validation_failed" ? "Validation failed" : "Unprocessable content"
        case 503: "Temporarily unavailable"
        case 500...: "Internal error"
        default: "Request refused"
        }
    }

    func response(instance: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == 503 { headers[.retryAfter] = "1" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.string(json(instance: instance)))))
    }
}

/// Answers every error with problem+json; an unexpected one is a 500 that leaks nothing.
struct GatewayProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as GatewayError {
            return error.response(instance: request.uri.path)
        } catch let error as HTTPError {
            let status = Int(error.status.code)
            let code = status == 404 ? "not_found" : status == 405 ? "method_not_allowed" : status < 500 ? "invalid_request" : "internal_error"
            let detail = status == 404 ? "No route for \(request.method) \(request.uri.path)." : error.body ?? error.status.reasonPhrase
            return GatewayError(code: code, status: status, message: detail)
                .response(instance: request.uri.path)
        } catch {
            context.logger.error("gateway error", metadata: ["error": "\(String(reflecting: error))"])
            return GatewayError(code: "internal_error", status: 500, message: "The gateway failed; retry with the same Idempotency-Key.")
                .response(instance: request.uri.path)
        }
    }
}
