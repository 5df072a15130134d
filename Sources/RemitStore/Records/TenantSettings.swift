import RemitCore

/// A tenant's delivery and tax settings.
public struct TenantSettings: Sendable, Equatable {
    /// Where events are delivered as signed webhooks, when set.
    public var webhookURL: String?
    /// The `whsec_…` secret webhooks are signed with.
    public var webhookSecret: String?
    /// The Slack incoming-webhook URL notify steps post to.
    public var slackWebhookURL: String?
    /// The tax table (`{jurisdiction: {rate_bps, inclusive}}`), as JSON.
    public var taxTable: JSONValue?

    /// Creates settings.
    public init(webhookURL: String? = nil, webhookSecret: String? = nil, slackWebhookURL: String? = nil, taxTable: JSONValue? = nil) {
        self.webhookURL = webhookURL
        self.webhookSecret = webhookSecret
        self.slackWebhookURL = slackWebhookURL
        self.taxTable = taxTable
    }
}

extension StoreTransaction {
    /// The tenant's settings.
    public func tenantSettings(_ tenant: TenantID) async throws -> TenantSettings {
        guard let row = try await connection.query("""
        SELECT webhook_url, webhook_secret, slack_webhook_url, \(dialect.jsonColumn("tax_table")) FROM tenants WHERE id = ?
        """, tenant.rawValue).first else { throw StoreError.corrupt("tenant \(tenant) has no row") }
        return TenantSettings(webhookURL: try row.optionalText("webhook_url"), webhookSecret: try row.optionalText("webhook_secret"),
                              slackWebhookURL: try row.optionalText("slack_webhook_url"),
                              taxTable: try row.optionalText("tax_table").map(StoredJSON.parse))
    }

    /// Replaces the tenant's settings.
    public func setTenantSettings(_ tenant: TenantID, _ settings: TenantSettings) async throws {
        try await connection.execute("""
        UPDATE tenants SET webhook_url = ?, webhook_secret = ?, slack_webhook_url = ?, tax_table = \(dialect.jsonParameter) WHERE id = ?
        """, [settings.webhookURL.sqlValue, settings.webhookSecret.sqlValue, settings.slackWebhookURL.sqlValue,
              settings.taxTable.map { SQLValue.text(JSONWriter.string($0)) } ?? .null, .text(tenant.rawValue)])
    }
}
