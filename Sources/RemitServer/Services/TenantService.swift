import Foundation
import RemitCore
import RemitStore

/// Creates tenants and their API keys.
public struct TenantService: Sendable {
    let store: Store
    let environment: Environment

    /// Creates the service.
    public init(store: Store, environment: Environment) {
        self.store = store
        self.environment = environment
    }

    /// Creates a tenant and its first API key. The key is returned here and never again:
    /// only its hash is stored.
    public func createTenant(name: String) async throws -> (tenant: Tenant, apiKey: String) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw RemitError.validation([FieldError(field: "name", rule: "length", message: "must be 1 to 200 characters")])
        }
        let now = environment.clock.nowMilliseconds
        let tenant = Tenant(id: environment.ids.make(), name: trimmed, createdAt: now)
        let key = environment.ids.secret(prefix: APIKeys.prefix)
        let record = APIKeyRecord(id: environment.ids.make(), tenantID: tenant.id, hash: APIKeys.hash(key),
                                  displayPrefix: String(key.prefix(APIKeys.prefix.count + 6)), createdAt: now)
        try await store.write { transaction in
            try await transaction.insertTenant(tenant)
            try await transaction.insertAPIKey(record)
        }
        return (tenant, key)
    }
}
