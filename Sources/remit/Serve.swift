import ArgumentParser
import Foundation
import Logging
import RemitConnectors
import RemitCore
import RemitRails
import RemitServer
import RemitWorkflow
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
    @Option(help: "How long a node holds a run it is executing before another node may take it over, in ms.")
    var runLeaseMs: Int64 = 30_000
    @Option(help: "The most attempts of a failing step before its run fails.") var stepAttemptsMax = 5
    @Option(help: "The first retry delay of a failing step, in ms; it doubles with full jitter.") var stepBackoffMs: Int64 = 1_000
    @Flag(name: .customLong("allow-loopback-urls"), help: "Let tenants name http:// and loopback URLs for webhooks and Slack (local development and tests only).")
    var allowLoopbackURLs = false
    @Option(name: .customLong("public-url"), help: "Where people reach this server, for the links in approval emails (https://remit.example.com); by default http://HOST:PORT.")
    var publicURL: String?
    @Flag(name: .customLong("no-executor"), help: "Serve the API only; other nodes on the same database execute the runs.")
    var noExecutor = false
    @Option(name: .customLong("stripe-api-base"),
            help: "Stripe's API base URL. Stripe is used when REMIT_STRIPE_SECRET_KEY is set (and its webhook when REMIT_STRIPE_WEBHOOK_SECRET is).")
    var stripeAPIBase = StripeConfiguration.baseURLDefault
    @Option(help: "Log format: json or text.") var logFormat = "json"
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
        guard (1...24 * 365).contains(idempotencyRetentionHours) else { throw ValidationError("--idempotency-retention-hours must be 1 to 8760") }
        guard (1_024...(64 << 20)).contains(requestBodyBytesMax) else { throw ValidationError("--request-body-bytes-max must be 1 KiB to 64 MiB") }
        guard (1_000...3_600_000).contains(runLeaseMs) else { throw ValidationError("--run-lease-ms must be 1,000 to 3,600,000") }
        guard (1...100).contains(stepAttemptsMax) else { throw ValidationError("--step-attempts-max must be 1 to 100") }
        guard (10...600_000).contains(stepBackoffMs) else { throw ValidationError("--step-backoff-ms must be 10 to 600,000") }
        if let publicURL {
            guard let url = URLComponents(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), !(url.host ?? "").isEmpty,
                  url.query == nil, url.fragment == nil
            else { throw ValidationError("--public-url must be an http:// or https:// URL with a host and no query, such as https://remit.example.com") }
        }
        guard let stripeURL = URLComponents(string: stripeAPIBase), ["http", "https"].contains(stripeURL.scheme ?? ""),
              !(stripeURL.host ?? "").isEmpty, stripeURL.query == nil
        else { throw ValidationError("--stripe-api-base must be an http:// or https:// URL such as https://api.stripe.com") }
        let environment = ProcessInfo.processInfo.environment
        if environment["REMIT_STRIPE_WEBHOOK_SECRET"].map({ !$0.isEmpty }) == true, environment["REMIT_STRIPE_SECRET_KEY"].map({ !$0.isEmpty }) != true {
            throw ValidationError("REMIT_STRIPE_WEBHOOK_SECRET needs REMIT_STRIPE_SECRET_KEY as well")
        }
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
        configuration.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        configuration.executor.enabled = !noExecutor
        configuration.stripe = Self.stripe(baseURL: stripeAPIBase, environment: ProcessInfo.processInfo.environment)
        if let stripe = configuration.stripe { logger.info("stripe enabled", metadata: ["stripe.configuration": "\(stripe)"]) }
        configuration.executor.leaseMilliseconds = runLeaseMs
        configuration.executor.runPolicy = RunPolicy(attemptsMax: stepAttemptsMax, backoffBaseMilliseconds: stepBackoffMs,
                                                     backoffMaxMilliseconds: max(stepBackoffMs, 300_000))
        let server = RemitServerService(store: store, configuration: configuration, environment: Environment(), logger: logger,
                                        demo: demo,
                                        rail: SimulatedGatewayClient(configuration: .init(baseURL: gatewayURL), logger: logger)) { message in
            FileHandle.standardOutput.write(Data((message + "\n").utf8))
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: store), .init(service: server)]
        if demo, let gatewayPort = URLComponents(string: gatewayURL)?.port, gatewayURL.hasPrefix("http://127.0.0.1") {
            let dataPath = database.database.hasPrefix("postgres") ? "gateway.sqlite" : database.database + ".gateway.sqlite"
            services.insert(.init(service: GatewayChild(port: gatewayPort, dataPath: dataPath, logger: logger),
                                  successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore), at: 0)
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        try await store.close()
    }

    /// The Stripe configuration from the environment: nil without `REMIT_STRIPE_SECRET_KEY`.
    /// Secrets come from the environment, not the command line, so they stay out of `ps`.
    static func stripe(baseURL: String, environment: [String: String]) -> StripeConfiguration? {
        guard let key = environment["REMIT_STRIPE_SECRET_KEY"], !key.isEmpty else { return nil }
        let secrets = environment["REMIT_STRIPE_WEBHOOK_SECRET"].map { [$0] }?.filter { !$0.isEmpty } ?? []
        return StripeConfiguration(baseURL: baseURL, secretKey: key, webhookSigningSecrets: secrets)
    }
}
