import RemitCore
import RemitStore
import RemitWorkflow

/// Where a notification or an event goes, decided when it is queued.
enum OutboxRouting {
    /// A notify step's message, routed by channel: Slack to the tenant's Slack webhook, webhook
    /// to the tenant's endpoint, email recorded with its recipients.
    static func message(_ message: NotifyMessage, tenant: TenantID, settings: TenantSettings, id: String, now: Int64) -> OutboxMessage {
        let channel: String
        let destination: String?
        let payload: JSONValue
        switch message.channel {
        case .slack:
            channel = "slack"
            destination = settings.slackWebhookURL
            payload = message.payload ?? .object([("text", .string(message.text))])
        case .webhook:
            channel = "webhook"
            destination = settings.webhookURL
            payload = .object([("type", .string("notification")), ("data", message.payload ?? .object([("text", .string(message.text))]))])
        case .email:
            channel = "email"
            destination = message.recipients.joined(separator: ", ")
            payload = .object([("to", .strings(message.recipients)), ("subject", .optional(message.subject)), ("text", .string(message.text))])
        }
        return OutboxMessage(id: id, tenantID: tenant, channel: channel, destination: destination, idempotencyKey: message.idempotencyKey,
                             payload: payload, nextAttemptAt: now, createdAt: now)
    }

    /// The webhook delivery of an event, when the tenant has an endpoint.
    static func webhook(for event: StoredEvent, settings: TenantSettings, now: Int64) -> OutboxMessage? {
        guard let url = settings.webhookURL else { return nil }
        return OutboxMessage(id: "msg_" + event.id.dropFirst(4), tenantID: event.tenantID, channel: "webhook", destination: url,
                             idempotencyKey: event.id, payload: event.jsonValue, nextAttemptAt: now, createdAt: now)
    }
}
