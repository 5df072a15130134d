import ArgumentParser
import Foundation
import Logging
import RemitCore
import RemitRails
import RemitServer
import RemitStore

/// `remit-bench checkout`: `POST /v1/checkout_sessions` through HTTP — each request computes the
/// buyer context from the database, decides with the built-in policy and stores the session in
/// one transaction — sessions per second and latency percentiles, on SQLite.
struct CheckoutBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkout", abstract: "Checkout sessions per second through HTTP.")

    @Option(help: "Measured sessions per concurrency level.") var requests = 2_000
    @Option(help: "Warm-up sessions before measuring.") var warmup = 200
    @Option(parsing: .upToNextOption, help: "Concurrent clients; one run per value.") var concurrency: [Int] = [1, 8]
    @Option(help: "Loopback port for the server.") var port = 18_092

    func run() async throws {
        try await BenchSupport.withScratchFolder { folder in
            let logger = BenchSupport.logger
            let store = try await Store.open(.sqlite(path: folder.appendingPathComponent("remit.sqlite").path), clock: .system, logger: logger)
            let results = try await store.whileRunning { try await runLoad(store: store, logger: logger) }
            print("| clients | sessions | sessions/s | p50 ms | p90 ms | p99 ms | max ms |")
            print("|---:|---:|---:|---:|---:|---:|---:|")
            for result in results {
                print(String(format: "| %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f |", result.concurrency, result.requests, result.rate,
                             result.percentile(0.50), result.percentile(0.90), result.percentile(0.99), result.percentile(1.0)))
            }
        }
    }

    private func runLoad(store: Store, logger: Logger) async throws -> [LoadResult] {
        let environment = Environment()
        let (_, key) = try await TenantService(store: store, environment: environment).createTenant(name: "Bench Supplier")
        let app = RemitApplication.application(store: store, configuration: ServerConfiguration(host: "127.0.0.1", port: port),
                                               environment: environment,
                                               rail: SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:9"), logger: logger), logger: logger)
        return try await BenchSupport.whileServing({ try await app.run() }) {
            let client = LoadClient(baseURL: "http://127.0.0.1:\(port)", apiKey: key, maxConnections: (concurrency.max() ?? 1) + 2)
            try await client.waitUntilUp()
            let buyer = try await client.createBuyer()
            let (status, body) = try await client.post("/v1/invoices", body: LoadClient.invoice(buyer: buyer, number: "CHECKOUT-1"),
                                                       idempotencyKey: UUID().uuidString)
            guard status == 201, let invoice = try JSONParser.parse(Array(buffer: body))["id"]?.stringValue else {
                throw BenchError(description: "invoice creation answered \(status)")
            }
            _ = try await client.sessions(invoice: invoice, count: warmup, concurrency: concurrency.max() ?? 1)
            var results: [LoadResult] = []
            for clients in concurrency {
                results.append(try await client.sessions(invoice: invoice, count: requests, concurrency: clients))
            }
            try await client.http.shutdown()
            return results
        }
    }
}

extension LoadClient {
    /// Creates `count` checkout sessions for `invoice` from `concurrency` clients; each must answer 201.
    func sessions(invoice: String, count: Int, concurrency: Int) async throws -> LoadResult {
        try await measure(count: count, concurrency: concurrency) { _ in
            let (status, _) = try await post("/v1/checkout_sessions", body: #"{"invoice_id": "\#(invoice)"}"#, idempotencyKey: UUID().uuidString)
            guard status == 201 else { throw BenchError(description: "POST /v1/checkout_sessions answered \(status)") }
        }
    }
}
