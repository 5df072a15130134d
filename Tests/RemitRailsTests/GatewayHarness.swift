import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RemitCore
import RemitGatewaySim
import RemitRails
import RemitTestSupport
import ServiceLifecycle

/// Runs the real simulated gateway on 127.0.0.1 (a free port) in this process, over a SQLite
/// file, for the length of one closure.
struct GatewayHarness {
    /// The timeout of tests that expect an answer: generous, so a loaded machine does not flake.
    static let clientTimeout = Duration.seconds(2)
    /// The timeout of tests that expect no answer in time: a held answer times out quickly.
    static let shortTimeout = Duration.milliseconds(300)
    static let quiet = Logger(label: "remit.tests.gateway") { _ in SwiftLogNoOpLogHandler() }

    /// A fresh path for a gateway file in the temporary directory.
    static func temporaryPath() -> String { TestGateway.temporaryPath() }

    /// Deletes a gateway file with its WAL and shared-memory files.
    static func removeDatabase(at path: String) { TestGateway.removeDatabase(at: path) }

    /// Starts a gateway, hands `body` a running ``Gateway``, then shuts it down gracefully.
    static func withGateway<T: Sendable>(seed: UInt64 = 1, faults: GatewayFaults = GatewayFaults(), path: String? = nil,
                                         _ body: @Sendable (Gateway) async throws -> T) async throws -> T {
        try await TestGateway.withGateway(seed: seed, faults: faults, path: path) { try await body(Gateway(port: $0)) }
    }
}

/// A running gateway: its address, a client, and raw HTTP helpers.
struct Gateway: Sendable {
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    func client(timeout: Duration = GatewayHarness.clientTimeout) -> SimulatedGatewayClient {
        SimulatedGatewayClient(configuration: .init(baseURL: baseURL, requestTimeout: timeout), logger: GatewayHarness.quiet)
    }

    /// The whole settlement log, following pages.
    func settlements() async throws -> [JSONValue] {
        var entries: [JSONValue] = []
        var after: Int64 = 0
        while true {
            let (status, body) = try await get("/v1/settlements?after=\(after)&limit=2")
            guard status == 200, case let .array(page)? = body["data"] else { throw HarnessError("settlements answered \(status)") }
            entries += page
            guard let next = body["next_after"]?.int64Value else { return entries }
            after = next
        }
    }

    func get(_ path: String) async throws -> (UInt, JSONValue) {
        let response = try await send(path, method: .GET, headers: [:], body: nil)
        return (response.status, try JSONParser.parse(response.body))
    }

    /// A raw request, for checks of exact statuses and bytes.
    func send(_ path: String, method: HTTPMethod, headers: [String: String], body: String?) async throws -> (status: UInt, headers: [String: String], body: [UInt8]) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return (response.status.code, fields, Array(buffer: bytes))
    }

    /// A raw `POST /v1/charges`.
    func postCharge(key: String?, body: String, contentType: String = "application/json") async throws -> (status: UInt, headers: [String: String], body: [UInt8]) {
        var headers = ["Content-Type": contentType]
        if let key { headers["Idempotency-Key"] = key }
        return try await send("/v1/charges", method: .POST, headers: headers, body: body)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A ready-made instruction.
func instruction(_ number: Int = 1, amount: Int64 = 125_000, currency: Currency = .usd, method: PaymentMethod = .achCredit) -> SettlementInstruction {
    SettlementInstruction(paymentID: PaymentID(rawValue: "pay_test\(number)"), amount: Money(minorUnits: amount, currency: currency),
                          method: method, reference: "INV-\(1000 + number)", metadata: ["run_id": "run_\(number)", "step": "settle"])
}
