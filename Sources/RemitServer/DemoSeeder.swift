import RemitCore
import RemitStore

/// Seeds a demo tenant on an empty database: buyers with different terms, departments and
/// budgets, a custom-field schema, and a dozen invoices. Everything goes through the same
/// validation as the API.
public struct DemoSeeder: Sendable {
    let store: Store
    let environment: Environment

    /// What was seeded.
    public struct Seeded: Sendable {
        /// The demo tenant.
        public var tenant: Tenant
        /// Its API key, shown once.
        public var apiKey: String
        /// How many buyers and invoices were created.
        public var buyers: Int
        public var invoices: Int
    }

    /// Creates the seeder.
    public init(store: Store, environment: Environment) {
        self.store = store
        self.environment = environment
    }

    /// Seeds the demo when the database has no tenant yet; returns nil otherwise.
    public func seedIfEmpty() async throws -> Seeded? {
        guard try await store.read({ try await $0.tenantCount() }) == 0 else { return nil }
        let (tenant, key) = try await TenantService(store: store, environment: environment).createTenant(name: "Demo Supplier Inc.")
        let buyers = BuyerService(environment: environment)
        let invoices = InvoiceService(environment: environment)
        let today = CalendarDate(utc: environment.clock.now())
        let defaultSchema = try DemoData.parse(DemoData.tenantSchema)
        let invoiceCount = try await store.write { transaction in
            var errors: [FieldError] = []
            guard var reader = JSONObjectReader(defaultSchema, path: "", errors: &errors), let schema = CustomFieldSchema.read(&reader) else {
                preconditionFailure("the demo schema is valid")
            }
            try await transaction.setDefaultCustomFieldSchema(tenant.id, schema, now: environment.clock.nowMilliseconds)
            var ids: [BuyerID] = []
            for body in DemoData.buyers {
                ids.append(try await buyers.create(try DemoData.parse(body), tenant: tenant.id, in: transaction).id)
            }
            var count = 0
            for (offset, invoice) in DemoData.invoices(today: today).enumerated() {
                let body = invoice.replacingOccurrences(of: "BUYER", with: ids[offset % ids.count].rawValue)
                _ = try await invoices.create(try DemoData.parse(body), tenant: tenant.id, in: transaction)
                count += 1
            }
            return count
        }
        return Seeded(tenant: tenant, apiKey: key, buyers: DemoData.buyers.count, invoices: invoiceCount)
    }

    /// What the operator sees after seeding: the key and URLs to try.
    public static func banner(_ seeded: Seeded, host: String, port: Int) -> String {
        let base = "http://\(host):\(port)"
        return """

        Remit demo seeded: tenant "\(seeded.tenant.name)" (\(seeded.tenant.id)), \(seeded.buyers) buyers, \(seeded.invoices) invoices.
        API key (shown once, store it now):

            \(seeded.apiKey)

        Try:
            export REMIT_KEY=\(seeded.apiKey)
            curl -s \(base)/healthz
            curl -s -H "Authorization: Bearer $REMIT_KEY" \(base)/v1/buyers
            curl -s -H "Authorization: Bearer $REMIT_KEY" "\(base)/v1/invoices?status=open&limit=5"
            curl -s -H "Authorization: Bearer $REMIT_KEY" "\(base)/v1/invoices?fields.cost_center=CC-104"
            curl -s \(base)/openapi.yaml

        """
    }
}
