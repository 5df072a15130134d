import RemitCore
import RemitServer
import RemitStore
import RemitTestSupport
import Testing

/// A checkout policy's `notify` actions are queued in the outbox when the session is confirmed,
/// once, rendered with the invoice, buyer and payment.
@Suite struct CheckoutNotifyTests {
    @Test func aConfirmedSessionQueuesThePolicysSlackMessageOnce() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.outbox.urlPolicy = .localTesting
        try await APIHarness.run(configuration: configuration) { api in
            let settings = try await api.request(.put, "/v1/settings", json: #"{"slack_webhook_url": "http://127.0.0.1:9/slack"}"#)
            #expect(settings.status == 200, "\(settings.text)")
            let policy = try await api.request(.put, "/v1/policies/checkout", json: """
            {"rules": [{"id": "tell-sales", "description": "Sales hears of every checkout", "when": "true",
              "then": [{"type": "notify", "channel": "slack", "template": "{{buyer.name}} confirmed {{invoice.number}} by {{payment.method}}"}]}]}
            """)
            #expect(policy.status == 200, "\(policy.text)")
            let buyer = try await api.createBuyer()
            let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-NOTE")).json["id"]?.stringValue)
            let session = try #require(try await api.post("/v1/checkout_sessions", #"{"invoice_id": "\#(invoice)"}"#).json["id"]?.stringValue)
            #expect(try await api.store.read { try await $0.outboxMessages(tenant: api.tenant.id, limit: 50) }.filter { $0.channel == "slack" }.isEmpty,
                    "nothing is sent before the buyer confirms")
            let key = "confirm-\(session)"
            let confirmed = try await api.post("/v1/checkout_sessions/\(session)/confirm", #"{"method": "wire"}"#, idempotencyKey: key)
            #expect(confirmed.status == 201, "\(confirmed.text)")
            #expect(try await api.post("/v1/checkout_sessions/\(session)/confirm", #"{"method": "wire"}"#, idempotencyKey: key).status == 201)
            let slack = try await api.store.read { try await $0.outboxMessages(tenant: api.tenant.id, limit: 50) }.filter { $0.channel == "slack" }
            #expect(slack.count == 1)
            #expect(slack.first?.destination == "http://127.0.0.1:9/slack")
            #expect(slack.first?.payload == .object([("text", .string("Northwind Traders confirmed INV-NOTE by wire"))]))
        }
    }
}
