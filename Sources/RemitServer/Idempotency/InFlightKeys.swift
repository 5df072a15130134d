import RemitCore

/// The idempotency keys whose first request is running in this process, on a single node.
actor InFlightKeys {
    private var keys = Set<String>()

    /// Marks the key running; false when it already is.
    func enter(tenant: TenantID, key: String) -> Bool {
        keys.insert(tenant.rawValue + "\u{0}" + key).inserted
    }

    /// Marks the key no longer running.
    func leave(tenant: TenantID, key: String) {
        keys.remove(tenant.rawValue + "\u{0}" + key)
    }
}
