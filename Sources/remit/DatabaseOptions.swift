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
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await store.run()
                return nil
            }
            group.addTask {
                try await store.migrate()
                return try await body(store)
            }
            var result: T?
            while let next = try await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            try await store.close()
            guard let result else { throw CancellationError() }
            return result
        }
    }
}
