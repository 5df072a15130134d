extension StoreTransaction {
    /// The deployment-wide secret `name`, created from `candidate` the first time it is asked
    /// for. Every node reads the same value, so what one node signs another can verify.
    public func secret(_ name: String, candidate: String, now: Int64) async throws -> String {
        try await connection.execute("INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                                     name, candidate, now)
        guard let value = try await connection.query("SELECT value FROM secrets WHERE name = ?", name).first else {
            throw StoreError.corrupt("secret \(name) vanished")
        }
        return try value.text("value")
    }
}
