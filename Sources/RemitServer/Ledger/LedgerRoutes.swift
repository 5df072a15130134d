import Hummingbird
import RemitCore
import RemitLedger
import RemitStore

/// `/v1/ledger`: the tenant's accounts with balances and its transfers, read-only. Every
/// change to the books comes from a business event (an invoice, a settlement, a return, a
/// bank statement), never from a direct write.
struct LedgerRoutes {
    let api: APIContext

    func register(on group: RouterGroup<RemitRequestContext>) {
        group.get("ledger/accounts") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let page = query.page()
            try query.finish()
            let result = try await api.store.read { try await $0.ledgerAccounts(tenant: tenant, page: page) }
            return JSONResponse(json: ListResponse.json(result.items.map(Self.json), next: result.next)).response
        }
        group.get("ledger/transfers") { request, context in
            let tenant = try context.requireTenant()
            var query = QueryReader(request)
            let page = query.page()
            let account = query.string("account_id").map(LedgerAccountID.init(rawValue:))
            try query.finish()
            let result = try await api.store.read { try await $0.ledgerTransfers(tenant: tenant, account: account, page: page) }
            return JSONResponse(json: ListResponse.json(result.items.map(Self.json), next: result.next)).response
        }
    }

    /// An account as the API shows it: its balances in minor units, posted and pending, and the
    /// balance on its normal side.
    static func json(_ item: LedgerAccountWithBalance) -> JSONValue {
        let account = item.account, balance = item.balance
        return .object([
            ("id", .string(account.id.rawValue)), ("object", .string("ledger_account")), ("code", .string(account.code)),
            ("kind", .string(account.kind.rawValue)), ("normal_side", .string(account.normalSide.rawValue)),
            ("currency", .string(account.currency.code)), ("constraint", .optional(account.constraint?.rawValue)),
            ("debits_posted", .int(balance.debitsPosted)), ("credits_posted", .int(balance.creditsPosted)),
            ("debits_pending", .int(balance.debitsPending)), ("credits_pending", .int(balance.creditsPending)),
            ("balance", .int(balance.posted(normalSide: account.normalSide))),
            ("available", .int(balance.available(normalSide: account.normalSide))),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: account.createdAt))),
        ])
    }

    /// A transfer as the API shows it, with its legs.
    static func json(_ record: LedgerTransferRecord) -> JSONValue {
        let transfer = record.transfer
        return .object([
            ("id", .string(transfer.id.rawValue)), ("object", .string("ledger_transfer")), ("client_id", .string(transfer.clientID)),
            ("kind", .string(transfer.kind.rawValue)), ("pending_id", .optional(transfer.pendingID?.rawValue)),
            ("pending_state", .optional(record.pendingState?.rawValue)), ("reason", .string(transfer.reason)),
            ("legs", .array(transfer.legs.map { leg in
                .object([("account_id", .string(leg.accountID.rawValue)), ("side", .string(leg.side.rawValue)),
                         ("amount", .int(leg.amount)), ("currency", .string(leg.currency.code))])
            })),
            ("metadata", .object(transfer.metadata.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
            ("expires_at", transfer.expiresAt.map { JSONValue.string(Timestamp.rfc3339(milliseconds: $0)) } ?? .null),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: transfer.createdAt))),
        ])
    }
}
