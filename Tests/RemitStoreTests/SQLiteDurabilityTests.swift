import Foundation
import RemitCore
@testable import RemitStore
import RemitTestSupport
import Testing

@Suite struct SQLiteDurabilityTests {
    @Test func sqliteRunsInWALModeWithFullSynchronousCommits() async throws {
        let settings = try await TestDatabase.withStore(.sqlite) { try await $0.durabilitySettings() }
        #expect(settings["journal_mode"] == "wal")
        #expect(settings["synchronous"] == "FULL")
    }

    @Test func dataSurvivesClosingAndReopeningTheDatabase() async throws {
        let location = StoreLocation.sqlite(path: TestDatabase.temporarySQLitePath())
        let tenant = Fixtures.tenant()
        let buyer = Fixtures.buyer()
        try await TestDatabase.withStore(at: location) { store in
            try await store.write { transaction in
                try await transaction.insertTenant(tenant)
                try await transaction.insertBuyer(buyer, tenant: tenant.id)
            }
        }
        let reread = try await TestDatabase.withStore(at: location) { store in
            try await store.read { try await $0.buyer(buyer.id, tenant: tenant.id) }
        }
        #expect(reread == buyer)
    }

    @Test func aShippedMigrationThatWasEditedStopsTheStoreFromStarting() async throws {
        let path = TestDatabase.temporarySQLitePath()
        _ = try await TestDatabase.withStore(at: .sqlite(path: path)) { _ in true }
        let driver = try await SQLiteDriver(path: path)
        let edited = Migration(version: 1, name: "foundation", template: Migrations.foundation.template + ";\nCREATE TABLE sneaky (x INTEGER)")
        await #expect(throws: StoreError.migrationChanged(version: 1, name: "foundation")) {
            try await Migrator(driver: driver, logger: TestDatabase.logger, now: 0).migrate([edited])
        }
    }

    @Test func migrationVersionsStrictlyIncreaseFromOne() {
        let versions = Migrations.all.map(\.version)
        #expect(versions == Array(1...versions.count))
        #expect(Migrations.all.suffix(7).map(\.name) == ["modules", "ledger", "file_rails", "bank_statements", "stripe", "refunds", "payment_adjustments"])
    }
}
