import RemitCore
import RemitStore
import RemitTestSupport
import Testing

/// Writes held back by `deferringWrites` all commit, on PostgreSQL as few combined statements
/// (more than one statement's worth here), and a failing one fails the transaction.
@Suite struct DeferredWriteTests {
    static func event(_ tenant: TenantID, _ index: Int) -> StoredEvent {
        StoredEvent(id: "evt_deferred_\(index)_\(IDGenerator.system.secret(prefix: "", byteCount: 6))", tenantID: tenant,
                    type: "test.deferred", payload: .object([("index", .int(Int64(index))), ("note", .string("it's ?$1 quoted"))]),
                    createdAt: Int64(index))
    }

    @Test(arguments: TestBackend.allCases)
    func everyHeldWriteCommitsAndAQuestionMarkInAValueStaysAValue(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            try await store.write { try await $0.insertTenant(tenant) }
            try await store.write { transaction in
                try await transaction.deferringWrites { deferring in
                    for index in 0..<1_200 { try await deferring.insertEvent(Self.event(tenant.id, index)) }
                }
            }
            var seen: [Int64] = []
            var after: Int64?
            repeat {
                let request = PageRequest(limit: 100, after: after)
                let page = try await store.read { try await $0.events(tenant: tenant.id, type: "test.deferred", page: request) }
                seen += page.items.compactMap { $0.payload["index"]?.int64Value }
                #expect(page.items.allSatisfy { $0.payload["note"] == .string("it's ?$1 quoted") })
                after = page.next
            } while after != nil
            #expect(seen.sorted() == Array(0..<1_200))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aHeldWriteTheDatabaseRefusesFailsTheTransactionAndNothingCommits(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend) { store in
            let tenant = Fixtures.tenant()
            try await store.write { try await $0.insertTenant(tenant) }
            let twice = Self.event(tenant.id, 1)
            await #expect(throws: (any Error).self) {
                try await store.write { transaction in
                    try await transaction.deferringWrites { deferring in
                        try await deferring.insertEvent(Self.event(tenant.id, 0))
                        try await deferring.insertEvent(twice)
                        try await deferring.insertEvent(twice)
                    }
                }
            }
            let page = try await store.read { try await $0.events(tenant: tenant.id, type: nil, page: PageRequest(limit: 10, after: nil)) }
            #expect(page.items.isEmpty)
        }
    }
}
