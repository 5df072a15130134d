import ArgumentParser
import Logging
import RemitCore
import RemitStore

/// `--database`, shared by every command that opens the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "A SQLite file path, or a postgres://user:password@host:port/database URL.")
    var database: String = "remit.sqlite"

    /// Opens the store, runs it, migrates, and hands it to `body`; stops it afterwards.
    func withStore<T: Sendable>(logger: Logger, _ body: @Sendable @escaping (Store) async throws -> T) async throws -> T {
        let store = try await Store.open(StoreLocation(argument: database), clock: .system, logger: logger)
        let result = try await store.whileRunning { try await body(store) }
        try await store.close()
        return result
    }
}
