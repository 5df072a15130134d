import Crypto
import Foundation

/// Signs webhook messages per the Standard Webhooks specification.
///
/// The signed content is `{id}.{timestamp}.{body}`; each secret contributes one
/// `v1,<base64 HMAC-SHA256>` entry to `webhook-signature`. During a rotation, give the signer
/// both the new and the old secret so receivers that know either one accept the message.
public struct WebhookSigner: Sendable {
    /// The most bytes a message id may have.
    public static let messageIDBytesMax = 256
    /// The signature scheme's version tag for HMAC-SHA256.
    public static let versionTag = "v1"

    /// The secrets that sign, in the order their signatures appear.
    public let secrets: [WebhookSecret]

    /// Creates a signer; `secrets` must not be empty.
    public init(secrets: [WebhookSecret]) {
        precondition(!secrets.isEmpty, "a webhook signer needs at least one secret")
        self.secrets = secrets
    }

    /// Creates a signer with one secret.
    public init(secret: WebhookSecret) {
        self.init(secrets: [secret])
    }

    /// The value of `webhook-signature` for `body` sent as message `id` at `timestamp`.
    ///
    /// Throws `invalidMessageID` for an id that is empty, longer than `messageIDBytesMax`, or
    /// contains a `.` (which would make the signed content ambiguous) or whitespace.
    public func signature(id: String, timestamp: Int64, body: [UInt8]) throws -> String {
        try Self.validate(id: id)
        let content = Self.signedContent(id: id, timestamp: timestamp, body: body)
        return secrets.map { secret in
            let code = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: secret.bytes))
            return Self.versionTag + "," + Data(code).base64EncodedString()
        }.joined(separator: " ")
    }

    /// The three headers for `body` sent as message `id` at `timestamp`.
    public func headers(id: String, timestamp: Int64, body: [UInt8]) throws -> WebhookSignatureHeaders {
        WebhookSignatureHeaders(id: id, timestamp: timestamp, signature: try signature(id: id, timestamp: timestamp, body: body))
    }

    /// The bytes that are signed: `{id}.{timestamp}.{body}`.
    static func signedContent(id: String, timestamp: Int64, body: [UInt8]) -> [UInt8] {
        var content = Array(id.utf8)
        content.append(UInt8(ascii: "."))
        content.append(contentsOf: String(timestamp).utf8)
        content.append(UInt8(ascii: "."))
        content.append(contentsOf: body)
        return content
    }

    private static func validate(id: String) throws {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= messageIDBytesMax,
              !bytes.contains(where: { $0 == UInt8(ascii: ".") || $0 <= 0x20 || $0 == 0x7F })
        else {
            throw ConnectorError(
                .invalidMessageID,
                "A webhook message id has 1 to \(messageIDBytesMax) bytes and no '.', space or control character."
            )
        }
    }
}
