/// A business that runs its B2B receivables on Remit. Every stored row carries its tenant.
public struct Tenant: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "ten"

    /// The tenant's identifier.
    public var id: TenantID
    /// The tenant's display name.
    public var name: String
    /// When the tenant was created, in milliseconds since 1970.
    public var createdAt: Int64

    /// Creates a tenant value.
    public init(id: TenantID, name: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// A tenant's identifier.
public typealias TenantID = Identifier<Tenant>

/// An API key's stored half: never the key itself, only its SHA-256 and a display prefix.
public struct APIKeyRecord: Sendable, Equatable, IdentifiedEntity {
    public static let idPrefix = "key"

    /// The key's identifier.
    public var id: Identifier<APIKeyRecord>
    /// The tenant the key acts for.
    public var tenantID: TenantID
    /// Lower-case hex SHA-256 of the full key.
    public var hash: String
    /// The first characters of the key, enough for a person to recognise it in a list.
    public var displayPrefix: String
    /// When the key was created, in milliseconds since 1970.
    public var createdAt: Int64

    /// Creates a key record.
    public init(id: Identifier<APIKeyRecord>, tenantID: TenantID, hash: String, displayPrefix: String, createdAt: Int64) {
        self.id = id
        self.tenantID = tenantID
        self.hash = hash
        self.displayPrefix = displayPrefix
        self.createdAt = createdAt
    }
}
