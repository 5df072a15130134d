import ArgumentParser
import Foundation
import Logging
import RemitConnectors
import RemitCore
import RemitRails
import RemitServer
import RemitStore
import ServiceLifecycle

/// `remit serve`: the HTTP API and background services, until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Remit server.")

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Seed a demo tenant on an empty database and print its API key.") var demo = false
    @Option(help: "Hours an Idempotency-Key and its response are kept.") var idempotencyRetentionHours = 24
    @Option(help: "Largest request body in bytes.") var requestBodyBytesMax = 1 << 20
    @Option(help: "Base URL of the payment gateway (remit gateway-sim) that settle steps use.") var gatewayURL = "http://127.0.0.1:8090"
    @Flag(help: "Let tenants name http:// and loopback URLs for webhooks and Slack (local development and tests only).")
    var allowLoopbackURLs = false
    @Option(help: "Log format: json or text.") var logFormat = "json"
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
        guard (1...24 * 365).contains(idempotencyRetentionHours) else { throw ValidationError("--idempotency-retention-hours must be 1 to 8760") }
        guard (1_024...(64 << 20)).contains(requestBodyBytesMax) else { throw ValidationError("--request-body-bytes-max must be 1 KiB to 64 MiB") }
        guard ["json", "text"].contains(logFormat) else { throw ValidationError("--log-format must be json or text") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level is not a log level") }
    }

    func run() async throws {
        LogSetup.bootstrap(format: logFormat, level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "remit")
        let store = try await Store.open(StoreLocation(argument: database.database), clock: .system, logger: logger)
        var configuration = ServerConfiguration(host: host, port: port, requestBodyBytesMax: requestBodyBytesMax)
        configuration.idempotency.retentionMilliseconds = Int64(idempotencyRetentionHours) * 3_600_000
        if allowLoopbackURLs { configuration.outbox.urlPolicy = .localTesting }
        let server = RemitServerService(store: store, configuration: configuration, environment: Environment(), logger: logger,
                                        demo: demo,
                                        rail: SimulatedGatewayClient(configuration: .init(baseURL: gatewayURL), logger: logger)) { message in
            FileHandle.standardOutput.write(Data((message + "\n").utf8))
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: store), .init(service: server)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        try await store.close()
    }
}
