import Foundation
import RemitCore
import RemitLedger
import RemitStore
import RemitTestSupport
import Synchronization
import Testing

/// The ledger in storage, on SQLite and PostgreSQL alike.
@Suite struct LedgerStoreTests {
    static let now: Int64 = 1_764_400_000_000

    /// A tenant with a funding account (equity, unconstrained) and `count` cash accounts that may not go negative.
    struct Books: Sendable {
        let tenant: TenantID
        let funding: LedgerAccount
        let cash: [LedgerAccount]

        static func make(_ store: Store, cashAccounts count: Int, currency: Currency = .usd) async throws -> Books {
            let tenant = Fixtures.tenant()
            let ids = IDGenerator.system
            let funding = LedgerAccount(id: ids.make(), tenantID: tenant.id, code: "funding", kind: .equity, currency: currency, createdAt: now)
            let cash = (0..<count).map { index in
                LedgerAccount(id: ids.make(), tenantID: tenant.id, code: "cash_\(index)", kind: .asset, currency: currency,
                              constraint: .creditsMustNotExceedDebits, createdAt: now)
            }
            let stored = try await store.write { transaction in
                try await transaction.insertTenant(tenant)
                return try await transaction.ensureLedgerAccounts([funding] + cash)
            }
            return Books(tenant: tenant.id, funding: stored[0], cash: Array(stored.dropFirst()))
        }

        /// Dr `to`, Cr `from`.
        func move(_ amount: Int64, from: LedgerAccount, to: LedgerAccount, _ kind: TransferKind = .posted, clientID: String? = nil,
                  timeout: Int64? = nil, at: Int64 = LedgerStoreTests.now) -> LedgerTransfer {
            let id: LedgerTransferID = IDGenerator.system.make()
            return LedgerTransfer(id: id, tenantID: tenant, clientID: clientID ?? id.rawValue, kind: kind, legs: [.debit(to, amount), .credit(from, amount)],
                                  timeoutMilliseconds: timeout, reason: "test", metadata: ["test": "ledger"], createdAt: at)
        }

        func resolve(_ pending: LedgerTransfer, _ kind: TransferKind, amount: Int64? = nil, at: Int64 = LedgerStoreTests.now + 1) -> LedgerTransfer {
            let legs = kind == .voidPending ? [] : pending.legs.map { LedgerLeg(accountID: $0.accountID, side: $0.side, amount: amount ?? $0.amount, currency: $0.currency) }
            return LedgerTransfer(id: IDGenerator.system.make(), tenantID: tenant, clientID: "\(kind.rawValue):\(pending.id)", kind: kind, legs: legs,
                                  pendingID: pending.id, reason: "test", createdAt: at)
        }

        func fund(_ store: Store, _ amount: Int64) async throws {
            let transfers = cash.map { move(amount, from: funding, to: $0) }
            _ = try await store.write { try await $0.createLedgerTransfers(transfers) }
        }
    }

    func balance(_ store: Store, _ account: LedgerAccount, _ books: Books) async throws -> AccountBalance? {
        try await store.read { try await $0.ledgerAccount(account.id, tenant: books.tenant) }?.balance
    }

    func verify(_ store: Store, _ books: Books) async throws -> LedgerVerification {
        LedgerVerifier.verify(try await store.ledgerSnapshot(tenant: books.tenant))
    }

    /// Inside a batch that defers its other writes (the executor's group commit), each
    /// posting's balances are written at once, so the next posting in the same transaction
    /// builds on them: a pending transfer, its post and a second one, one after another.
    @Test(arguments: [TestBackend.sqlite, .postgres])
    func postingsInsideADeferringBatchSeeEachOther(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await Books.make(store, cashAccounts: 2)
            try await books.fund(store, 1_000)
            let pending = books.move(300, from: books.cash[0], to: books.cash[1], .pending)
            try await store.write { transaction in
                try await transaction.deferringWrites { batch in
                    try await batch.createLedgerTransfer(pending)
                    try await batch.createLedgerTransfer(books.resolve(pending, .postPending))
                    try await batch.createLedgerTransfer(books.move(700, from: books.cash[0], to: books.cash[1]))
                }
            }
            let drained = try #require(try await balance(store, books.cash[0], books))
            #expect(drained.posted(normalSide: .debit) == 0)
            #expect(drained.debitsPending == 0 && drained.creditsPending == 0)
            #expect(try await balance(store, books.cash[1], books)?.posted(normalSide: .debit) == 2_000)
            #expect(try await verify(store, books).isValid)
            return true
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theChartOfAccountsIsCreatedOnceAndKeepsItsIDs(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let tenant = Fixtures.tenant()
            let buyer: BuyerID = IDGenerator.system.make()
            let first = ChartOfAccounts.accountsForInvoice(buyer: buyer, tenant: tenant.id, currency: .usd, ids: .system, now: Self.now)
            let second = ChartOfAccounts.accountsForInvoice(buyer: buyer, tenant: tenant.id, currency: .usd, ids: .system, now: Self.now + 5)
            let stored = try await store.write { transaction in
                try await transaction.insertTenant(tenant)
                return try await transaction.ensureLedgerAccounts(first)
            }
            #expect(stored == first)
            #expect(try await store.write { try await $0.ensureLedgerAccounts(second) } == first)
            var changedAccount = second[0]
            changedAccount.constraint = nil
            let changed = changedAccount
            let refused = await ledgerCode { try await store.write { try await $0.ensureLedgerAccounts([changed]) } }
            #expect(refused == .accountExistsWithDifferentFields)
            var badAccount = second[0]
            badAccount.code = "Not Valid"
            let bad = badAccount
            #expect(await ledgerCode { try await store.write { try await $0.ensureLedgerAccounts([bad]) } } == .accountCodeInvalid)
            let page = try await store.read { try await $0.ledgerAccounts(tenant: tenant.id, page: PageRequest(limit: 100)) }
            // The standard chart (with unapplied_cash) and one receivable.
            #expect(page.items.count == ChartOfAccounts.standardCodes.count + 1 && page.items.count == 8)
            #expect(page.items.allSatisfy { $0.balance == .zero })
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aTransferReadsBackExactlyAndMovesBothBalances(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await Books.make(store, cashAccounts: 2)
            let transfer = books.move(1_250, from: books.funding, to: books.cash[0])
            #expect(try await store.write { try await $0.createLedgerTransfer(transfer) } == .created(transfer))
            let stored = try await store.read { try await $0.ledgerTransfer(transfer.id, tenant: books.tenant) }
            #expect(stored == LedgerTransferRecord(transfer: transfer, pendingState: nil))
            #expect(try await balance(store, books.cash[0], books) == AccountBalance(debitsPosted: 1_250))
            #expect(try await balance(store, books.funding, books) == AccountBalance(creditsPosted: 1_250))
            let other = Fixtures.tenant()
            #expect(try await store.read { try await $0.ledgerTransfer(transfer.id, tenant: other.id) } == nil)
            #expect(try await store.read { try await $0.ledgerAccount(books.funding.id, tenant: other.id) } == nil)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func transferListsPageNewestFirstAndFilterByAccount(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await Books.make(store, cashAccounts: 2)
            let transfers = (0..<5).map { books.move(Int64(10 + $0), from: books.funding, to: books.cash[$0 % 2]) }
            for transfer in transfers { _ = try await store.write { try await $0.createLedgerTransfer(transfer) } }
            var seen: [LedgerTransferID] = []
            var after: Int64?
            repeat {
                let page = try await store.read { [after] in try await $0.ledgerTransfers(tenant: books.tenant, page: PageRequest(limit: 2, after: after)) }
                #expect(page.items.count <= 2)
                #expect(page.items.allSatisfy { $0.transfer.legs.count == 2 })
                seen += page.items.map(\.transfer.id)
                after = page.next
            } while after != nil
            #expect(seen == transfers.reversed().map(\.id))
            let second = try await store.read { try await $0.ledgerTransfers(tenant: books.tenant, account: books.cash[1].id, page: PageRequest()) }
            #expect(second.items.map(\.transfer.id) == [transfers[3].id, transfers[1].id])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aRepeatedClientIDReturnsTheFirstTransferAndOtherFieldsAreRefused(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await Books.make(store, cashAccounts: 1)
            let first = books.move(500, from: books.funding, to: books.cash[0], clientID: "payment-42")
            _ = try await store.write { try await $0.createLedgerTransfer(first) }
            let retry = books.move(500, from: books.funding, to: books.cash[0], clientID: "payment-42", at: Self.now + 9_000)
            #expect(try await store.write { try await $0.createLedgerTransfer(retry) } == .existing(first))
            let different = books.move(501, from: books.funding, to: books.cash[0], clientID: "payment-42")
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfer(different) } } == .transferExistsWithDifferentFields)
            #expect(try await balance(store, books.cash[0], books) == AccountBalance(debitsPosted: 500))
            #expect(try await store.read { try await $0.ledgerTransfers(tenant: books.tenant, page: PageRequest()) }.items.count == 1)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func cashMayNotGoNegativeAndARefusedTransferWritesNothing(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await Books.make(store, cashAccounts: 2)
            try await books.fund(store, 100)
            let overdraw = books.move(101, from: books.cash[0], to: books.cash[1])
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfer(overdraw) } } == .exceedsDebits)
            #expect(try await store.read { try await $0.ledgerTransfer(overdraw.id, tenant: books.tenant) } == nil)
            #expect(try await balance(store, books.cash[0], books) == AccountBalance(debitsPosted: 100))
            let unbalanced = LedgerTransfer(id: IDGenerator.system.make(), tenantID: books.tenant, clientID: "u", kind: .posted,
                                            legs: [.debit(books.cash[1], 5), .credit(books.funding, 4)], reason: "", createdAt: Self.now)
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfer(unbalanced) } } == .unbalanced)
            #expect(try await verify(store, books).isValid)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func noTransferTouchesAnotherTenantsAccount(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let mine = try await Books.make(store, cashAccounts: 1)
            let theirs = try await Books.make(store, cashAccounts: 1)
            let crossing = mine.move(10, from: mine.funding, to: theirs.cash[0])
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfer(crossing) } } == .accountNotFound)
            #expect(try await balance(store, theirs.cash[0], theirs) == .zero)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aPendingTransferReservesThenPostsInPartAndReleasesTheRest(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await Books.make(store, cashAccounts: 2)
            try await books.fund(store, 1_000)
            let pending = books.move(600, from: books.cash[0], to: books.cash[1], .pending, timeout: 60_000)
            _ = try await store.write { try await $0.createLedgerTransfer(pending) }
            #expect(try await balance(store, books.cash[0], books) == AccountBalance(debitsPosted: 1_000, creditsPending: 600))
            let tooMuch = books.move(401, from: books.cash[0], to: books.cash[1])
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfer(tooMuch) } } == .exceedsDebits)
            let post = books.resolve(pending, .postPending, amount: 250)
            _ = try await store.write { try await $0.createLedgerTransfer(post) }
            #expect(try await balance(store, books.cash[0], books) == AccountBalance(debitsPosted: 1_000, creditsPosted: 250))
            #expect(try await balance(store, books.cash[1], books) == AccountBalance(debitsPosted: 1_250))
            #expect(try await store.read { try await $0.ledgerTransfer(pending.id, tenant: books.tenant) }?.pendingState == .posted)
            let again = books.resolve(pending, .voidPending)
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfer(again) } } == .pendingTransferAlreadyPosted)
            #expect(try await verify(store, books).isValid)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func theExpirySweepReleasesDuePendingsOnlyAndAtMostItsLimit(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await Books.make(store, cashAccounts: 2)
            try await books.fund(store, 1_000)
            let due = (0..<3).map { _ in books.move(100, from: books.cash[0], to: books.cash[1], .pending, timeout: 1_000) }
            let later = books.move(100, from: books.cash[0], to: books.cash[1], .pending, timeout: 5_000)
            let never = books.move(100, from: books.cash[0], to: books.cash[1], .pending)
            _ = try await store.write { try await $0.createLedgerTransfers(due + [later, never]) }
            #expect(try await store.write { try await $0.expireLedgerTransfers(now: Self.now + 999) }.isEmpty)
            let first = try await store.write { try await $0.expireLedgerTransfers(now: Self.now + 1_000, limit: 2) }
            #expect(first.count == 2)
            let second = try await store.write { try await $0.expireLedgerTransfers(now: Self.now + 1_000) }
            #expect(Set(first + second) == Set(due.map(\.id)))
            #expect(try await balance(store, books.cash[0], books) == AccountBalance(debitsPosted: 1_000, creditsPending: 200))
            let late = books.resolve(due[0], .postPending, at: Self.now + 1)
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfer(late) } } == .pendingTransferExpired)
            let lateByClock = books.resolve(later, .voidPending, at: Self.now + 5_000)
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfer(lateByClock) } } == .pendingTransferExpired)
            let verification = try await verify(store, books)
            #expect(verification.isValid, "\(verification.summary)")
            #expect(verification.pendingByState == [.expired: 3, .pending: 2])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aBatchAppliesInOrderAndOneRefusalRefusesTheBatch(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await Books.make(store, cashAccounts: 2)
            let fund = books.move(300, from: books.funding, to: books.cash[0])
            let pending = books.move(300, from: books.cash[0], to: books.cash[1], .pending)
            let post = books.resolve(pending, .postPending)
            let outcomes = try await store.write { try await $0.createLedgerTransfers([fund, pending, post]) }
            #expect(outcomes.map(\.transfer.id) == [fund.id, pending.id, post.id])
            #expect(try await store.read { try await $0.ledgerTransfer(pending.id, tenant: books.tenant) }?.pendingState == .posted)
            #expect(try await balance(store, books.cash[1], books) == AccountBalance(debitsPosted: 300))
            let good = books.move(50, from: books.funding, to: books.cash[0])
            let bad = books.move(51, from: books.cash[0], to: books.cash[1])
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfers([good, bad]) } } == .exceedsDebits)
            #expect(try await store.read { try await $0.ledgerTransfer(good.id, tenant: books.tenant) } == nil)
            let verification = try await verify(store, books)
            #expect(verification.isValid, "\(verification.summary)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func batchesHoldUpToTransfersPerBatchMax(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await Books.make(store, cashAccounts: 1)
            let full = (0..<LedgerLimits.transfersPerBatchMax).map { _ in books.move(1, from: books.funding, to: books.cash[0]) }
            #expect(try await store.write { try await $0.createLedgerTransfers(full) }.count == LedgerLimits.transfersPerBatchMax)
            let over = full + [books.move(1, from: books.funding, to: books.cash[0])]
            #expect(await ledgerCode { try await store.write { try await $0.createLedgerTransfers(over) } } == .batchTooLarge)
            #expect(try await balance(store, books.cash[0], books)?.debitsPosted == Int64(LedgerLimits.transfersPerBatchMax))
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anInvoicesLifeBooksThroughTheStoreAndVerifies(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let tenant = Fixtures.tenant()
            let ids = IDGenerator.system
            let buyer: BuyerID = ids.make(), invoice: InvoiceID = ids.make(), payment: PaymentID = ids.make()
            let accounts = try await store.write { transaction in
                try await transaction.insertTenant(tenant)
                return try await transaction.ensureLedgerAccounts(
                    ChartOfAccounts.accountsForInvoice(buyer: buyer, tenant: tenant.id, currency: .usd, ids: ids, now: Self.now))
            }
            let context = PostingContext(tenant: tenant.id, currency: .usd, accounts: accounts, ids: ids, now: Self.now)
            let pending = try PostingRules.paymentInitiated(context, payment: payment, invoice: invoice, buyer: buyer, amount: 9_800, timeoutMilliseconds: 86_400_000)
            let transfers = [
                try PostingRules.invoiceIssued(context, invoice: invoice, buyer: buyer, amount: 10_000), pending,
                try PostingRules.earlyPaymentDiscountTaken(context, payment: payment, invoice: invoice, buyer: buyer, amount: 200),
                try PostingRules.paymentSettledByRail(context, pending: pending),
                try PostingRules.feeCharged(context, payment: payment, amount: 30, from: .inTransit, reference: "f1"),
                try PostingRules.settlementConfirmedByBank(context, payment: payment, amount: 9_770, reference: "s1"),
                try PostingRules.refundIssued(context, payment: payment, invoice: invoice, buyer: buyer, amount: 1_000, reference: "r1"),
            ]
            for transfer in transfers { _ = try await store.write { try await $0.createLedgerTransfer(transfer) } }
            let page = try await store.read { try await $0.ledgerAccounts(tenant: tenant.id, page: PageRequest(limit: 100)) }
            let posted = Dictionary(uniqueKeysWithValues: page.items.map { ($0.account.code, $0.posted) })
            #expect(posted == ["receivable:\(buyer)": 0, "revenue": 10_000, "early_payment_discounts": 200, "fees": 30,
                               "cash_in_transit": 0, "cash_settled": 8_770, "refunds": 1_000, "unapplied_cash": 0])
            let verification = LedgerVerifier.verify(try await store.ledgerSnapshot(tenant: nil))
            #expect(verification.isValid, "\(verification.summary)")
            #expect(verification.transferCount == 7)
        }
    }
}

/// A bank-style test: many tasks move money between accounts that may not go negative, while
/// readers check that every read of the books balances, and the verifier passes at the end.
@Suite struct LedgerConcurrencyTests {
    static let accountCount = 20
    static let writerCount = 8
    static let operationsPerWriter = 150
    static let readerCount = 2
    static let openingBalance: Int64 = 1_000
    static let readsPerReaderMax = 1_000_000

    final class Tally: Sendable {
        let counts = Mutex([String: Int]())
        func add(_ key: String, _ amount: Int = 1) { counts.withLock { $0[key, default: 0] += amount } }
        subscript(_ key: String) -> Int { counts.withLock { $0[key] ?? 0 } }
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentTransfersKeepEveryReadBalancedAndTheBooksVerified(_ backend: TestBackend) async throws {
        try await TestDatabase.withStore(backend, prefix: "ledger_") { store in
            let books = try await LedgerStoreTests.Books.make(store, cashAccounts: Self.accountCount)
            try await books.fund(store, Self.openingBalance)
            let tally = Tally()
            try await withThrowingTaskGroup(of: Void.self) { readers in
                for _ in 0..<Self.readerCount {
                    readers.addTask { try await Self.readUntilCancelled(store, books, tally) }
                }
                try await withThrowingTaskGroup(of: Void.self) { writers in
                    for writer in 0..<Self.writerCount {
                        writers.addTask { try await Self.write(store, books, tally, seed: UInt64(writer + 1)) }
                    }
                    try await writers.waitForAll()
                }
                readers.cancelAll()
                try await readers.waitForAll()
            }
            #expect(tally["attempted"] >= 1_000)
            #expect(tally["created"] > tally["attempted"] / 4, "most transfers go through")
            #expect(tally["refused"] > 0, "some transfers would overdraw and are refused")
            #expect(tally["reads"] > 0)
            #expect(tally["unbalancedReads"] == 0)
            let verification = LedgerVerifier.verify(try await store.ledgerSnapshot(tenant: books.tenant))
            #expect(verification.isValid, "\(verification.summary)")
            #expect(verification.totals["USD"]?.debitsPosted == verification.totals["USD"]?.creditsPosted)
            let cash = try await store.read { try await $0.ledgerAccounts(tenant: books.tenant, page: PageRequest(limit: 100)) }.items
                .filter { $0.account.code.hasPrefix("cash_") }
            #expect(cash.allSatisfy { $0.available >= 0 })
            #expect(cash.reduce(0) { $0 + $1.posted } + cash.reduce(0) { $0 + $1.balance.debitsPending }
                    == Int64(Self.accountCount) * Self.openingBalance, "money moved between cash accounts is neither made nor lost")
        }
    }

    /// One writer: single transfers, small batches, and pending transfers it later posts (in
    /// full or part) or voids; refusals for lack of funds are expected and counted.
    static func write(_ store: Store, _ books: LedgerStoreTests.Books, _ tally: Tally, seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        var open: [LedgerTransfer] = []
        func randomMove(_ kind: TransferKind = .posted) -> LedgerTransfer {
            let from = Int.random(in: 0..<accountCount, using: &random)
            let to = (from + Int.random(in: 1..<accountCount, using: &random)) % accountCount
            return books.move(Int64.random(in: 1...300, using: &random), from: books.cash[from], to: books.cash[to], kind)
        }
        for _ in 0..<operationsPerWriter {
            let roll = Int.random(in: 0..<100, using: &random)
            let batch: [LedgerTransfer]
            if roll < 60 {
                batch = [randomMove()]
            } else if roll < 75 {
                batch = (0..<5).map { _ in randomMove() }
            } else if roll < 90 || open.isEmpty {
                batch = [randomMove(.pending)]
            } else {
                let pending = open.removeFirst()
                let choice = Int.random(in: 0..<3, using: &random)
                batch = [books.resolve(pending, choice == 0 ? .voidPending : .postPending, amount: choice == 2 ? max(1, pending.legs[0].amount / 2) : nil)]
            }
            tally.add("attempted", batch.count)
            do {
                let outcomes = try await store.write { try await $0.createLedgerTransfers(batch) }
                tally.add("created", outcomes.count)
                open += batch.filter { $0.kind == .pending }
            } catch let error as LedgerError where error.code == .exceedsDebits {
                tally.add("refused", batch.count)
            }
        }
        for pending in open {
            _ = try await store.write { try await $0.createLedgerTransfer(books.resolve(pending, .voidPending)) }
        }
    }

    /// Reads the books' totals until cancelled (or `readsPerReaderMax` reads), counting reads
    /// where debits and credits differ.
    static func readUntilCancelled(_ store: Store, _ books: LedgerStoreTests.Books, _ tally: Tally) async throws {
        for _ in 0..<readsPerReaderMax where !Task.isCancelled {
            // A SQLite read runs on the calling thread without suspending; yield so the writers
            // get the cooperative pool's threads too.
            await Task.yield()
            do {
                let totals = try await store.read { try await $0.ledgerTotals(tenant: books.tenant) }
                tally.add("reads")
                if totals["USD"]?.isBalanced != true { tally.add("unbalancedReads") }
            } catch {
                if Task.isCancelled { return }
                throw error
            }
        }
    }
}

/// The code of the ledger error `body` throws, or nil when it throws none.
func ledgerCode<T>(_ body: () async throws -> T) async -> LedgerError.Code? {
    do {
        _ = try await body()
        return nil
    } catch let error as LedgerError {
        return error.code
    } catch {
        Issue.record("not a LedgerError: \(error)")
        return nil
    }
}
