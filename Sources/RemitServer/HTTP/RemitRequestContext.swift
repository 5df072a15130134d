import Hummingbird
import RemitCore

/// The per-request context: Hummingbird's core storage plus the authenticated tenant.
public struct RemitRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The tenant the API key belongs to, set by `APIKeyAuthMiddleware`.
    public var tenantID: TenantID?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// The authenticated tenant; only routes behind the auth middleware call this.
    func requireTenant() throws -> TenantID {
        guard let tenantID else { throw RemitError(.unauthorized, "An API key is required.") }
        return tenantID
    }
}
