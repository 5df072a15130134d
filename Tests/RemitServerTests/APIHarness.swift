import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RemitCore
import RemitRails
import RemitServer
import RemitStore
import RemitTestSupport

/// Drives the whole application in-process (or over a real socket) against a fresh store.
struct APIHarness: Sendable {
    let client: any TestClientProtocol
    let store: Store
    let key: String
    let tenant: Tenant

    static func run(_ backend: TestBackend = .sqlite, at location: StoreLocation? = nil, testing: TestingSetup = .router,
                    clock: WallClock = .system,
                    configuration: ServerConfiguration = ServerConfiguration(port: 0), rail: any PaymentRail = APIHarness.unusedRail,
                    refundRail: (any RefundRail)? = nil, _ body: @Sendable @escaping (APIHarness) async throws -> Void) async throws {
        let storeLocation: StoreLocation
        if let location { storeLocation = location } else { storeLocation = try await TestDatabase.location(backend) }
        try await TestDatabase.withStore(at: storeLocation, clock: clock) { store in
            let environment = Environment(clock: clock, ids: .system)
            let (tenant, key) = try await TenantService(store: store, environment: environment).createTenant(name: "Acme Supplies")
            let app = RemitApplication.application(store: store, configuration: configuration, environment: environment,
                                                   rail: rail, refundRail: refundRail, logger: TestDatabase.logger)
            try await app.test(testing) { client in
                try await body(APIHarness(client: client, store: store, key: key, tenant: tenant))
            }
            return true
        }
    }

    /// Runs the application over a real socket with a simulated gateway (no faults) as its
    /// rail and an executor that polls every 10 ms.
    static func runWithGateway(_ backend: TestBackend = .sqlite, at location: StoreLocation? = nil,
                               configure: @Sendable (inout ServerConfiguration) -> Void = { _ in }, refundRail: (any RefundRail)? = nil,
                               _ body: @Sendable @escaping (APIHarness) async throws -> Void) async throws {
        try await TestGateway.withGateway { port in
            var configuration = ServerConfiguration(port: 0)
            configuration.executor.idlePollMilliseconds = 10
            configuration.refunds.idlePollMilliseconds = 10
            configure(&configuration)
            let rail = SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", requestTimeout: .seconds(2)),
                                              logger: TestGateway.quiet)
            try await run(backend, at: location, testing: .live, configuration: configuration, rail: rail, refundRail: refundRail, body)
        }
    }

    /// A rail for tests that create no payments: nothing listens on the discard port, so a
    /// settlement would be an unknown outcome, never a silent success.
    static let unusedRail: any PaymentRail = SimulatedGatewayClient(configuration: .init(baseURL: "http://127.0.0.1:9"), logger: TestDatabase.logger)

    /// Polls `GET path` until `done` holds for its JSON, at most `seconds`: background work
    /// (the run executor, the outbox) finishes on its own schedule.
    func eventually(_ path: String, seconds: Double = 15, _ done: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var last = JSONValue.null
        while ContinuousClock.now < deadline {
            last = try await get(path).json
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        return last
    }

    /// A second tenant's key on the same store.
    func otherTenantKey() async throws -> String {
        try await TenantService(store: store, environment: Environment()).createTenant(name: "Other Supplier").apiKey
    }

    @discardableResult
    func request(_ method: HTTPRequest.Method, _ path: String, json: String? = nil, key: String? = nil,
                 idempotencyKey: String? = nil, contentType: String? = "application/json", headers extra: HTTPFields = [:]) async throws -> APIResponse {
        var headers = extra
        headers[.authorization] = "Bearer \(key ?? self.key)"
        if json != nil, let contentType { headers[.contentType] = contentType }
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return APIResponse(status: response.status.code, headers: response.headers, body: Array(buffer: response.body))
    }

    /// Sends raw bytes with exactly `headers`.
    func raw(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields, body: [UInt8]) async throws -> APIResponse {
        let response = try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(bytes: body))
        return APIResponse(status: response.status.code, headers: response.headers, body: Array(buffer: response.body))
    }

    /// POSTs `json` with a fresh idempotency key unless one is given.
    @discardableResult
    func post(_ path: String, _ json: String, idempotencyKey: String = UUID().uuidString, key: String? = nil) async throws -> APIResponse {
        try await request(.post, path, json: json, key: key, idempotencyKey: idempotencyKey)
    }

    func get(_ path: String, key: String? = nil) async throws -> APIResponse {
        try await request(.get, path, key: key)
    }

    /// Creates the standard test buyer and returns its id.
    func createBuyer(_ json: String = APIHarness.buyerJSON) async throws -> String {
        let response = try await post("/v1/buyers", json)
        guard response.status == 201, let id = response.json["id"]?.stringValue else {
            throw TestDatabaseError(description: "buyer creation failed: \(response.status) \(response.text)")
        }
        return id
    }

    /// How many invoices the tenant has.
    func invoiceCount() async throws -> Int {
        let tenant = tenant.id
        return try await store.read { try await $0.invoices(tenant: tenant, filter: InvoiceFilter(), page: PageRequest(limit: 100)) }.items.count
    }

    static let buyerJSON = """
    {"name": "Northwind Traders", "industry": "424410", "country": "US", "currency": "USD",
     "credit_terms": {"net_days": 60, "credit_limit": 25000000, "early_payment_discount": {"discount_bps": 200, "within_days": 10}},
     "departments": [{"code": "ENG", "name": "Engineering", "budget": {"amount": 10000000, "period": "quarterly"}, "approval_threshold": 2500000}],
     "approvers": [{"id": "apr_cfo", "name": "Dana Whitfield", "email": "dana@northwind.example", "roles": ["cfo"]}],
     "custom_field_schema": {"fields": [
       {"key": "cost_center", "label": "Cost center", "type": "string", "required": true, "pattern": "CC-[0-9]{3}", "max_length": 6},
       {"key": "headcount", "label": "Headcount", "type": "integer"},
       {"key": "fx_rate", "label": "FX rate", "type": "decimal"},
       {"key": "service_date", "label": "Service date", "type": "date"},
       {"key": "region", "label": "Region", "type": "enum", "allowed_values": ["emea", "amer"]},
       {"key": "capex", "label": "Capital expense", "type": "boolean"},
       {"key": "gl_account", "label": "GL account", "type": "string", "applies_to": ["line"]}]}}
    """

    static func invoiceJSON(buyer: String, number: String, customFields: String = #"{"cost_center": "CC-104"}"#,
                            lines: String = #"[{"description": "Consulting", "quantity": 3, "unit_amount": 125000}]"#,
                            extra: String = "") -> String {
        """
        {"buyer_id": "\(buyer)", "number": "\(number)", "currency": "USD", "issue_date": "2026-11-29",
         "custom_fields": \(customFields), "lines": \(lines)\(extra)}
        """
    }
}

/// A response as a test sees it.
struct APIResponse: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }

    /// The `errors[].field` of a problem response.
    var fieldErrors: [String] {
        guard case let .array(errors)? = json["errors"] else { return [] }
        return errors.compactMap { $0["field"]?.stringValue }
    }

    /// The `errors[].rule` of a problem response.
    var rules: [String] {
        guard case let .array(errors)? = json["errors"] else { return [] }
        return errors.compactMap { $0["rule"]?.stringValue }
    }

    var problemCode: String? { json["code"]?.stringValue }

    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}
