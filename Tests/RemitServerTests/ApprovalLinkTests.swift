import Foundation
import HTTPTypes
import NIOCore
import RemitCore
import RemitStore
import Testing

/// Approvers who do not use the API vote through a signed, expiring link to a small page.
@Suite struct ApprovalLinkTests {
    /// Sets up a payment awaiting two approvals and returns the links emailed to the approvers.
    private func links(_ api: APIHarness) async throws -> [String: String] {
        let buyer = try await api.createBuyer(WorkflowAPITests.buyer)
        #expect(try await api.post("/v1/workflows", WorkflowAPITests.twoSignatures).status == 201)
        let invoice = try await api.post("/v1/invoices", APIHarness.invoiceJSON(
            buyer: buyer, number: "INV-L1", lines: #"[{"description": "Servers", "unit_amount": 6000000}]"#))
        let id = try #require(invoice.json["id"]?.stringValue)
        _ = try await api.post("/v1/payments", #"{"invoice_id": "\#(id)", "method": "wire"}"#)
        let tenant = api.tenant.id
        let emails = try await api.store.read { try await $0.outboxMessages(tenant: tenant, limit: 20) }.filter { $0.channel == "email" }
        var links: [String: String] = [:]
        for email in emails {
            if let link = email.payload["link"]?.stringValue, let destination = email.destination {
                links[destination] = String(link[link.range(of: "/approve/")!.lowerBound...])
            }
        }
        return links
    }

    private func page(_ api: APIHarness, _ method: HTTPRequest.Method, _ path: String, form: String? = nil) async throws -> (Int, String) {
        var headers = HTTPFields()
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await api.client.execute(uri: path, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) })
        return (response.status.code, String(buffer: response.body))
    }

    @Test func eachApproverIsEmailedALinkToAPageShowingThePayment() async throws {
        try await APIHarness.run { api in
            let links = try await links(api)
            #expect(Set(links.keys) == ["dana@northwind.example", "luis@northwind.example"])
            let (status, html) = try await page(api, .get, try #require(links["dana@northwind.example"]))
            #expect(status == 200)
            #expect(html.contains("USD 60000.00") && html.contains("INV-L1") && html.contains("Northwind Traders"))
            #expect(html.contains("value=\"approve\"") && html.contains("value=\"reject\""))
        }
    }

    @Test func votingThroughTheLinkCountsLikeAVoteThroughTheAPI() async throws {
        try await APIHarness.run { api in
            let links = try await links(api)
            for (_, link) in links {
                let (status, html) = try await page(api, .post, link, form: "decision=approve&comment=Looks+right")
                #expect(status == 200 && html.contains("You approved this payment."))
            }
            let approvals = try await api.get("/v1/approvals?status=approved").json["data"]
            #expect(approvals.map { if case let .array(items) = $0 { items.count } else { 0 } } == 2)
            guard case let .array(payments)? = try await api.get("/v1/payments").json["data"] else { Issue.record("no payments"); return }
            #expect(payments.first?["status"] == .string("processing"))
            // The page now says the vote is done and offers no form.
            let (_, after) = try await page(api, .get, try #require(links.values.first))
            #expect(after.contains("nothing more is needed") && !after.contains("<form"))
        }
    }

    @Test func aTamperedOrExpiredLinkIsRefused() async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_795_000_000))
        try await APIHarness.run(clock: clock.wallClock) { api in
            let link = try #require(try await links(api).values.first)
            let tampered = link.replacingOccurrences(of: "apv_", with: "apv_x")
            let (forged, _) = try await page(api, .get, tampered)
            #expect(forged == 404)
            let (forgedVote, _) = try await page(api, .post, tampered, form: "decision=approve")
            #expect(forgedVote == 404)
            clock.advance(by: 7 * 86_400 + 1)
            let (expired, html) = try await page(api, .get, link)
            #expect(expired == 410 && html.contains("expired"))
            #expect(try await api.get("/v1/approvals?status=approved").json["data"] == .array([]))
        }
    }
}
