import RemitCore
import RemitLedger
import RemitStore
import RemitTestSupport
import Testing

@testable import RemitServer

/// Group commit books a whole batch's settlements with one `createLedgerTransfers`: the
/// pendings of started steps, the posts and fees of settled ones, the voids of declined ones,
/// in order, idempotently, and with every invariant holding — on SQLite and PostgreSQL.
@Suite struct SettlementBookingTests {
    static func facts(_ payment: String, invoice: String, buyer: String, amount: Int64) throws -> LedgerBooks.PaymentFacts {
        try #require(LedgerBooks.PaymentFacts(.object([
            ("id", .string(payment)), ("invoice_id", .string(invoice)), ("buyer_id", .string(buyer)),
            ("amount", .int(Int(amount))), ("currency", .string("USD")), ("method", .string("card")),
        ])))
    }

    @Test(arguments: TestBackend.allCases)
    func aBatchBooksStartsSettlementsAndDeclinesOfSeveralBuyersInOrderAndOnce(backend: TestBackend) async throws {
        try await APIHarness.run(backend) { api in
            let tenant = api.tenant.id
            let first = try await api.createBuyer()
            let second = try await api.createBuyer()
            let invoiceOne = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: first, number: "INV-SB1")).json["id"]?.stringValue)
            let invoiceTwo = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: second, number: "INV-SB2")).json["id"]?.stringValue)
            let a = try Self.facts("pay_sb_a", invoice: invoiceOne, buyer: first, amount: 1_000)
            let b = try Self.facts("pay_sb_b", invoice: invoiceOne, buyer: first, amount: 2_000)
            let c = try Self.facts("pay_sb_c", invoice: invoiceTwo, buyer: second, amount: 3_000)
            let chart = LedgerChartCache()
            let books = LedgerBooks(environment: Environment(), chart: chart)
            let before = try await LedgerAPITests.accounts(api)

            // The settle steps start: three pendings in one batch.
            let used = try await api.store.write { transaction in
                try await books.book([a, b, c].map { SettlementBooking(tenant: tenant, facts: $0, event: .started) }, in: transaction)
            }
            #expect(Set(used.map(\.code)).isSuperset(of: ["cash_in_transit", "receivable:\(first)", "receivable:\(second)"]))
            chart.remember(used)
            var accounts = try await LedgerAPITests.accounts(api)
            #expect(accounts["cash_in_transit"]?["debits_pending"] == .int(6_000))

            // Then one settles with a fee, one is declined, and a fourth that no step started
            // settles (its pending is written first, in the same batch); replayed, nothing changes.
            let d = try Self.facts("pay_sb_d", invoice: invoiceTwo, buyer: second, amount: 500)
            let outcomes: [SettlementBooking] = [
                SettlementBooking(tenant: tenant, facts: a, event: .settled(feeMinor: 59, railReference: "ch_a")),
                SettlementBooking(tenant: tenant, facts: b, event: .failed),
                SettlementBooking(tenant: tenant, facts: d, event: .settled(feeMinor: 0, railReference: nil)),
            ]
            try await api.store.write { try await books.book(outcomes, in: $0) }
            let count = try await LedgerAPITests.transfers(api).count
            try await api.store.write { try await books.book(outcomes, in: $0) }
            #expect(try await LedgerAPITests.transfers(api).count == count, "a replayed batch books nothing twice")

            accounts = try await LedgerAPITests.accounts(api)
            let owedOne = try #require(before["receivable:\(first)"]?["balance"]?.int64Value)
            let owedTwo = try #require(before["receivable:\(second)"]?["balance"]?.int64Value)
            #expect(accounts["receivable:\(first)"]?["balance"]?.int64Value == owedOne - 1_000, "a settled, b declined and owed again")
            #expect(accounts["receivable:\(second)"]?["balance"]?.int64Value == owedTwo - 500, "c still pending, d settled")
            #expect(accounts["cash_in_transit"]?["balance"] == .int(1_000 - 59 + 500))
            #expect(accounts["cash_in_transit"]?["debits_pending"] == .int(3_000), "only c is still pending")
            #expect(accounts["fees"]?["balance"] == .int(59))
            let verification = LedgerVerifier.verify(try await api.store.ledgerSnapshot(tenant: tenant))
            #expect(verification.isValid, "\(verification.summary)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aBatchThatBreaksAConstraintBooksNothing(backend: TestBackend) async throws {
        try await APIHarness.run(backend) { api in
            let tenant = api.tenant.id
            let buyer = try await api.createBuyer()
            let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-SB3")).json["id"]?.stringValue)
            let books = LedgerBooks(environment: Environment())
            let fine = try Self.facts("pay_sb_ok", invoice: invoice, buyer: buyer, amount: 100)
            let count = try await LedgerAPITests.transfers(api).count
            // A fee larger than the settlement would take cash in transit below zero.
            await #expect(throws: LedgerError.self) {
                try await api.store.write { transaction in
                    try await books.book([
                        SettlementBooking(tenant: tenant, facts: fine, event: .started),
                        SettlementBooking(tenant: tenant, facts: fine, event: .settled(feeMinor: 1_000_000, railReference: nil)),
                    ], in: transaction)
                }
            }
            #expect(try await LedgerAPITests.transfers(api).count == count)
        }
    }

    @Test func theChartCacheAnswersOnlyWhatItWasToldAndStaysBounded() {
        let cache = LedgerChartCache()
        let tenant = TenantID(rawValue: "ten_cache")
        let usd = try! Currency(code: "USD")
        let accounts = ChartOfAccounts.standardAccounts(tenant: tenant, currency: usd, ids: .system, now: 0)
        #expect(cache.accounts(tenant: tenant, currency: usd, codes: ChartOfAccounts.standardCodes).isEmpty)
        cache.remember(accounts)
        #expect(cache.accounts(tenant: tenant, currency: usd, codes: ChartOfAccounts.standardCodes).map(\.id) == accounts.map(\.id))
        #expect(cache.accounts(tenant: TenantID(rawValue: "ten_other"), currency: usd, codes: ChartOfAccounts.standardCodes).isEmpty)
        let many = (0..<LedgerChartCache.accountsMax).map {
            ChartOfAccounts.receivable(buyer: BuyerID(rawValue: "buy_\($0)"), tenant: tenant, currency: usd, ids: .system, now: 0)
        }
        cache.remember(many)
        #expect(cache.accounts(tenant: tenant, currency: usd, codes: ChartOfAccounts.standardCodes).isEmpty,
                "past the bound the cache starts over rather than grow")
    }
}
