import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import RemitCore
import RemitGatewaySim
import RemitRails
import RemitServer
import RemitStore
import ServiceLifecycle

/// `remit-bench workflows`: durable run transitions per second of a five-step workflow
/// (start → condition → tax → settle on the simulated gateway → end) over many runs, next to
/// the raw single-row commit rate of the same database measured in the same run.
struct WorkflowBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workflows", abstract: "Run transitions per second.")

    @Option(help: "Payments (runs) to drive.") var runs = 500
    @Option(help: "Concurrent clients creating payments.") var clients = 8
    @Option(help: "A postgres:// URL; SQLite in a temporary folder when absent.") var database: String?
    @Option(help: "Single-row transactions for the baseline.") var baselineCommits = 3_000
    @Option(help: "Loopback port for the server.") var port = 18_091

    func run() async throws {
        try await BenchSupport.withScratchFolder { folder in try await measure(in: folder, logger: BenchSupport.logger) }
    }

    private func measure(in folder: URL, logger: Logger) async throws {
        let baseline: Double
        let location: StoreLocation
        if let database {
            baseline = try await PostgresCommitBaseline.measure(url: database, count: baselineCommits, logger: logger)
            location = .postgres(url: database)
        } else {
            baseline = try await SQLiteCommitBaseline.measure(path: folder.appendingPathComponent("baseline.sqlite").path, count: baselineCommits)
            location = .sqlite(path: folder.appendingPathComponent("remit.sqlite").path)
        }
        let store = try await Store.open(location, clock: .system, logger: logger)
        let gatewayPath = folder.appendingPathComponent("gateway.sqlite").path
        let result = try await store.whileRunning {
            try await withGateway(path: gatewayPath, logger: logger) { gatewayPort in
                try await drive(store: store, gatewayPort: gatewayPort, logger: logger)
            }
        }
        try await store.close()
        let transitions = Double(result.transitions)
        print(String(format: "backend: %@; baseline: %.0f single-row durable commits/s", store.backend, baseline))
        print(String(format: "%d runs in %.2f s: %.0f runs/s, %.0f durable run transitions/s (%.0f%% of the baseline), %.0f journal entries/s",
                     runs, result.seconds, Double(runs) / result.seconds, transitions / result.seconds,
                     100 * transitions / result.seconds / baseline, Double(result.journalEntries) / result.seconds))
    }

    struct Result: Sendable {
        var seconds: Double
        var transitions: Int
        var journalEntries: Int
    }

    private func withGateway<T: Sendable>(path: String, logger: Logger, _ body: @Sendable (Int) async throws -> T) async throws -> T {
        try await GatewaySimService.whileRunning(GatewaySimConfiguration(port: 0, databasePath: path, seed: 1), logger: logger, body)
    }

    private func drive(store: Store, gatewayPort: Int, logger: Logger) async throws -> Result {
        let environment = Environment()
        let (_, key) = try await TenantService(store: store, environment: environment).createTenant(name: "Bench Supplier")
        var configuration = ServerConfiguration(host: "127.0.0.1", port: port)
        configuration.executor.idlePollMilliseconds = 5
        let rail = SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:\(gatewayPort)"), logger: logger)
        let app = RemitApplication.application(store: store, configuration: configuration, environment: environment, rail: rail, logger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            group.addTask {
                let client = LoadClient(baseURL: "http://127.0.0.1:\(port)", apiKey: key, maxConnections: clients + 2)
                try await client.waitUntilUp()
                let invoice = try await client.prepareWorkflowBench()
                let start = ContinuousClock.now
                try await client.createPayments(invoice: invoice, count: runs, concurrency: clients)
                while try await store.read({ try await $0.runStatusCounts() })["completed", default: 0] < runs {
                    guard ContinuousClock.now - start < .seconds(600) else { throw BenchError(description: "runs did not finish in 10 minutes") }
                    try await Task.sleep(for: .milliseconds(5))
                }
                let seconds = (ContinuousClock.now - start).seconds
                let entries = try await store.read { try await $0.journalEntryCount() }
                try await client.http.shutdown()
                // Each run commits three transitions: created and started (through the tax step's
                // request), the tax result (through the settlement's request), the settlement (to the end).
                return Result(seconds: seconds, transitions: 3 * runs, journalEntries: entries)
            }
            var result: Result?
            while let next = try await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            guard let result else { throw BenchError(description: "the benchmark stopped early") }
            return result
        }
    }
}

extension LoadClient {
    /// A buyer, a large invoice and the five-step workflow as the default; returns the invoice id.
    func prepareWorkflowBench() async throws -> String {
        let buyer = try await createBuyer()
        let invoice = """
        {"buyer_id": "\(buyer)", "number": "WF-BENCH", "currency": "USD", "custom_fields": {"cost_center": "CC-104"},
         "lines": [{"description": "Capacity", "unit_amount": 900000000000000}]}
        """
        let (status, body) = try await post("/v1/invoices", body: invoice, idempotencyKey: UUID().uuidString)
        guard status == 201, let id = try JSONParser.parse(Array(buffer: body))["id"]?.stringValue else {
            throw BenchError(description: "invoice creation failed with \(status)")
        }
        let workflow = """
        {"name": "Five steps", "default": true, "definition": {"nodes": [{"id": "start", "type": "start"},
          {"id": "check", "type": "condition", "expression": "payment.amount > 0"}, {"id": "tax", "type": "tax"},
          {"id": "settle", "type": "settle"}, {"id": "done", "type": "end"}, {"id": "skip", "type": "end", "result": "rejected"}],
         "edges": [{"from": "start", "to": "check"}, {"from": "check", "to": "tax", "on": "true"}, {"from": "check", "to": "skip", "on": "false"},
          {"from": "tax", "to": "settle"}, {"from": "settle", "to": "done", "on": "settled"}]}}
        """
        let (created, _) = try await post("/v1/workflows", body: workflow, idempotencyKey: UUID().uuidString)
        guard created == 201 else { throw BenchError(description: "workflow creation failed with \(created)") }
        return id
    }

    /// Creates `count` payments of 1.00 from `concurrency` clients.
    func createPayments(invoice: String, count: Int, concurrency: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var index = worker
                    while index < count {
                        let (status, _) = try await post("/v1/payments", body: #"{"invoice_id": "\#(invoice)", "method": "wire", "amount": 100}"#,
                                                         idempotencyKey: "wf-\(index)")
                        guard status == 201 else { throw BenchError(description: "POST /v1/payments answered \(status)") }
                        index += concurrency
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
