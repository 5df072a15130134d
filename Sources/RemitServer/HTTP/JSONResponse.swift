import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RemitCore

/// A JSON response as Remit writes it: the exact bytes are what idempotency stores and replays.
struct JSONResponse: Sendable {
    var status: HTTPResponse.Status
    var body: [UInt8]
    var location: String?

    init(status: HTTPResponse.Status = .ok, json: JSONValue, location: String? = nil) {
        self.status = status
        body = Array(JSONWriter.string(json).utf8)
        self.location = location
    }

    var stored: StoredResponse {
        var headers = ["content-type": "application/json"]
        if let location { headers["location"] = location }
        return StoredResponse(status: status.code, headers: headers, body: body)
    }

    var response: Response {
        Self.response(stored, replayed: false)
    }

    static func response(_ stored: StoredResponse, replayed: Bool) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = stored.headers["content-type"] ?? "application/json"
        if let location = stored.headers["location"] { headers[.location] = location }
        if replayed { headers[.idempotentReplayed] = "true" }
        return Response(status: HTTPResponse.Status(code: stored.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: stored.body)))
    }
}

extension HTTPField.Name {
    /// Marks a response replayed from an earlier request with the same `Idempotency-Key` (as Stripe does).
    static let idempotentReplayed = Self("Idempotent-Replayed")!
    /// The client's idempotency key (IETF draft "The Idempotency-Key HTTP Header Field").
    static let idempotencyKey = Self("Idempotency-Key")!
}

/// A list response: `{"object": "list", "data": [...], "has_more": …, "next_cursor": …}`.
enum ListResponse {
    static func json<Item: JSONRepresentable>(_ items: [Item], next: Int64?) -> JSONValue {
        .object([
            ("object", .string("list")),
            ("data", .array(items.map(\.jsonValue))),
            ("has_more", .bool(next != nil)),
            ("next_cursor", next.map { JSONValue.string(Cursor.encode($0)) } ?? .null),
        ])
    }
}

/// Opaque list cursors. Clients pass them back unchanged; their content is not API.
enum Cursor {
    static func encode(_ position: Int64) -> String {
        Base64URL.encode(Array("v1:\(position)".utf8))
    }

    static func decode(_ text: String) -> Int64? {
        guard let bytes = Base64URL.decode(text), let string = String(validating: bytes, as: UTF8.self),
              string.hasPrefix("v1:") else { return nil }
        return Int64(string.dropFirst(3))
    }
}

/// Base64 with the URL alphabet and no padding.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
