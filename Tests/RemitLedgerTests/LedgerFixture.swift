import RemitCore
import Testing
@testable import RemitLedger

/// A small book for tests: one tenant, USD, a funding account without a constraint, two cash
/// accounts that may not go negative, a revenue account that may not go below zero, and a EUR account.
struct LedgerFixture {
    let ids = IDGenerator.seeded(7)
    let tenant: TenantID
    let funding: LedgerAccount
    let cashA: LedgerAccount
    let cashB: LedgerAccount
    let revenue: LedgerAccount
    let euros: LedgerAccount
    let eurosFunding: LedgerAccount
    static let now: Int64 = 1_764_400_000_000

    init() {
        tenant = ids.make()
        funding = LedgerAccount(id: ids.make(), tenantID: tenant, code: "funding", kind: .equity, currency: .usd, createdAt: Self.now)
        cashA = LedgerAccount(id: ids.make(), tenantID: tenant, code: "cash_a", kind: .asset, currency: .usd,
                              constraint: .creditsMustNotExceedDebits, createdAt: Self.now)
        cashB = LedgerAccount(id: ids.make(), tenantID: tenant, code: "cash_b", kind: .asset, currency: .usd,
                              constraint: .creditsMustNotExceedDebits, createdAt: Self.now)
        revenue = LedgerAccount(id: ids.make(), tenantID: tenant, code: "revenue", kind: .revenue, currency: .usd,
                                constraint: .debitsMustNotExceedCredits, createdAt: Self.now)
        euros = LedgerAccount(id: ids.make(), tenantID: tenant, code: "cash_eur", kind: .asset, currency: .eur, createdAt: Self.now)
        eurosFunding = LedgerAccount(id: ids.make(), tenantID: tenant, code: "funding_eur", kind: .equity, currency: .eur, createdAt: Self.now)
    }

    var accounts: [LedgerAccount] { [funding, cashA, cashB, revenue, euros, eurosFunding] }

    var accountsByID: [LedgerAccountID: LedgerAccount] { Dictionary(uniqueKeysWithValues: accounts.map { ($0.id, $0) }) }

    func book() -> LedgerBook {
        LedgerBook(accounts: accounts.map { ($0, AccountBalance.zero) })
    }

    func transfer(_ kind: TransferKind = .posted, _ legs: [LedgerLeg], clientID: String? = nil, pendingID: LedgerTransferID? = nil,
                  timeout: Int64? = nil, at: Int64 = LedgerFixture.now) -> LedgerTransfer {
        let id: LedgerTransferID = ids.make()
        return LedgerTransfer(id: id, tenantID: tenant, clientID: clientID ?? id.rawValue, kind: kind, legs: legs, pendingID: pendingID,
                              timeoutMilliseconds: timeout, reason: "test", metadata: ["case": "fixture"], createdAt: at)
    }

    /// Dr `to`, Cr `from`.
    func move(_ amount: Int64, from: LedgerAccount, to: LedgerAccount, _ kind: TransferKind = .posted, timeout: Int64? = nil,
              clientID: String? = nil) -> LedgerTransfer {
        transfer(kind, [.debit(to, amount), .credit(from, amount)], clientID: clientID, timeout: timeout)
    }

    func post(_ pending: LedgerTransfer, amount: Int64? = nil, at: Int64 = LedgerFixture.now + 1) -> LedgerTransfer {
        let legs = pending.legs.map { LedgerLeg(accountID: $0.accountID, side: $0.side, amount: amount ?? $0.amount, currency: $0.currency) }
        return transfer(.postPending, legs, pendingID: pending.id, at: at)
    }

    func void(_ pending: LedgerTransfer, at: Int64 = LedgerFixture.now + 1) -> LedgerTransfer {
        transfer(.voidPending, [], pendingID: pending.id, at: at)
    }
}

/// The code of the ledger error `body` throws, or nil when it throws none.
func ledgerErrorCode<T>(_ body: () throws -> T) -> LedgerError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as LedgerError {
        return error.code
    } catch {
        Issue.record("not a LedgerError: \(error)")
        return nil
    }
}

extension LedgerBook {
    /// Applies `transfer` and returns the code it was refused with, or nil when it applied.
    mutating func refusal(_ transfer: LedgerTransfer) -> LedgerError.Code? {
        do {
            try apply(transfer)
            return nil
        } catch {
            return error.code
        }
    }

    /// Expires `id` at `now` and returns the code it was refused with, or nil when it expired.
    mutating func expiryRefusal(_ id: LedgerTransferID, at now: Int64) -> LedgerError.Code? {
        do {
            try expire(id, at: now)
            return nil
        } catch {
            return error.code
        }
    }
}
