import Foundation
import RemitCore
import RemitLedger
import RemitRails
import RemitServer
import RemitStore
import Testing

/// A refund rail that answers from a script and records every request, for outcomes the
/// simulated gateway never gives (a decline, an unknown answer).
actor ScriptedRefundRail: RefundRail {
    private var script: [RefundOutcome]
    private let last: RefundOutcome
    private(set) var requests: [(instruction: RefundInstruction, key: String)] = []

    /// Answers `script` in order, then `last` for ever.
    init(_ script: [RefundOutcome] = [], then last: RefundOutcome) {
        self.script = script
        self.last = last
    }

    func refund(_ instruction: RefundInstruction, idempotencyKey: String) async -> RefundOutcome {
        requests.append((instruction, idempotencyKey))
        return script.isEmpty ? last : script.removeFirst()
    }

    var keys: [String] { requests.map(\.key) }
}

/// Helpers shared by the refund tests.
enum Refunds {
    /// The standard invoice total (3 × 1,250.00) and the card fee on it (2.9 % + 0.30).
    static let total: Int64 = 375_000
    static let cardFee: Int64 = (375_000 * 290 + 5_000) / 10_000 + 30

    /// Creates an invoice and a card payment through the harness's rail and waits until it settles.
    static func settledCardPayment(_ api: APIHarness, number: String = "INV-R\(Int.random(in: 1...9_999_999))") async throws -> String {
        let buyer = try await api.createBuyer()
        let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: number)).json["id"]?.stringValue)
        let id = try #require(try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "card"}"#).json["id"]?.stringValue)
        let payment = try await api.eventually("/v1/payments/\(id)") { $0["status"] == .string("settled") }
        #expect(payment["status"] == .string("settled"), "\(payment)")
        return id
    }

    /// Asks for a refund; `body` nil sends none.
    static func refund(_ api: APIHarness, _ payment: String, _ body: String? = nil, idempotencyKey: String = UUID().uuidString,
                       key: String? = nil) async throws -> APIResponse {
        try await api.request(.post, "/v1/payments/\(payment)/refunds", json: body, key: key, idempotencyKey: idempotencyKey)
    }

    /// Waits until the refund is no longer pending and returns it.
    static func finished(_ api: APIHarness, _ refund: String) async throws -> JSONValue {
        try await api.eventually("/v1/refunds/\(refund)") { $0["status"] != .string("pending") }
    }

    static func balance(_ api: APIHarness, _ code: String) async throws -> Int64? {
        try await LedgerAPITests.accounts(api)[code]?["balance"]?.int64Value
    }

    static func transferCount(_ api: APIHarness) async throws -> Int {
        let tenant = api.tenant.id
        return try await api.store.read { try await $0.ledgerTransfers(tenant: tenant, page: PageRequest(limit: 100)) }.items.count
    }

    static func expectBalancedBooks(_ api: APIHarness, currency: String = "USD") async throws {
        let verification = try await LedgerAPITests.verify(api)
        #expect(verification.isValid, "\(verification.summary)")
        #expect(verification.totals[currency]?.isBalanced == true)
    }

    static func count(_ value: JSONValue?) -> Int {
        guard case let .array(items)? = value else { return -1 }
        return items.count
    }
}
