import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RemitCore
import RemitRails
import RemitServer
import RemitStore
import RemitTestSupport
import Testing

@Suite struct RestartTests {
    /// Runs one server lifetime over the database at `location`.
    private func lifetime<T: Sendable>(_ location: StoreLocation, _ body: @Sendable @escaping (Store, any TestClientProtocol) async throws -> T) async throws -> T {
        try await TestDatabase.withStore(at: location) { store in
            let app = RemitApplication.application(store: store, configuration: ServerConfiguration(port: 0), environment: Environment(),
                                                   rail: APIHarness.unusedRail, logger: TestDatabase.logger)
            return try await app.test(.live) { client in try await body(store, client) }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func buyersInvoicesAndIdempotencyKeysSurviveAServerRestart(_ backend: TestBackend) async throws {
        let location = try await TestDatabase.location(backend)
        let (key, invoicePath, invoiceBody, requestBody) = try await lifetime(location) { store, client in
            let key = try await TenantService(store: store, environment: Environment()).createTenant(name: "Restart Co").apiKey
            var headers: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
            headers[HTTPField.Name("Idempotency-Key")!] = "buyer-1"
            let buyer = try await client.execute(uri: "/v1/buyers", method: .post, headers: headers, body: ByteBuffer(string: APIHarness.buyerJSON))
            let buyerID = try #require(try JSONParser.parse(Array(buffer: buyer.body))["id"]?.stringValue)
            headers[HTTPField.Name("Idempotency-Key")!] = "invoice-1"
            let body = APIHarness.invoiceJSON(buyer: buyerID, number: "INV-R1")
            let invoice = try await client.execute(uri: "/v1/invoices", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(invoice.status == .created)
            return (key, try #require(invoice.headers[.location]), Array(buffer: invoice.body), body)
        }
        try await lifetime(location) { _, client in
            let fetched = try await client.execute(uri: invoicePath, method: .get, headers: [.authorization: "Bearer \(key)"], body: nil)
            #expect(fetched.status == .ok && Array(buffer: fetched.body) == invoiceBody)
            var headers: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
            headers[HTTPField.Name("Idempotency-Key")!] = "invoice-1"
            let replay = try await client.execute(uri: "/v1/invoices", method: .post, headers: headers, body: ByteBuffer(string: requestBody))
            #expect(replay.status == .created && Array(buffer: replay.body) == invoiceBody)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
        }
    }
}
