import Hummingbird
import Logging
import RemitCore
import RemitRails
import RemitStore
import ServiceLifecycle

/// The Remit node as one service: migrate, optionally seed the demo, then serve HTTP and run
/// the background services until graceful shutdown. Run it in a `ServiceGroup` after the
/// `Store`, so the store stops last.
public struct RemitServerService: Service {
    let store: Store
    let configuration: ServerConfiguration
    let environment: Environment
    let logger: Logger
    let demo: Bool
    let rail: any PaymentRail
    let onReady: @Sendable (String) -> Void

    /// Creates the service. `onReady` receives text to show the operator (the demo's key).
    public init(store: Store, configuration: ServerConfiguration, environment: Environment, logger: Logger, demo: Bool,
                rail: any PaymentRail, onReady: @escaping @Sendable (String) -> Void = { _ in }) {
        self.rail = rail
        self.store = store
        self.configuration = configuration
        self.environment = environment
        self.logger = logger
        self.demo = demo
        self.onReady = onReady
    }

    public func run() async throws {
        try await store.migrate()
        if demo {
            let seeder = DemoSeeder(store: store, environment: environment)
            if let seeded = try await seeder.seedIfEmpty() {
                onReady(DemoSeeder.banner(seeded, host: configuration.host, port: configuration.port))
            } else {
                onReady("The database already has tenants; the demo was not seeded again. Use the API key printed the first time.\n")
            }
        }
        logger.info("remit serving", metadata: [
            "http.host": "\(configuration.host)", "http.port": "\(configuration.port)", "store.backend": "\(store.backend)",
        ])
        let app = RemitApplication.application(store: store, configuration: configuration, environment: environment, rail: rail, logger: logger)
        try await app.run()
    }
}
