/// Why the store could not do what it was asked. Never carries SQL arguments or secrets.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database URL or path is not usable.
    case invalidConfiguration(String)
    /// A row does not have the shape the code expects: a bug or a hand-edited database.
    case corrupt(String)
    /// A uniqueness rule was broken, such as a second invoice with the same number.
    case duplicate(String)
    /// A shipped migration was changed after it ran; the schema can no longer be trusted.
    case migrationChanged(version: Int, name: String)
    /// The database reports a schema newer than this build knows.
    case schemaTooNew(version: Int)

    public var description: String {
        switch self {
        case let .invalidConfiguration(message): return "Invalid database configuration: \(message)"
        case let .corrupt(message): return "Stored data is not in the expected shape: \(message)"
        case let .duplicate(message): return "Duplicate: \(message)"
        case let .migrationChanged(version, name):
            return "Migration \(version) (\(name)) differs from the one applied to this database; migrations are append-only."
        case let .schemaTooNew(version):
            return "The database schema is at version \(version), newer than this build of Remit knows."
        }
    }
}
