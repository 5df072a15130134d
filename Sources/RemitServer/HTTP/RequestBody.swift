import Hummingbird
import NIOCore
import RemitCore

/// Reads a JSON request body within the configured limits.
struct RequestBodyReader: Sendable {
    let bytesMax: Int
    let jsonLimits: JSONLimits

    /// The raw body bytes; anything but `application/json` is refused with 415, and a body
    /// over `bytesMax` with 413, before any of it is parsed.
    func bytes(_ request: inout Request) async throws -> [UInt8] {
        let type = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard type == "application/json" || type == "application/merge-patch+json" else {
            throw RemitError(.unsupportedMediaType, "Send the body as application/json.")
        }
        do {
            let buffer = try await request.collectBody(upTo: bytesMax)
            return Array(buffer: buffer)
        } catch is NIOTooManyBytesError {
            throw RemitError(.payloadTooLarge, "The request body is larger than \(bytesMax) bytes (requestBodyBytesMax).")
        }
    }

    /// The body of a request whose body is optional and sent without a content type: it must
    /// be empty, or it is refused with 415 like any body that is not declared as JSON.
    func optionalBytes(_ request: inout Request) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: bytesMax)
        } catch is NIOTooManyBytesError {
            throw RemitError(.payloadTooLarge, "The request body is larger than \(bytesMax) bytes (requestBodyBytesMax).")
        }
        guard buffer.readableBytes == 0 else { throw RemitError(.unsupportedMediaType, "Send the body as application/json.") }
        return []
    }

    /// Parses body bytes as JSON within `jsonLimits`.
    func json(_ bytes: [UInt8]) throws -> JSONValue {
        guard !bytes.isEmpty else { throw RemitError(.invalidRequest, "The request body is empty; send a JSON object.") }
        return try JSONParser.parse(bytes, limits: jsonLimits)
    }
}
