import Foundation
import RemitCore
import RemitStore
import RemitTestSupport
import Testing

/// The storage contract: every test runs against SQLite and PostgreSQL alike.
@Suite struct StoreContractTests {
    /// An expiry no purge running beside these tests will reach (year 2286).
    static let farFuture: Int64 = 10_000_000_000_000

    @Test(arguments: TestBackend.allCases)
    func anAPIKeyHashFindsItsTenantAndNothingElse(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            let hash = UUID().uuidString
            try await store.write { transaction in
                try await transaction.insertTenant(tenant)
                try await transaction.insertAPIKey(APIKeyRecord(id: IDGenerator.system.make(), tenantID: tenant.id, hash: hash,
                                                                displayPrefix: "rmt_live_abc", createdAt: 1))
            }
            #expect(try await store.read { try await $0.tenantID(forAPIKeyHash: hash) } == tenant.id)
            #expect(try await store.read { try await $0.tenantID(forAPIKeyHash: "unknown") } == nil)
            #expect(try await store.read { try await $0.tenant(tenant.id) } == tenant)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aBuyerReadsBackExactlyAsWrittenAndOnlyForItsTenant(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let owner = Fixtures.tenant()
            let other = Fixtures.tenant()
            let buyer = Fixtures.buyer()
            try await store.write { transaction in
                try await transaction.insertTenant(owner)
                try await transaction.insertTenant(other)
                try await transaction.insertBuyer(buyer, tenant: owner.id)
            }
            #expect(try await store.read { try await $0.buyer(buyer.id, tenant: owner.id) } == buyer)
            #expect(try await store.read { try await $0.buyer(buyer.id, tenant: other.id) } == nil)

            var changed = buyer
            changed.name = "Northwind Traders"
            changed.creditTerms.netDays = 30
            changed.updatedAt += 1000
            let updated = changed
            try await store.write { try await $0.updateBuyer(updated, tenant: owner.id) }
            #expect(try await store.read { try await $0.buyer(buyer.id, tenant: owner.id) } == updated)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func buyerListsPageNewestFirstWithoutGapsOrRepeats(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            let buyers = (0..<5).map { Fixtures.buyer(name: "Buyer \($0)", country: $0 % 2 == 0 ? "US" : "DE") }
            try await store.write { transaction in
                try await transaction.insertTenant(tenant)
                for buyer in buyers { try await transaction.insertBuyer(buyer, tenant: tenant.id) }
            }
            var seen: [BuyerID] = []
            var after: Int64?
            repeat {
                let page = try await store.read { [after] in
                    try await $0.buyers(tenant: tenant.id, filter: BuyerFilter(), page: PageRequest(limit: 2, after: after))
                }
                #expect(page.items.count <= 2)
                seen += page.items.map(\.id)
                after = page.next
            } while after != nil
            #expect(seen == buyers.reversed().map(\.id))
            let germans = try await store.read { try await $0.buyers(tenant: tenant.id, filter: BuyerFilter(country: "DE"), page: PageRequest()) }
            #expect(germans.items.map(\.name) == ["Buyer 3", "Buyer 1"])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func invoicesFilterByStatusBuyerDueDateAndIndexedCustomFields(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            let other = Fixtures.tenant()
            let northwind = Fixtures.buyer()
            let contoso = Fixtures.buyer(name: "Contoso")
            let first = Fixtures.invoice(buyer: northwind, number: "INV-1", costCenter: "CC-104", due: CalendarDate(year: 2027, month: 1, day: 10)!)
            let second = Fixtures.invoice(buyer: northwind, number: "INV-2", costCenter: "CC-221", due: CalendarDate(year: 2027, month: 2, day: 10)!)
            let third = Fixtures.invoice(buyer: contoso, number: "INV-3", costCenter: "CC-104", due: CalendarDate(year: 2027, month: 3, day: 10)!)
            let foreign = Fixtures.invoice(buyer: contoso, number: "INV-1", costCenter: "CC-104")
            try await store.write { transaction in
                try await transaction.insertTenant(tenant)
                try await transaction.insertTenant(other)
                try await transaction.insertBuyer(northwind, tenant: tenant.id)
                try await transaction.insertBuyer(contoso, tenant: tenant.id)
                for invoice in [first, second, third] { try await transaction.insertInvoice(invoice, tenant: tenant.id) }
                // Another tenant may reuse a number; it never shows up in this tenant's lists.
                try await transaction.insertInvoice(foreign, tenant: other.id)
            }
            func numbers(_ filter: InvoiceFilter) async throws -> [String] {
                try await store.read { try await $0.invoices(tenant: tenant.id, filter: filter, page: PageRequest()) }.items.map(\.number)
            }
            #expect(try await numbers(InvoiceFilter()) == ["INV-3", "INV-2", "INV-1"])
            #expect(try await numbers(InvoiceFilter(customFields: ["cost_center": "CC-104"])) == ["INV-3", "INV-1"])
            #expect(try await numbers(InvoiceFilter(buyerID: northwind.id, customFields: ["cost_center": "CC-104"])) == ["INV-1"])
            #expect(try await numbers(InvoiceFilter(dueFrom: CalendarDate(year: 2027, month: 2, day: 1)!, dueTo: CalendarDate(year: 2027, month: 2, day: 28)!)) == ["INV-2"])
            #expect(try await numbers(InvoiceFilter(customFields: ["cost_center": "CC-999"])) == [])
            #expect(try await store.read { try await $0.invoice(first.id, tenant: tenant.id) } == first)
            #expect(try await store.read { try await $0.invoice(foreign.id, tenant: tenant.id) } == nil)

            #expect(try await store.write { try await $0.updateInvoiceStatus(first.id, tenant: tenant.id, from: .open, to: .void, now: 99) })
            #expect(try await store.write { try await $0.updateInvoiceStatus(first.id, tenant: tenant.id, from: .open, to: .void, now: 100) } == false)
            let voided = try #require(try await store.read { try await $0.invoice(first.id, tenant: tenant.id) })
            #expect(voided.status == .void && voided.voidedAt == 99)
            #expect(try await numbers(InvoiceFilter(status: .open)) == ["INV-3", "INV-2"])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aSecondInvoiceWithTheSameNumberIsADuplicateAndLeavesNothingBehind(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            let buyer = Fixtures.buyer()
            try await store.write { transaction in
                try await transaction.insertTenant(tenant)
                try await transaction.insertBuyer(buyer, tenant: tenant.id)
                try await transaction.insertInvoice(Fixtures.invoice(buyer: buyer, number: "INV-1"), tenant: tenant.id)
            }
            let duplicate = Fixtures.invoice(buyer: buyer, number: "INV-1", costCenter: "CC-777")
            await #expect(throws: StoreError.self) {
                try await store.write { try await $0.insertInvoice(duplicate, tenant: tenant.id) }
            }
            let filtered = try await store.read {
                try await $0.invoices(tenant: tenant.id, filter: InvoiceFilter(customFields: ["cost_center": "CC-777"]), page: PageRequest())
            }
            #expect(filtered.items.isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aTransactionThatThrowsCommitsNothing(_ backend: TestBackend) async throws {
        struct Boom: Error {}
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            let buyer = Fixtures.buyer()
            try await store.write { try await $0.insertTenant(tenant) }
            await #expect(throws: Boom.self) {
                try await store.write { transaction in
                    try await transaction.insertBuyer(buyer, tenant: tenant.id)
                    throw Boom()
                }
            }
            #expect(try await store.read { try await $0.buyer(buyer.id, tenant: tenant.id) } == nil)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anIdempotencyClaimIsHeldByOneTokenUntilCompletedOrReleased(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            try await store.write { try await $0.insertTenant(tenant) }
            let claim = IdempotencyRecord(state: .processing, requestHash: "h1", lockToken: "t1", lockedUntil: 2_000,
                                          response: nil, createdAt: 1_000, expiresAt: Self.farFuture)
            #expect(try await store.write { try await $0.insertIdempotencyClaim(tenant: tenant.id, key: "k", record: claim) })
            let rival = IdempotencyRecord(state: .processing, requestHash: "h1", lockToken: "t2", lockedUntil: 2_000,
                                          response: nil, createdAt: 1_000, expiresAt: Self.farFuture)
            #expect(try await store.write { try await $0.insertIdempotencyClaim(tenant: tenant.id, key: "k", record: rival) } == false)
            let response = StoredResponse(status: 201, headers: ["content-type": "application/json"], body: Array(#"{"id":"x"}"#.utf8))
            #expect(try await store.write { try await $0.completeIdempotencyClaim(tenant: tenant.id, key: "k", lockToken: "t2", response: response) } == false)
            #expect(try await store.write { try await $0.completeIdempotencyClaim(tenant: tenant.id, key: "k", lockToken: "t1", response: response) })
            let stored = try #require(try await store.read { try await $0.idempotencyRecord(tenant: tenant.id, key: "k") })
            #expect(stored.state == .completed && stored.response == response && stored.requestHash == "h1")

            // Another tenant's identical key is a different key.
            let other = Fixtures.tenant()
            try await store.write { try await $0.insertTenant(other) }
            #expect(try await store.read { try await $0.idempotencyRecord(tenant: other.id, key: "k") } == nil)

            // A released claim frees the key; an expired record is purged.
            #expect(try await store.write { try await $0.insertIdempotencyClaim(tenant: tenant.id, key: "k2", record: claim) })
            try await store.write { try await $0.releaseIdempotencyClaim(tenant: tenant.id, key: "k2", lockToken: "t1") }
            #expect(try await store.read { try await $0.idempotencyRecord(tenant: tenant.id, key: "k2") } == nil)
            #expect(try await store.write { try await $0.replaceIdempotencyClaim(tenant: tenant.id, key: "k", previousToken: "t9", record: rival) } == false)
            // Purging removes what expired and keeps what did not. (Servers of other tests may purge
            // the shared PostgreSQL database at any moment, so the count is not asserted.)
            let old = IdempotencyRecord(state: .processing, requestHash: "h0", lockToken: "t0", lockedUntil: 1, response: nil, createdAt: 1, expiresAt: 2)
            #expect(try await store.write { try await $0.insertIdempotencyClaim(tenant: tenant.id, key: "old", record: old) })
            _ = try await store.write { try await $0.purgeExpiredIdempotencyKeys(now: 3, limit: 1_000) }
            #expect(try await store.read { try await $0.idempotencyRecord(tenant: tenant.id, key: "old") } == nil)
            #expect(try await store.read { try await $0.idempotencyRecord(tenant: tenant.id, key: "k") }?.state == .completed)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func migratingAnUpToDateDatabaseChangesNothing(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            try await store.write { try await $0.insertTenant(tenant) }
            try await store.migrate()
            try await store.migrate()
            #expect(try await store.read { try await $0.tenant(tenant.id) } == tenant)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theTenantDefaultCustomFieldSchemaRoundTrips(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            try await store.write { try await $0.insertTenant(tenant) }
            #expect(try await store.read { try await $0.defaultCustomFieldSchema(tenant.id) } == CustomFieldSchema())
            let schema = CustomFieldSchema(fields: [
                CustomFieldDefinition(key: "project", label: "Project", type: .enum, required: true, allowedValues: ["A", "B"], appliesTo: [.invoice, .payment]),
            ])
            try await store.write { try await $0.setDefaultCustomFieldSchema(tenant.id, schema, now: 5) }
            #expect(try await store.read { try await $0.defaultCustomFieldSchema(tenant.id) } == schema)
        }
    }
}
