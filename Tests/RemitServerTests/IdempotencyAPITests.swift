import Foundation
import HummingbirdTesting
import RemitCore
@testable import RemitServer
import RemitStore
import RemitTestSupport
import Testing

@Suite struct IdempotencyAPITests {
    @Test func everyPostWithoutAnIdempotencyKeyIsRefusedWith400AndWritesNothing() async throws {
        try await APIHarness.run { api in
            let response = try await api.request(.post, "/v1/buyers", json: APIHarness.buyerJSON)
            #expect(response.status == 400 && response.problemCode == "idempotency_key_missing")
            let tooLong = try await api.post("/v1/buyers", APIHarness.buyerJSON, idempotencyKey: String(repeating: "k", count: 256))
            #expect(tooLong.status == 400 && tooLong.problemCode == "invalid_request")
            let tenant = api.tenant.id
            #expect(try await api.store.read { try await $0.buyers(tenant: tenant, filter: BuyerFilter(), page: PageRequest()) }.items.isEmpty)
        }
    }

    @Test func theSameKeyAndRequestReplaysStatusAndBodyByteForByte() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let body = APIHarness.invoiceJSON(buyer: buyer, number: "INV-1")
            let first = try await api.post("/v1/invoices", body, idempotencyKey: "key-1")
            let second = try await api.post("/v1/invoices", body, idempotencyKey: "key-1")
            // A quoted key (RFC 8941 string form) is the same key.
            let quoted = try await api.post("/v1/invoices", body, idempotencyKey: "\"key-1\"")
            #expect(first.status == 201 && second.status == 201 && quoted.status == 201)
            #expect(second.body == first.body && quoted.body == first.body)
            #expect(first.header("Idempotent-Replayed") == nil)
            #expect(second.header("Idempotent-Replayed") == "true")
            #expect(second.header("Location") == first.header("Location"))
            #expect(try await api.invoiceCount() == 1)
        }
    }

    @Test func theSameKeyWithADifferentRequestIsRefusedWith422() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            _ = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1"), idempotencyKey: "key-1")
            let different = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-2"), idempotencyKey: "key-1")
            #expect(different.status == 422 && different.problemCode == "idempotency_key_reused")
            let otherPath = try await api.post("/v1/buyers", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1"), idempotencyKey: "key-1")
            #expect(otherPath.status == 422 && otherPath.problemCode == "idempotency_key_reused")
            #expect(try await api.invoiceCount() == 1)
        }
    }

    @Test func theSameKeyWhileTheFirstRequestRunsIsRefusedWith409ThenFreedWhenItsClaimDies() async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_764_400_000))
        try await APIHarness.run(clock: clock.wallClock) { api in
            let buyer = try await api.createBuyer()
            let body = APIHarness.invoiceJSON(buyer: buyer, number: "INV-1")
            let hash = IdempotentExecutor.fingerprint(method: "POST", path: "/v1/invoices", body: Array(body.utf8))
            let now = clock.wallClock.nowMilliseconds
            let tenant = api.tenant.id
            // A first request holds the key and has not committed (or crashed mid-way).
            let held = IdempotencyRecord(state: .processing, requestHash: hash, lockToken: "first", lockedUntil: now + 60_000,
                                         response: nil, createdAt: now, expiresAt: now + 86_400_000)
            _ = try await api.store.write { try await $0.insertIdempotencyClaim(tenant: tenant, key: "busy", record: held) }
            let busy = try await api.post("/v1/invoices", body, idempotencyKey: "busy")
            #expect(busy.status == 409 && busy.problemCode == "idempotency_key_in_use")
            #expect(try await api.invoiceCount() == 0)
            // After the claim timeout the crashed request's key is taken over and the effect happens once.
            clock.advance(by: 61)
            let retried = try await api.post("/v1/invoices", body, idempotencyKey: "busy")
            #expect(retried.status == 201)
            #expect(try await api.post("/v1/invoices", body, idempotencyKey: "busy").header("Idempotent-Replayed") == "true")
            #expect(try await api.invoiceCount() == 1)
        }
    }

    @Test func aFailedRequestDoesNotConsumeItsKey() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let bad = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1", customFields: "{}"), idempotencyKey: "retry-me")
            #expect(bad.status == 422)
            let fixed = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1"), idempotencyKey: "retry-me")
            #expect(fixed.status == 201)
        }
    }

    @Test func keysAreScopedToTheTenant() async throws {
        try await APIHarness.run { api in
            let other = try await api.otherTenantKey()
            let mine = try await api.post("/v1/buyers", APIHarness.buyerJSON, idempotencyKey: "shared")
            let theirs = try await api.post("/v1/buyers", APIHarness.buyerJSON, idempotencyKey: "shared", key: other)
            #expect(mine.status == 201 && theirs.status == 201)
            #expect(theirs.header("Idempotent-Replayed") == nil)
            #expect(mine.json["id"] != theirs.json["id"])
        }
    }

    @Test func aKeyIsForgottenAfterTheRetentionPeriod() async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_764_400_000))
        var configuration = ServerConfiguration(port: 0)
        configuration.idempotency.retentionMilliseconds = 24 * 3_600_000
        try await APIHarness.run(clock: clock.wallClock, configuration: configuration) { api in
            let first = try await api.post("/v1/buyers", APIHarness.buyerJSON, idempotencyKey: "daily")
            clock.advance(by: 24 * 3600 - 1)
            let withinRetention = try await api.post("/v1/buyers", APIHarness.buyerJSON, idempotencyKey: "daily")
            #expect(withinRetention.body == first.body)
            clock.advance(by: 1)
            let afterRetention = try await api.post("/v1/buyers", APIHarness.buyerJSON, idempotencyKey: "daily")
            #expect(afterRetention.status == 201 && afterRetention.json["id"] != first.json["id"])
            let tenant = api.tenant.id
            #expect(try await api.store.read { try await $0.buyers(tenant: tenant, filter: BuyerFilter(), page: PageRequest()) }.items.count == 2)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func fiftyConcurrentRequestsWithOneKeyCreateExactlyOneInvoice(_ backend: TestBackend) async throws {
        try await APIHarness.run(backend, testing: .live) { api in
            let buyer = try await api.createBuyer()
            let body = APIHarness.invoiceJSON(buyer: buyer, number: "INV-RACE")
            let responses = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await api.post("/v1/invoices", body, idempotencyKey: "race") }
                }
                return try await group.reduce(into: [APIResponse]()) { $0.append($1) }
            }
            let created = responses.filter { $0.status == 201 }
            let originals = created.filter { $0.header("Idempotent-Replayed") == nil }
            #expect(originals.count == 1)
            #expect(responses.allSatisfy { $0.status == 201 || ($0.status == 409 && $0.problemCode == "idempotency_key_in_use") })
            #expect(Set(created.map(\.body)).count == 1)
            #expect(try await api.invoiceCount() == 1)
            // Once the dust settles every retry replays the one invoice.
            let late = try await api.post("/v1/invoices", body, idempotencyKey: "race")
            #expect(late.status == 201 && late.body == originals.first?.body)
        }
    }
}
