import Foundation
import RemitCore

/// A Standard Webhooks signing secret: 24 to 64 random bytes, shown to people as
/// `whsec_` followed by their base64.
///
/// `description` is redacted so a secret never reaches a log line by accident; `serialized`
/// gives the full text for the one place that must show it (creating an endpoint).
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    /// The prefix every serialized secret starts with.
    public static let prefix = "whsec_"
    /// The fewest bytes a secret may have (192 bits, per the specification).
    public static let bytesMin = 24
    /// The most bytes a secret may have (512 bits, per the specification).
    public static let bytesMax = 64
    /// The size of secrets that `generate` makes.
    public static let generatedBytesDefault = 32

    /// The raw key bytes.
    public let bytes: [UInt8]

    /// Creates a secret from its raw bytes; throws `invalidSecret` outside 24...64 bytes.
    public init(bytes: [UInt8]) throws {
        guard (Self.bytesMin...Self.bytesMax).contains(bytes.count) else {
            throw ConnectorError(
                .invalidSecret,
                "A webhook secret must have \(Self.bytesMin) to \(Self.bytesMax) bytes; this one has \(bytes.count)."
            )
        }
        self.bytes = bytes
    }

    /// Parses `whsec_<base64>` (standard alphabet, padding optional).
    public init(_ text: String) throws {
        guard text.hasPrefix(Self.prefix) else {
            throw ConnectorError(.invalidSecret, "A webhook secret starts with '\(Self.prefix)'.")
        }
        var encoded = String(text.dropFirst(Self.prefix.count))
        // Secrets are often copied without their base64 padding; restore it.
        while encoded.utf8.count % 4 != 0 { encoded += "=" }
        guard let data = Data(base64Encoded: encoded) else {
            throw ConnectorError(.invalidSecret, "A webhook secret is '\(Self.prefix)' followed by standard base64.")
        }
        try self.init(bytes: Array(data))
    }

    /// A new random secret of `byteCount` bytes from `generator`.
    public static func generate(using generator: IDGenerator, byteCount: Int = generatedBytesDefault) -> WebhookSecret {
        precondition((bytesMin...bytesMax).contains(byteCount), "webhook secret size out of range")
        // The size was checked above, so this cannot throw.
        return try! WebhookSecret(bytes: generator.randomBytes(byteCount))
    }

    /// `whsec_` followed by the base64 of the key: the form a receiver configures.
    public var serialized: String {
        Self.prefix + Data(bytes).base64EncodedString()
    }

    /// Redacted: `whsec_…`.
    public var description: String { Self.prefix + "…" }
}
