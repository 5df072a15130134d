import Logging
import RemitCore
import ServiceLifecycle

/// A running stand-in, as a test holds it: its address and its state.
public struct StripeSim: Sendable {
    /// The port it listens on.
    public let port: Int
    /// What it holds: requests received, PaymentIntents, events, queued faults.
    public let state: StripeSimState

    /// `http://127.0.0.1:PORT`, the base URL to configure the client with.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
}

extension StripeSimService {
    /// Runs a stand-in in this process for the length of `body`, which receives it running
    /// (ask for port 0 to get a free one), then shuts it down gracefully. For tests; a
    /// developer can run the same service on a fixed port.
    public static func whileRunning<T: Sendable>(_ configuration: StripeSimConfiguration, clock: WallClock = .system, logger: Logger,
                                                 _ body: @Sendable (StripeSim) async throws -> T) async throws -> T {
        let state = StripeSimState(configuration: configuration, clock: clock)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let service = StripeSimService(configuration: configuration, state: state, logger: logger) { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await tasks.waitForAll()
                throw StripeSimStartError(description: "the Stripe stand-in did not start")
            }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(StripeSim(port: port, state: state)))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            await state.finishWebhooks()
            try await tasks.waitForAll()
            return try result.get()
        }
    }
}
