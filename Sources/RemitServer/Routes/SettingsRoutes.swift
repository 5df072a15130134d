import Hummingbird
import RemitConnectors
import RemitCore
import RemitStore
import RemitWorkflow

/// `/v1/settings`: where the tenant's events and notifications go, and its tax table.
struct SettingsRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        group.get("settings") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            let (settings, bank) = try await api.store.read { transaction in
                (try await transaction.tenantSettings(tenant), try await TenantBankDetails.stored(try await transaction.tenantBankDetails(tenant)))
            }
            return JSONResponse(json: Self.json(settings, newSecret: nil, bank: bank)).response
        }
        group.put("settings") { request, context in
            try api.noQuery(request)
            let tenant = try context.requireTenant()
            var request = request
            let body = try api.bodyReader.json(try await api.bodyReader.bytes(&request))
            let update = try await Self.parse(body, policy: OutboundURLPolicy(configuration: api.configuration.outbox.urlPolicy))
            let environment = api.environment
            let (settings, secret, bank) = try await api.store.write { transaction -> (TenantSettings, String?, TenantBankDetails?) in
                var settings = try await transaction.tenantSettings(tenant)
                if update.has("webhook_url") { settings.webhookURL = update.webhookURL }
                if update.has("slack_webhook_url") { settings.slackWebhookURL = update.slackWebhookURL }
                if update.has("tax_table") { settings.taxTable = update.taxTable }
                var secret: String?
                if settings.webhookURL != nil, settings.webhookSecret == nil || update.rotateSecret {
                    secret = WebhookSecret.generate(using: environment.ids).serialized
                    settings.webhookSecret = secret
                }
                try await transaction.setTenantSettings(tenant, settings)
                if update.has("bank") {
                    try await transaction.setTenantBankDetails(tenant, update.bank?.jsonValue, now: environment.clock.nowMilliseconds)
                }
                return (settings, secret, try await TenantBankDetails.stored(try await transaction.tenantBankDetails(tenant)))
            }
            return JSONResponse(json: Self.json(settings, newSecret: secret, bank: bank)).response
        }
    }

    /// The settings as the API shows them; the webhook secret appears only when it was just made.
    static func json(_ settings: TenantSettings, newSecret: String?, bank: TenantBankDetails?) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("object", .string("settings")),
            ("webhook_url", .optional(settings.webhookURL)),
            ("webhook_secret_set", .bool(settings.webhookSecret != nil)),
            ("slack_webhook_url", .optional(settings.slackWebhookURL)),
            ("tax_table", settings.taxTable ?? .null),
            ("bank", bank?.jsonValue ?? .null),
        ]
        if let newSecret { members.append(("webhook_secret", .string(newSecret))) }
        return .object(members)
    }

    struct Update {
        var present: Set<String>
        var webhookURL: String?
        var slackWebhookURL: String?
        var taxTable: JSONValue?
        var rotateSecret: Bool
        /// The tenant's own bank details; nil with `bank` present removes them.
        var bank: TenantBankDetails?

        func has(_ key: String) -> Bool { present.contains(key) }
    }

    static func parse(_ body: JSONValue, policy: OutboundURLPolicy) async throws -> Update {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw RemitError.validation(errors) }
        let present = Set(["webhook_url", "slack_webhook_url", "tax_table", "bank"].filter { reader.has($0) })
        let webhook = reader.string("webhook_url", maxLength: OutboundURLPolicy.urlBytesMax)
        let slack = reader.string("slack_webhook_url", maxLength: OutboundURLPolicy.urlBytesMax)
        let taxTable = reader.value("tax_table")
        let rotate = reader.bool("rotate_webhook_secret") ?? false
        let bank = reader.value("bank").flatMap { TenantBankDetails.parse($0, path: "bank", errors: &errors) }
        reader.finish()
        errors += reader.errors
        for (key, url) in [("webhook_url", webhook), ("slack_webhook_url", slack)] {
            guard let url else { continue }
            do {
                _ = try await policy.check(url)
            } catch {
                errors.append(FieldError(field: key, rule: "destination", message: "is not allowed: \(error)"))
            }
        }
        if let taxTable {
            do {
                _ = try TaxTable.parse(taxTable)
            } catch {
                errors.append(FieldError(field: "tax_table", rule: "format", message: "\(error)"))
            }
        }
        guard errors.isEmpty else { throw RemitError.validation(errors) }
        return Update(present: present, webhookURL: webhook, slackWebhookURL: slack, taxTable: taxTable, rotateSecret: rotate, bank: bank)
    }
}
