import RemitCore
import RemitLedger
import Synchronization

/// The ledger accounts this process has seen committed, by tenant, currency and code.
///
/// An account never changes once created (its id, kind and constraint are fixed, and a second
/// creation with the same code returns the first), so a committed account can be remembered for
/// the life of the process and on every node. Only accounts known to be committed go in: an
/// account created by a transaction that then rolled back would name a row that does not exist.
final class LedgerChartCache: Sendable {
    /// How many accounts are remembered before the cache starts over (a bound on memory: one
    /// tenant's standard chart per currency plus a receivable per buyer).
    static let accountsMax = 100_000

    private struct Key: Hashable {
        var tenant: TenantID
        var currency: String
        var code: String
    }

    private let accounts = Mutex<[Key: LedgerAccount]>([:])

    /// The remembered accounts of `tenant` in `currency` among `codes`.
    func accounts(tenant: TenantID, currency: Currency, codes: [String]) -> [LedgerAccount] {
        accounts.withLock { known in
            codes.compactMap { known[Key(tenant: tenant, currency: currency.code, code: $0)] }
        }
    }

    /// Remembers `committed`, accounts read or created by a transaction that has committed.
    func remember(_ committed: [LedgerAccount]) {
        guard !committed.isEmpty else { return }
        accounts.withLock { known in
            if known.count + committed.count > Self.accountsMax { known.removeAll(keepingCapacity: true) }
            for account in committed {
                known[Key(tenant: account.tenantID, currency: account.currency.code, code: account.code)] = account
            }
        }
    }
}
