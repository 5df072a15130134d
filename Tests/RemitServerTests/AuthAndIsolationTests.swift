import HTTPTypes
import RemitCore
import Testing

@Suite struct AuthAndIsolationTests {
    @Test func requestsWithoutAValidAPIKeyAreRefusedWith401() async throws {
        try await APIHarness.run { api in
            let missing = try await api.client.execute(uri: "/v1/buyers", method: .get, headers: [:], body: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(missing.headers[.wwwAuthenticate] == "Bearer realm=\"remit\"")
            let wrong = try await api.get("/v1/buyers", key: "rmt_live_" + String(repeating: "a", count: 52))
            #expect(wrong.status == 401 && wrong.problemCode == "unauthorized")
            let garbage = try await api.get("/v1/buyers", key: "not-a-key")
            #expect(garbage.status == 401)
        }
    }

    @Test func anotherTenantsBuyerOrInvoiceAnswers404ExactlyLikeAMissingOne() async throws {
        try await APIHarness.run { api in
            let buyer = try await api.createBuyer()
            let invoice = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-1"))
            let invoiceID = try #require(invoice.json["id"]?.stringValue)
            let other = try await api.otherTenantKey()

            let foreignBuyer = try await api.get("/v1/buyers/\(buyer)", key: other)
            let missingBuyer = try await api.get("/v1/buyers/buy_doesnotexist", key: other)
            #expect(foreignBuyer.status == 404 && missingBuyer.status == 404)
            #expect(foreignBuyer.json["title"] == missingBuyer.json["title"])
            #expect(try await api.get("/v1/invoices/\(invoiceID)", key: other).status == 404)
            #expect(try await api.request(.patch, "/v1/buyers/\(buyer)", json: #"{"name": "Hijacked"}"#, key: other).status == 404)
            #expect(try await api.request(.post, "/v1/invoices/\(invoiceID)/void", key: other, idempotencyKey: "v").status == 404)
            // Using another tenant's buyer for an invoice is a validation error, not a leak.
            let stolen = try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-9"), key: other)
            #expect(stolen.status == 422 && stolen.fieldErrors == ["buyer_id"])
            let list = try await api.get("/v1/invoices", key: other)
            #expect(list.json["data"] == .array([]))
            #expect(try await api.get("/v1/buyers/\(buyer)").json["name"] == .string("Northwind Traders"))
        }
    }

    @Test func healthzAndTheOpenAPIDocumentNeedNoKey() async throws {
        try await APIHarness.run { api in
            let health = try await api.client.execute(uri: "/healthz", method: .get, headers: [:], body: nil)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body) == #"{"status":"ok","database":"sqlite"}"#)
            let document = try await api.client.execute(uri: "/openapi.yaml", method: .get, headers: [:], body: nil)
            #expect(document.status == .ok)
            #expect(String(buffer: document.body).hasPrefix("openapi: 3.1"))
        }
    }

    @Test func anUnknownRouteIsAProblemNotAnEmpty404() async throws {
        try await APIHarness.run { api in
            let response = try await api.get("/v1/nothing-here")
            #expect(response.status == 404)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.json["type"] == .string("https://remit.dev/problems/not-found"))
        }
    }
}
