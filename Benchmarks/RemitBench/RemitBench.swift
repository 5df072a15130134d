import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RemitCore
import RemitRails
import RemitServer
import RemitStore

/// `remit-bench invoices`: invoice creations per second through HTTP, with idempotency keys, on
/// SQLite with `synchronous=FULL`, next to the raw single-row commit rate measured in the same run.
@main
struct RemitBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remit-bench", abstract: "Remit benchmarks.",
                                                    subcommands: [InvoiceBenchmark.self, WorkflowBenchmark.self, CheckoutBenchmark.self])
}

struct InvoiceBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "invoices", abstract: "POST /v1/invoices throughput and latency.")

    @Option(help: "Measured requests per concurrency level.") var requests = 2_000
    @Option(help: "Warm-up requests before measuring.") var warmup = 200
    @Option(parsing: .upToNextOption, help: "Concurrent clients; one run per value.") var concurrency: [Int] = [1, 8, 32]
    @Option(help: "Single-row transactions for the baseline.") var baselineCommits = 4_000
    @Option(help: "Loopback port for the server.") var port = 18_090

    func run() async throws {
        try await BenchSupport.withScratchFolder { folder in try await measure(in: folder, logger: BenchSupport.logger) }
    }

    private func measure(in folder: URL, logger: Logger) async throws {

        let baseline = try await SQLiteCommitBaseline.measure(path: folder.appendingPathComponent("baseline.sqlite").path, count: baselineCommits)
        print(String(format: "baseline: %.0f single-row durable SQLite commits/s (%d commits, WAL, synchronous=FULL)", baseline, baselineCommits))

        let store = try await Store.open(.sqlite(path: folder.appendingPathComponent("remit.sqlite").path), clock: .system, logger: logger)
        let settings = try await store.durabilitySettings()
        precondition(settings["synchronous"] == "FULL", "the benchmark must run with synchronous=FULL")
        let results = try await store.whileRunning { try await runLoad(store: store, logger: logger) }
        print("")
        print("| clients | requests | invoices/s | p50 ms | p90 ms | p99 ms | max ms | vs. baseline commits/s |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for result in results {
            print(String(format: "| %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f%% |", result.concurrency, result.requests, result.rate,
                         result.percentile(0.50), result.percentile(0.90), result.percentile(0.99), result.percentile(1.0),
                         100 * result.rate / baseline))
        }
        if let replay = results.first?.replayRate {
            print(String(format: "\nreplays (same key and body again, 1 client): %.0f/s", replay))
        }
    }

    private func runLoad(store: Store, logger: Logger) async throws -> [LoadResult] {
        let environment = Environment()
        let (_, key) = try await TenantService(store: store, environment: environment).createTenant(name: "Bench Supplier")
        let configuration = ServerConfiguration(host: "127.0.0.1", port: port)
        let app = RemitApplication.application(store: store, configuration: configuration, environment: environment,
                                               rail: SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:9"), logger: logger), logger: logger)
        return try await BenchSupport.whileServing({ try await app.run() }) {
            let client = LoadClient(baseURL: "http://127.0.0.1:\(port)", apiKey: key, maxConnections: (concurrency.max() ?? 1) + 2)
            try await client.waitUntilUp()
            let buyer = try await client.createBuyer()
            _ = try await client.load(buyer: buyer, prefix: "warm", count: warmup, concurrency: concurrency.max() ?? 1)
            var results: [LoadResult] = []
            for (index, clients) in concurrency.enumerated() {
                var result = try await client.load(buyer: buyer, prefix: "run\(index)", count: requests, concurrency: clients)
                if index == 0 { result.replayRate = try await client.replayRate(buyer: buyer, prefix: "run0", count: min(requests, 1_000)) }
                results.append(result)
            }
            try await client.http.shutdown()
            return results
        }
    }
}
