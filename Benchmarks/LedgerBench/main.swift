import Foundation
import Logging
import RemitCore
import RemitLedger
import RemitStore

// Ledger transfers per second through RemitStore, beside the raw durable single-row commit rate
// of the same database measured in the same run: SQLite (WAL, synchronous=FULL) always, and
// PostgreSQL when a URL is given. Each transfer moves a random amount between two of 20 cash
// accounts that may not go negative (so every transfer locks, reads and checks two balances,
// inserts the transfer and its two legs, and updates both balances). Modes: one transaction per
// transfer (1 writer, then `--writers` concurrent writers), and batches of `--batch` transfers
// per transaction. The books are verified at the end of each backend's run.
// Usage: LedgerBench [--transfers N] [--batch N] [--writers N] [--baseline-commits N] [--postgres URL]

struct Options {
    var transfers = 2_000
    var batch = 100
    var writers = 8
    var baselineCommits = 2_000
    var postgres: String?

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--transfers": transfers = Int(value) ?? transfers
            case "--batch": batch = Int(value) ?? batch
            case "--writers": writers = Int(value) ?? writers
            case "--baseline-commits": baselineCommits = Int(value) ?? baselineCommits
            case "--postgres": postgres = value
            default: fatalError("unknown option \(flag)")
            }
        }
    }
}

let accountCount = 20
let openingBalance: Int64 = 1_000_000_000

func main() async throws {
    let options = Options(Array(CommandLine.arguments.dropFirst()))
    var logger = Logger(label: "ledger-bench")
    logger.logLevel = .critical
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    print("| backend | mode | transfers | seconds | transfers/s | baseline commits/s | vs. baseline |")
    print("|---|---|---:|---:|---:|---:|---:|")
    let sqliteBaseline = try await SQLiteCommitBaseline.measure(path: folder.appendingPathComponent("baseline.sqlite").path, count: options.baselineCommits)
    try await run(.sqlite(path: folder.appendingPathComponent("ledger.sqlite").path), baseline: sqliteBaseline, options: options, logger: logger)
    if let url = options.postgres {
        let baseline = try await PostgresCommitBaseline.measure(url: url, count: options.baselineCommits, logger: logger)
        try await run(.postgres(url: url), baseline: baseline, options: options, logger: logger)
    }
}

func run(_ location: StoreLocation, baseline: Double, options: Options, logger: Logger) async throws {
    let store = try await Store.open(location, clock: .system, logger: logger)
    _ = try await store.whileRunning {
        let books = try await Books.open(store)
        func report(_ mode: String, _ count: Int, _ seconds: Double) {
            let rate = Double(count) / seconds
            print(String(format: "| %@ | %@ | %d | %.2f | %.0f | %.0f | %.0f%% |", store.backend, mode, count, seconds, rate, baseline, 100 * rate / baseline))
        }
        report("1 transfer per transaction, 1 writer", options.transfers, try await timed {
            var random = SplitMix64(seed: 1)
            for _ in 0..<options.transfers {
                let transfer = books.randomTransfer(&random)
                _ = try await store.write { try await $0.createLedgerTransfer(transfer) }
            }
        })
        report("1 transfer per transaction, \(options.writers) writers", options.transfers, try await timed {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<options.writers {
                    group.addTask {
                        var random = SplitMix64(seed: UInt64(100 + writer))
                        for _ in 0..<(options.transfers / options.writers) {
                            let transfer = books.randomTransfer(&random)
                            _ = try await store.write { try await $0.createLedgerTransfer(transfer) }
                        }
                    }
                }
                try await group.waitForAll()
            }
        })
        let batches = max(1, options.transfers / options.batch)
        report("\(options.batch) transfers per transaction", batches * options.batch, try await timed {
            var random = SplitMix64(seed: 2)
            for _ in 0..<batches {
                let batch = (0..<options.batch).map { _ in books.randomTransfer(&random) }
                _ = try await store.write { try await $0.createLedgerTransfers(batch) }
            }
        })
        let verification = LedgerVerifier.verify(try await store.ledgerSnapshot(tenant: books.tenant))
        precondition(verification.isValid, verification.summary)
        return true
    }
    try await store.close()
}

func timed(_ body: () async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    try await body()
    return (ContinuousClock.now - start).seconds
}

/// A tenant with a funding account and 20 funded cash accounts that may not go negative.
struct Books: Sendable {
    let tenant: TenantID
    let cash: [LedgerAccount]

    static func open(_ store: Store) async throws -> Books {
        let ids = IDGenerator.system
        let tenant = Tenant(id: ids.make(), name: "Ledger bench", createdAt: 0)
        let now = WallClock.system.nowMilliseconds
        let funding = LedgerAccount(id: ids.make(), tenantID: tenant.id, code: "funding", kind: .equity, currency: .usd, createdAt: now)
        let cash = (0..<accountCount).map { index in
            LedgerAccount(id: ids.make(), tenantID: tenant.id, code: "cash_\(index)", kind: .asset, currency: .usd,
                          constraint: .creditsMustNotExceedDebits, createdAt: now)
        }
        return try await store.write { transaction in
            try await transaction.insertTenant(tenant)
            let stored = try await transaction.ensureLedgerAccounts([funding] + cash)
            _ = try await transaction.createLedgerTransfers(stored.dropFirst().map { account in
                LedgerTransfer(id: ids.make(), tenantID: tenant.id, clientID: "fund:\(account.code)", kind: .posted,
                               legs: [.debit(account, openingBalance), .credit(stored[0], openingBalance)], reason: "Opening balance", createdAt: now)
            })
            return Books(tenant: tenant.id, cash: Array(stored.dropFirst()))
        }
    }

    func randomTransfer(_ random: inout SplitMix64) -> LedgerTransfer {
        let from = Int.random(in: 0..<accountCount, using: &random)
        let to = (from + Int.random(in: 1..<accountCount, using: &random)) % accountCount
        let amount = Int64.random(in: 1...10_000, using: &random)
        let id: LedgerTransferID = IDGenerator.system.make()
        return LedgerTransfer(id: id, tenantID: tenant, clientID: id.rawValue, kind: .posted, legs: [.debit(cash[to], amount), .credit(cash[from], amount)],
                              reason: "bench", metadata: ["bench": "ledger"], createdAt: WallClock.system.nowMilliseconds)
    }
}

try await main()
