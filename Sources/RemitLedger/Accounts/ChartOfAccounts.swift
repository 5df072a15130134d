import RemitCore

/// The standard accounts every tenant's books have, per currency, and the receivable of each buyer.
///
/// | code | kind | normal side | constraint |
/// | --- | --- | --- | --- |
/// | `receivable:<buyer id>` | asset | debit | none (an overpayment may leave a credit balance) |
/// | `cash_in_transit` | asset | debit | credits must not exceed debits |
/// | `cash_settled` | asset | debit | credits must not exceed debits |
/// | `revenue` | revenue | credit | none |
/// | `fees` | expense | debit | none |
/// | `early_payment_discounts` | contra-revenue | debit | none |
/// | `refunds` | contra-revenue | debit | none |
public enum ChartOfAccounts {
    /// Money a rail has taken from the buyer but the bank has not yet confirmed.
    public static let cashInTransit = "cash_in_transit"
    /// Money the bank has confirmed in the tenant's account.
    public static let cashSettled = "cash_settled"
    /// Invoiced sales.
    public static let revenue = "revenue"
    /// Rail and processor fees.
    public static let fees = "fees"
    /// Early-payment discounts buyers took.
    public static let earlyPaymentDiscounts = "early_payment_discounts"
    /// Money returned to buyers.
    public static let refunds = "refunds"
    /// The prefix of each buyer's receivable account code.
    public static let receivablePrefix = "receivable:"
    /// Money at the bank that no invoice claims yet (an overpayment's rest), owed back to the
    /// buyer or applied later: a liability.
    public static let unappliedCash = "unapplied_cash"

    /// The code of `buyer`'s receivable account.
    public static func receivableCode(_ buyer: BuyerID) -> String {
        receivablePrefix + buyer.rawValue
    }

    /// The standard accounts of `tenant` in `currency`, with new ids from `ids`.
    public static func standardAccounts(tenant: TenantID, currency: Currency, ids: IDGenerator, now: Int64) -> [LedgerAccount] {
        standardSpecs.map { code, kind, constraint in
            LedgerAccount(id: ids.make(), tenantID: tenant, code: code, kind: kind, currency: currency, constraint: constraint, createdAt: now)
        }
    }

    /// The codes of the standard accounts, in the order ``standardAccounts(tenant:currency:ids:now:)`` makes them.
    public static var standardCodes: [String] { standardSpecs.map(\.code) }

    private static let standardSpecs: [(code: String, kind: LedgerAccountKind, constraint: BalanceConstraint?)] = [
        (cashInTransit, .asset, .creditsMustNotExceedDebits),
        (cashSettled, .asset, .creditsMustNotExceedDebits),
        (revenue, .revenue, nil),
        (fees, .expense, nil),
        (earlyPaymentDiscounts, .contraRevenue, nil),
        (refunds, .contraRevenue, nil),
        (unappliedCash, .liability, nil),
    ]

    /// `buyer`'s receivable account of `tenant` in `currency`, with a new id from `ids`.
    public static func receivable(buyer: BuyerID, tenant: TenantID, currency: Currency, ids: IDGenerator, now: Int64) -> LedgerAccount {
        LedgerAccount(id: ids.make(), tenantID: tenant, code: receivableCode(buyer), kind: .asset, currency: currency, createdAt: now)
    }

    /// The standard accounts and `buyer`'s receivable: everything an invoice's postings touch.
    public static func accountsForInvoice(buyer: BuyerID, tenant: TenantID, currency: Currency, ids: IDGenerator, now: Int64) -> [LedgerAccount] {
        standardAccounts(tenant: tenant, currency: currency, ids: ids, now: now)
            + [receivable(buyer: buyer, tenant: tenant, currency: currency, ids: ids, now: now)]
    }
}
