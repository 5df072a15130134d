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
    @Option(help: "settle: start, condition, tax, settlement on the simulated gateway, end; internal: start, condition, tax, a timer wait, end.")
    var workflow = "settle"

    func validate() throws {
        guard ["settle", "internal"].contains(workflow) else { throw ValidationError("--workflow is settle or internal") }
    }

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
        let results = try await store.whileRunning {
            try await withGateway(path: gatewayPath, logger: logger) { gatewayPort in
                try await measureAll(store: store, gatewayPort: gatewayPort, logger: logger)
            }
        }
        try await store.close()
        print(String(format: "backend: %@; workflow: %@; baseline: %.0f single-row durable commits/s; %d runs per phase",
                     store.backend, workflow, baseline, runs))
        for result in results {
            let rate = Double(result.transitions) / result.seconds
            print(String(format: "  %@: %.2f s, %.0f runs/s, %.0f durable run transitions/s (%.0f%% of the baseline)",
                         result.phase, result.seconds, Double(runs) / result.seconds, rate, 100 * rate / baseline))
        }
    }

    struct Result: Sendable {
        var phase: String
        var seconds: Double
        var transitions: Int
    }

    private func withGateway<T: Sendable>(path: String, logger: Logger, _ body: @Sendable (Int) async throws -> T) async throws -> T {
        var configuration = GatewaySimConfiguration(port: 0, databasePath: path, seed: 1)
        configuration.synchronousCommits = false
        return try await GatewaySimService.whileRunning(configuration, logger: logger, body)
    }

    /// Three phases on one database, each with `runs` new payments:
    /// 1. payments created over HTTP with no executor running (each creation is one
    ///    transaction that also starts the run: its first transition);
    /// 2. and 3. the executor alone drives those runs to the end, with one transaction per
    ///    transition and then with group commit (two transitions per run: the tax result and
    ///    the settlement);
    /// 4. end to end: payments created while the executor runs (three transitions per run).
    private func measureAll(store: Store, gatewayPort: Int, logger: Logger) async throws -> [Result] {
        let environment = Environment()
        let (_, key) = try await TenantService(store: store, environment: environment).createTenant(name: "Bench Supplier")
        let rail = SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:\(gatewayPort)"), logger: logger)
        let invoice = try await withApp(store: store, key: key, environment: environment, rail: rail, executor: nil, logger: logger) { client in
            try await client.prepareWorkflowBench(settling: workflow == "settle")
        }
        var results: [Result] = []
        for (label, batch) in [("one transaction per transition", 1), ("group commit", 64)] {
            let target = try await completedRuns(store) + runs
            let created = try await withApp(store: store, key: key, environment: environment, rail: rail, executor: nil, logger: logger) { client in
                let start = ContinuousClock.now
                try await client.createPayments(invoice: invoice, count: runs, concurrency: clients, keyPrefix: "wf-\(batch)")
                return (ContinuousClock.now - start).seconds
            }
            results.append(Result(phase: "payments created (HTTP, \(clients) clients)", seconds: created, transitions: runs))
            let executed = try await withApp(store: store, key: key, environment: environment, rail: rail, executor: batch, logger: logger) { _ in
                try await waitForCompletedRuns(store, target)
            }
            results.append(Result(phase: "executor, \(label)", seconds: executed, transitions: 2 * runs))
        }
        let target = try await completedRuns(store) + runs
        let endToEnd = try await withApp(store: store, key: key, environment: environment, rail: rail, executor: 64, logger: logger) { client in
            let start = ContinuousClock.now
            try await client.createPayments(invoice: invoice, count: runs, concurrency: clients, keyPrefix: "wf-e2e")
            _ = try await waitForCompletedRuns(store, target)
            return (ContinuousClock.now - start).seconds
        }
        results.append(Result(phase: "end to end, group commit", seconds: endToEnd, transitions: 3 * runs))
        return results
    }

    private func completedRuns(_ store: Store) async throws -> Int {
        try await store.read { try await $0.runStatusCounts() }["completed", default: 0]
    }

    /// Waits until `target` runs have completed; returns the seconds it took.
    private func waitForCompletedRuns(_ store: Store, _ target: Int) async throws -> Double {
        let start = ContinuousClock.now
        while try await completedRuns(store) < target {
            guard ContinuousClock.now - start < .seconds(600) else { throw BenchError(description: "runs did not finish in 10 minutes") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return (ContinuousClock.now - start).seconds
    }

    /// Runs the application (with an executor committing `executor` transitions per
    /// transaction, or none) while `body` uses it over HTTP, then stops it.
    private func withApp<T: Sendable>(store: Store, key: String, environment: Environment, rail: any PaymentRail, executor: Int?, logger: Logger,
                                      _ body: @escaping @Sendable (LoadClient) async throws -> T) async throws -> T {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: port)
        configuration.executor.enabled = executor != nil
        configuration.executor.commitBatchMax = executor ?? 1
        configuration.executor.idlePollMilliseconds = 5
        let app = RemitApplication.application(store: store, configuration: configuration, environment: environment, rail: rail, logger: logger)
        return try await BenchSupport.whileServing({ try await app.run() }) {
            let client = LoadClient(baseURL: "http://127.0.0.1:\(port)", apiKey: key, maxConnections: clients + 2)
            try await client.waitUntilUp()
            do {
                let result = try await body(client)
                try await client.http.shutdown()
                return result
            } catch {
                try? await client.http.shutdown()
                throw error
            }
        }
    }
}

extension LoadClient {
    /// A buyer, a large invoice and the five-step workflow as the default; returns the invoice id.
    func prepareWorkflowBench(settling: Bool) async throws -> String {
        let buyer = try await createBuyer()
        let invoice = """
        {"buyer_id": "\(buyer)", "number": "WF-BENCH", "currency": "USD", "custom_fields": {"cost_center": "CC-104"},
         "lines": [{"description": "Capacity", "unit_amount": 900000000000000}]}
        """
        let (status, body) = try await post("/v1/invoices", body: invoice, idempotencyKey: UUID().uuidString)
        guard status == 201, let id = try JSONParser.parse(Array(buffer: body))["id"]?.stringValue else {
            throw BenchError(description: "invoice creation failed with \(status)")
        }
        // The fourth step settles on the simulated gateway (a loopback HTTP round trip and the
        // gateway's own write), or waits for a timer that is due at once (a durable timer
        // transition and nothing outside Remit).
        let fourth = settling ? #"{"id": "settle", "type": "settle"}"# : #"{"id": "settle", "type": "wait", "until": "now"}"#
        let fourthEdge = settling ? #"{"from": "settle", "to": "done", "on": "settled"}"# : #"{"from": "settle", "to": "done"}"#
        let workflow = """
        {"name": "Five steps", "default": true, "definition": {"nodes": [{"id": "start", "type": "start"},
          {"id": "check", "type": "condition", "expression": "payment.amount > 0"}, {"id": "tax", "type": "tax"},
          \(fourth), {"id": "done", "type": "end"}, {"id": "skip", "type": "end", "result": "rejected"}],
         "edges": [{"from": "start", "to": "check"}, {"from": "check", "to": "tax", "on": "true"}, {"from": "check", "to": "skip", "on": "false"},
          {"from": "tax", "to": "settle"}, \(fourthEdge)]}}
        """
        let (created, _) = try await post("/v1/workflows", body: workflow, idempotencyKey: UUID().uuidString)
        guard created == 201 else { throw BenchError(description: "workflow creation failed with \(created)") }
        return id
    }

    /// Creates `count` payments of 1.00 from `concurrency` clients.
    func createPayments(invoice: String, count: Int, concurrency: Int, keyPrefix: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var index = worker
                    while index < count {
                        let (status, _) = try await post("/v1/payments", body: #"{"invoice_id": "\#(invoice)", "method": "wire", "amount": 100}"#,
                                                         idempotencyKey: "\(keyPrefix)-\(index)")
                        guard status == 201 else { throw BenchError(description: "POST /v1/payments answered \(status)") }
                        index += concurrency
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
