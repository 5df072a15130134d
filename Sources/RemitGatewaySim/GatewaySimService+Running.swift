import Logging
import ServiceLifecycle

extension GatewaySimService {
    /// Runs a gateway in this process for the length of `body`, which receives the port it
    /// listens on (ask for port 0 to get a free one), then shuts it down gracefully. For tests
    /// and benchmarks; production runs `remit gateway-sim` as its own process.
    public static func whileRunning<T: Sendable>(_ configuration: GatewaySimConfiguration, logger: Logger,
                                                 _ body: @Sendable (_ port: Int) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let service = GatewaySimService(configuration: configuration, logger: logger) { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw GatewayStartError() }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(port))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}

/// The in-process gateway stopped before it listened.
public struct GatewayStartError: Error, CustomStringConvertible {
    public var description: String { "the simulated gateway did not start" }
}
