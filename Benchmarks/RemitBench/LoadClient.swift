import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RemitCore

/// One measured run.
struct LoadResult: Sendable {
    var concurrency: Int
    var requests: Int
    var rate: Double
    /// Sorted latencies in milliseconds.
    var latencies: [Double]
    var replayRate: Double?

    func percentile(_ p: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let rank = Int((p * Double(latencies.count)).rounded(.up)) - 1
        return latencies[min(max(rank, 0), latencies.count - 1)]
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

/// An HTTP client that posts invoices with unique idempotency keys over real loopback sockets.
struct LoadClient: Sendable {
    let baseURL: String
    let apiKey: String
    let http: HTTPClient

    init(baseURL: String, apiKey: String, maxConnections: Int) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnections)
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func waitUntilUp() async throws {
        for _ in 0..<100 {
            if let response = try? await http.execute(HTTPClientRequest(url: baseURL + "/healthz"), timeout: .seconds(1)), response.status == .ok {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError(description: "the server did not come up")
    }

    func post(_ path: String, body: String, idempotencyKey: String) async throws -> (status: UInt, body: ByteBuffer) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: .seconds(30))
        return (response.status.code, try await response.body.collect(upTo: 1 << 20))
    }

    func createBuyer() async throws -> String {
        let body = """
        {"name": "Bench Buyer", "country": "US", "currency": "USD", "credit_terms": {"net_days": 30, "credit_limit": 100000000},
         "custom_field_schema": {"fields": [{"key": "cost_center", "label": "Cost center", "type": "string", "pattern": "CC-[0-9]{3}"}]}}
        """
        let (status, buffer) = try await post("/v1/buyers", body: body, idempotencyKey: UUID().uuidString)
        guard status == 201, let id = try JSONParser.parse(Array(buffer: buffer))["id"]?.stringValue else {
            throw BenchError(description: "buyer creation failed with \(status)")
        }
        return id
    }

    static func invoice(buyer: String, number: String) -> String {
        """
        {"buyer_id": "\(buyer)", "number": "\(number)", "currency": "USD", "custom_fields": {"cost_center": "CC-104"},
         "lines": [{"description": "Consulting", "quantity": 3, "unit_amount": 125000}, {"description": "Travel", "unit_amount": 18050}]}
        """
    }

    /// Posts `count` invoices from `concurrency` clients; each must answer 201.
    func load(buyer: String, prefix: String, count: Int, concurrency: Int) async throws -> LoadResult {
        try await measure(count: count, concurrency: concurrency) { index in
            let number = "\(prefix)-\(index)"
            let (status, _) = try await post("/v1/invoices", body: Self.invoice(buyer: buyer, number: number), idempotencyKey: number)
            guard status == 201 else { throw BenchError(description: "POST /v1/invoices answered \(status)") }
        }
    }

    /// Makes requests 0..<`count` from `concurrency` clients, each client taking every
    /// `concurrency`-th, and measures each request's latency and the overall rate.
    func measure(count: Int, concurrency: Int, _ request: @escaping @Sendable (Int) async throws -> Void) async throws -> LoadResult {
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    for index in stride(from: worker, to: count, by: concurrency) {
                        let began = ContinuousClock.now
                        try await request(index)
                        mine.append((ContinuousClock.now - began).milliseconds)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        return LoadResult(concurrency: concurrency, requests: count, rate: Double(count) / (ContinuousClock.now - start).seconds,
                          latencies: latencies.sorted())
    }

    /// Replays of requests already made: the idempotency fast path.
    func replayRate(buyer: String, prefix: String, count: Int) async throws -> Double {
        let start = ContinuousClock.now
        for index in 0..<count {
            let number = "\(prefix)-\(index)"
            let (status, _) = try await post("/v1/invoices", body: Self.invoice(buyer: buyer, number: number), idempotencyKey: number)
            guard status == 201 else { throw BenchError(description: "replay answered \(status)") }
        }
        let elapsed = ContinuousClock.now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
