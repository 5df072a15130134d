/// Something Remit stores and names with a typed, prefixed identifier.
public protocol IdentifiedEntity {
    /// The prefix of this entity's identifiers, such as `inv` for invoices.
    static var idPrefix: String { get }
}

/// A typed identifier such as `inv_3k9d…`: an invoice id cannot be passed where a buyer id
/// is expected, and the prefix tells a human what an id names.
public struct Identifier<Entity: IdentifiedEntity>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The full identifier, prefix included.
    public let rawValue: String

    /// Wraps an identifier read from storage or produced by `IDGenerator`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Validates an identifier that came from outside (a URL path, a request body).
    ///
    /// Returns nil when the text cannot be an identifier of this entity, so a lookup can
    /// answer "not found" without touching storage.
    public init?(validating text: String) {
        let prefix = Entity.idPrefix + "_"
        guard text.hasPrefix(prefix), text.utf8.count <= 64, text.utf8.count > prefix.utf8.count,
              text.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) })
        else { return nil }
        rawValue = text
    }

    public var description: String { rawValue }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
