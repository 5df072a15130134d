import Crypto
import Foundation
import RemitCore

/// Verifies inbound webhooks signed per the Standard Webhooks specification.
///
/// A message passes when its three headers are present, its timestamp is within `tolerance`
/// of the injected clock in either direction (inclusive), and one of its `v1` signatures
/// matches the HMAC-SHA256 of `{id}.{timestamp}.{body}` under one of the accepted secrets.
/// Accepting two secrets lets a sender rotate without a gap. Signatures are compared in
/// constant time. De-duplication by `webhook-id` is the caller's job (it needs storage).
public struct WebhookVerifier: Sendable {
    /// How far a timestamp may be from now, either way, by default: 5 minutes.
    public static let toleranceSecondsDefault: Int64 = 300
    /// The most `webhook-signature` entries examined; later ones are ignored.
    public static let signaturesMax = 16
    /// The most secrets a verifier accepts at once (the current one and those being retired).
    public static let secretsMax = 4
    /// The most digits a timestamp may have (enough for the year 5138).
    public static let timestampDigitsMax = 11

    /// The accepted secrets.
    public let secrets: [WebhookSecret]
    /// How far, in seconds, a timestamp may be from now in either direction.
    public let toleranceSeconds: Int64
    /// The source of "now".
    public let clock: WallClock

    /// Creates a verifier that accepts a signature made with any of `secrets` (1 to `secretsMax`).
    public init(secrets: [WebhookSecret], toleranceSeconds: Int64 = toleranceSecondsDefault, clock: WallClock) {
        precondition((1...Self.secretsMax).contains(secrets.count), "a webhook verifier takes 1 to \(Self.secretsMax) secrets")
        precondition(toleranceSeconds >= 0, "the timestamp tolerance cannot be negative")
        self.secrets = secrets
        self.toleranceSeconds = toleranceSeconds
        self.clock = clock
    }

    /// Verifies `body` against the headers that `header` returns for a lower-case name.
    ///
    /// `body` must be the request body's bytes exactly as received, before any JSON parsing;
    /// `header` should look names up without regard to case, as HTTP does.
    ///
    /// - Returns: the verified message id and timestamp.
    /// - Throws: `ConnectorError` with `missingHeader`, `invalidTimestamp`, `timestampTooOld`,
    ///   `timestampTooNew` or `noMatchingSignature`, checked in that order.
    public func verify(body: [UInt8], header: (String) -> String?) throws -> VerifiedWebhook {
        let id = try Self.required(WebhookHeaderName.id, header)
        let timestampText = try Self.required(WebhookHeaderName.timestamp, header)
        let signatures = try Self.required(WebhookHeaderName.signature, header)
        let timestamp = try checkTimestamp(timestampText)
        let content = WebhookSigner.signedContent(id: id, timestamp: timestamp, body: body)
        let expected = secrets.map { secret in
            Array(HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: secret.bytes)))
        }
        for candidate in Self.v1Signatures(signatures) {
            for code in expected where Self.constantTimeEqual(code, candidate) {
                return VerifiedWebhook(id: id, timestamp: timestamp)
            }
        }
        throw ConnectorError(.noMatchingSignature, "No v1 signature in webhook-signature matches an accepted secret.")
    }

    /// Verifies `body` against `headers`, whose names are matched without regard to case.
    public func verify(body: [UInt8], headers: [String: String]) throws -> VerifiedWebhook {
        var lowered: [String: String] = [:]
        for (name, value) in headers { lowered[name.lowercased()] = value }
        return try verify(body: body) { lowered[$0] }
    }

    private func checkTimestamp(_ text: String) throws -> Int64 {
        let digits = text.utf8
        guard !digits.isEmpty, digits.count <= Self.timestampDigitsMax,
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let timestamp = Int64(text)
        else {
            throw ConnectorError(.invalidTimestamp, "webhook-timestamp must be whole seconds since 1970, such as 1764441600.")
        }
        let now = clock.now().timeIntervalSince1970
        if Double(timestamp) < now - Double(toleranceSeconds) {
            throw ConnectorError(.timestampTooOld, "webhook-timestamp is more than \(toleranceSeconds) s in the past.")
        }
        if Double(timestamp) > now + Double(toleranceSeconds) {
            throw ConnectorError(.timestampTooNew, "webhook-timestamp is more than \(toleranceSeconds) s in the future.")
        }
        return timestamp
    }

    private static func required(_ name: String, _ header: (String) -> String?) throws -> String {
        guard let value = header(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw ConnectorError(.missingHeader(name), "The \(name) header is required.")
        }
        return value
    }

    /// The decoded `v1` signatures of a `webhook-signature` value; other versions and
    /// malformed entries are skipped, as the reference implementations do.
    private static func v1Signatures(_ header: String) -> [[UInt8]] {
        header.split(separator: " ", omittingEmptySubsequences: true)
            .prefix(signaturesMax)
            .compactMap { entry -> [UInt8]? in
                guard let comma = entry.firstIndex(of: ","), entry[..<comma] == WebhookSigner.versionTag,
                      let data = Data(base64Encoded: String(entry[entry.index(after: comma)...]))
                else { return nil }
                return Array(data)
            }
    }

    /// Compares two byte strings in time that depends only on their lengths.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

/// A webhook whose signature and timestamp checked out.
public struct VerifiedWebhook: Sendable, Equatable {
    /// The `webhook-id`: de-duplicate on it.
    public var id: String
    /// The `webhook-timestamp`, in seconds since 1970.
    public var timestamp: Int64

    /// Creates the result of a verification.
    public init(id: String, timestamp: Int64) {
        self.id = id
        self.timestamp = timestamp
    }
}
