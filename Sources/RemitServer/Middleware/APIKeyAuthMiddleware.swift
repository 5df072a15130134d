import Foundation
import Crypto
import Hummingbird
import RemitCore
import RemitStore

/// Authenticates `Authorization: Bearer <key>` and puts the key's tenant in the context.
struct APIKeyAuthMiddleware: RouterMiddleware {
    typealias Context = RemitRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The scheme name is case-insensitive (RFC 9110, section 11.1).
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw RemitError(.unauthorized, "Send your API key as 'Authorization: Bearer <key>'.")
        }
        let key = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard key.hasPrefix(APIKeys.prefix), key.utf8.count <= 128 else {
            throw RemitError(.unauthorized, "The API key is not valid.")
        }
        let hash = APIKeys.hash(key)
        guard let tenant = try await store.read({ try await $0.tenantID(forAPIKeyHash: hash) }) else {
            throw RemitError(.unauthorized, "The API key is not valid.")
        }
        var context = context
        context.tenantID = tenant
        context.logger[metadataKey: "tenant.id"] = "\(tenant.rawValue)"
        return try await next(request, context)
    }
}

/// Lower-case hexadecimal.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// API keys: `rmt_live_` and 32 random bytes in base 32, stored only as their SHA-256.
public enum APIKeys {
    /// The prefix every key starts with, so a leaked key is recognisable by secret scanners.
    public static let prefix = "rmt_live_"

    /// Lower-case hex SHA-256 of a key. Keys carry 256 random bits, so a fast hash is enough:
    /// there is nothing to brute-force.
    public static func hash(_ key: String) -> String {
        Hex.encode(SHA256.hash(data: Array(key.utf8)))
    }
}
