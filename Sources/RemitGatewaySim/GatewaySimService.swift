import Hummingbird
import Logging
import NIOCore
import RemitCore
import ServiceLifecycle

/// The simulated payment gateway as one service: opens its SQLite file, serves HTTP until
/// graceful shutdown, then closes the file.
public struct GatewaySimService: Service {
    let configuration: GatewaySimConfiguration
    let clock: WallClock
    let logger: Logger
    let onServerRunning: @Sendable (_ port: Int) async -> Void

    /// Creates the service. `onServerRunning` receives the port it listens on (useful with port 0).
    public init(configuration: GatewaySimConfiguration, clock: WallClock = .system, logger: Logger,
                onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// The router with every route, over an open store.
    public static func router(store: ChargeStore, configuration: GatewaySimConfiguration, clock: WallClock) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: GatewayProblemMiddleware())
        ChargeRoutes(store: store, plan: OutcomePlan(seed: configuration.seed, faults: configuration.faults),
                     faults: configuration.faults, limits: configuration.limits, clock: clock).register(on: router)
        GatewayRefundRoutes(store: store, limits: configuration.limits, clock: clock).register(on: router)
        return router
    }

    public func run() async throws {
        let problems = configuration.faults.problems
        guard problems.isEmpty else {
            throw GatewayError(code: "invalid_configuration", status: 500, message: problems.joined(separator: "; "))
        }
        let store = try await ChargeStore(path: configuration.databasePath, synchronousCommits: configuration.synchronousCommits)
        logger.info("gateway-sim starting", metadata: [
            "http.host": "\(configuration.host)", "http.port": "\(configuration.port)", "gateway.seed": "\(configuration.seed)",
            "gateway.database": "\(configuration.databasePath)",
        ])
        let app = Application(
            router: Self.router(store: store, configuration: configuration, clock: clock),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "remit-gateway-sim"),
            onServerRunning: { [onServerRunning] channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        do {
            try await app.run()
        } catch {
            try? store.close()
            throw error
        }
        try store.close()
    }
}
