import ArgumentParser
import Foundation
import Logging
import RemitGatewaySim
import ServiceLifecycle

/// `remit gateway-sim`: the simulated payment gateway, a separate process with its own SQLite
/// file, until SIGINT or SIGTERM. Prints `gateway-sim listening on http://HOST:PORT` when ready.
struct GatewaySimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway-sim",
        abstract: "Run the simulated payment gateway (deterministic under --seed; faults off by default).")

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on; 0 picks a free one.") var port = 8090
    @Option(help: "The gateway's SQLite file.") var data = "gateway.sqlite"
    @Option(help: "The seed every simulated outcome is drawn from.") var seed: UInt64 = 1
    @Option(help: "Share of new charges declined (0 to 1).") var declineRate = 0.0
    @Option(help: "Share of attempts answered 503 before anything is recorded (0 to 1).") var errorRate = 0.0
    @Option(help: "Share of new charges committed whose answer is then lost (0 to 1).") var lostAnswerRate = 0.0
    @Option(help: "How long a lost answer holds the connection before closing it, in ms; 0 closes at once.")
    var lostAnswerHoldMs = 10_000
    @Option(help: "Least latency of a charge request, in ms.") var latencyMsMin = 0
    @Option(help: "Most latency of a charge request, in ms.") var latencyMsMax = 0
    @Option(help: "Log format: json or text.") var logFormat = "json"
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    var gatewayConfiguration: GatewaySimConfiguration {
        GatewaySimConfiguration(
            host: host, port: port, databasePath: data, seed: seed,
            faults: GatewayFaults(declineRate: declineRate, errorBeforeCommitRate: errorRate, lostAnswerRate: lostAnswerRate,
                                  latencyMillisecondsMin: latencyMsMin, latencyMillisecondsMax: latencyMsMax,
                                  lostAnswerHoldMilliseconds: lostAnswerHoldMs))
    }

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let problem = gatewayConfiguration.faults.problems.first { throw ValidationError(problem) }
        guard ["json", "text"].contains(logFormat) else { throw ValidationError("--log-format must be json or text") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level is not a log level") }
    }

    func run() async throws {
        LogSetup.bootstrap(format: logFormat, level: Logger.Level(rawValue: logLevel) ?? .info)
        let logger = Logger(label: "remit.gateway-sim")
        let host = self.host
        let service = GatewaySimService(configuration: gatewayConfiguration, logger: logger) { port in
            FileHandle.standardOutput.write(Data("gateway-sim listening on http://\(host):\(port)\n".utf8))
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
