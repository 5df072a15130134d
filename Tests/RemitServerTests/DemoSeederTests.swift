import RemitCore
import RemitServer
import RemitStore
import RemitTestSupport
import Testing

@Suite struct DemoSeederTests {
    @Test func theDemoSeedsOnceOnAnEmptyDatabaseThroughTheSameValidationAsTheAPI() async throws {
        try await TestDatabase.withStore(.sqlite) { store in
            let seeder = DemoSeeder(store: store, environment: Environment())
            let seeded = try #require(try await seeder.seedIfEmpty())
            #expect(seeded.buyers == 4 && seeded.invoices == 12)
            #expect(seeded.apiKey.hasPrefix(APIKeys.prefix))
            let tenant = seeded.tenant.id
            let buyers = try await store.read { try await $0.buyers(tenant: tenant, filter: BuyerFilter(), page: PageRequest(limit: 100)) }
            #expect(Set(buyers.items.map(\.creditTerms.netDays)) == [60, 30, 45, 15])
            #expect(Set(buyers.items.map(\.currency.code)) == ["USD", "EUR", "JPY"])
            let tagged = try await store.read {
                try await $0.invoices(tenant: tenant, filter: InvoiceFilter(customFields: ["cost_center": "CC-104"]), page: PageRequest(limit: 100))
            }
            #expect(!tagged.items.isEmpty)
            #expect(try await store.read { try await $0.defaultCustomFieldSchema(tenant) }.fields.map(\.key) == ["project"])
            #expect(try await seeder.seedIfEmpty() == nil)
            let banner = DemoSeeder.banner(seeded, host: "127.0.0.1", port: 8080)
            #expect(banner.contains(seeded.apiKey) && banner.contains("http://127.0.0.1:8080/v1/invoices"))
        }
    }
}
