import RemitCore

/// The checks every transfer passes before it touches a balance. Pure: the ledger state and the
/// store call them with what they read.
public enum TransferValidation {
    /// Checks what needs no account: the client id, reason and metadata limits, the legs' count
    /// and amounts, the fields each kind requires, and that debits equal credits per currency.
    ///
    /// - Throws: ``LedgerError`` with the first rule the transfer breaks.
    public static func validateShape(_ transfer: LedgerTransfer) throws(LedgerError) {
        try validateText(transfer)
        switch transfer.kind {
        case .posted, .pending, .postPending:
            guard transfer.legs.count >= 2 else {
                throw LedgerError(.legsTooFew, "A \(transfer.kind.rawValue) transfer needs at least two legs, one debit and one credit; it has \(transfer.legs.count).")
            }
        case .voidPending:
            guard transfer.legs.isEmpty else {
                throw LedgerError(.legsTooFew, "A void releases its pending transfer whole and has no legs; remove its \(transfer.legs.count) legs.")
            }
        }
        guard transfer.legs.count <= LedgerLimits.legsPerTransferMax else {
            throw LedgerError(.legsTooMany, "A transfer may have at most \(LedgerLimits.legsPerTransferMax) legs; it has \(transfer.legs.count). Split it.")
        }
        try validateKindFields(transfer)
        for (index, leg) in transfer.legs.enumerated() where leg.amount <= 0 {
            throw LedgerError(.amountNotPositive, "Leg \(index) has amount \(leg.amount); every leg moves a positive number of minor units.")
        }
        try requireBalanced(transfer.legs)
    }

    /// Checks that every leg's account exists in the transfer's tenant and is in the leg's currency.
    ///
    /// - Throws: ``LedgerError/Code/accountNotFound`` or ``LedgerError/Code/currencyMismatch``.
    public static func validateAccounts(_ transfer: LedgerTransfer, accounts: [LedgerAccountID: LedgerAccount]) throws(LedgerError) {
        for (index, leg) in transfer.legs.enumerated() {
            // Another tenant's account reads as missing: nothing crosses tenants.
            guard let account = accounts[leg.accountID], account.tenantID == transfer.tenantID else {
                throw LedgerError(.accountNotFound, "Leg \(index) names account '\(leg.accountID)', which does not exist in this tenant's books.")
            }
            guard account.currency == leg.currency else {
                throw LedgerError(.currencyMismatch, "Leg \(index) is in \(leg.currency.code) but account '\(account.code)' is in \(account.currency.code).")
            }
        }
    }

    /// Checks a post against the pending transfer it resolves: each leg is on an account and
    /// side of the pending transfer, and moves no more than the pending transfer holds there.
    ///
    /// - Throws: ``LedgerError/Code/postLegNotInPending`` or ``LedgerError/Code/postExceedsPendingAmount``.
    public static func validatePost(_ post: LedgerTransfer, of pending: LedgerTransfer) throws(LedgerError) {
        let held = try totalsByAccountAndSide(pending.legs)
        for (key, amount) in try totalsByAccountAndSide(post.legs) {
            guard let limit = held[key] else {
                throw LedgerError(.postLegNotInPending, "The post \(key.side.rawValue)s account '\(key.accountID)', which pending transfer '\(pending.id)' does not.")
            }
            guard amount <= limit else {
                throw LedgerError(.postExceedsPendingAmount, "The post \(key.side.rawValue)s \(amount) to account '\(key.accountID)', "
                                  + "more than the \(limit) pending transfer '\(pending.id)' holds there.")
            }
        }
    }

    /// Throws unless debits equal credits in every currency of `legs`.
    public static func requireBalanced(_ legs: [LedgerLeg]) throws(LedgerError) {
        var net: [Currency: (debits: Int64, credits: Int64)] = [:]
        for leg in legs {
            var totals = net[leg.currency] ?? (0, 0)
            if leg.side == .debit { totals.debits = try add(totals.debits, leg.amount) } else { totals.credits = try add(totals.credits, leg.amount) }
            net[leg.currency] = totals
        }
        for (currency, totals) in net.sorted(by: { $0.key.code < $1.key.code }) where totals.debits != totals.credits {
            throw LedgerError(.unbalanced, "In \(currency.code) the debits are \(totals.debits) and the credits \(totals.credits); they must be equal.")
        }
    }

    /// The sum of two amounts.
    ///
    /// - Throws: ``LedgerError/Code/amountOverflow`` past `Int64`.
    public static func add(_ left: Int64, _ right: Int64) throws(LedgerError) -> Int64 {
        let (sum, overflow) = left.addingReportingOverflow(right)
        guard !overflow else {
            throw LedgerError(.amountOverflow, "The amounts add up to more than 9223372036854775807 minor units; use smaller transfers.")
        }
        return sum
    }

    struct AccountSide: Hashable {
        var accountID: LedgerAccountID
        var side: EntrySide
    }

    static func totalsByAccountAndSide(_ legs: [LedgerLeg]) throws(LedgerError) -> [AccountSide: Int64] {
        var totals: [AccountSide: Int64] = [:]
        for leg in legs {
            let key = AccountSide(accountID: leg.accountID, side: leg.side)
            totals[key] = try add(totals[key] ?? 0, leg.amount)
        }
        return totals
    }

    private static func validateText(_ transfer: LedgerTransfer) throws(LedgerError) {
        guard !transfer.clientID.isEmpty, transfer.clientID.utf8.count <= LedgerLimits.clientIDBytesMax else {
            throw LedgerError(.clientIDInvalid, "The client id must be 1 to \(LedgerLimits.clientIDBytesMax) bytes; it is \(transfer.clientID.utf8.count).")
        }
        guard transfer.reason.utf8.count <= LedgerLimits.reasonBytesMax else {
            throw LedgerError(.reasonTooLong, "The reason may be at most \(LedgerLimits.reasonBytesMax) bytes; it is \(transfer.reason.utf8.count).")
        }
        guard transfer.metadata.count <= LedgerLimits.metadataEntriesMax else {
            throw LedgerError(.metadataTooLarge, "A transfer may carry at most \(LedgerLimits.metadataEntriesMax) metadata entries; it has \(transfer.metadata.count).")
        }
        for (key, value) in transfer.metadata {
            guard !key.isEmpty, key.utf8.count <= LedgerLimits.metadataKeyBytesMax, value.utf8.count <= LedgerLimits.metadataValueBytesMax else {
                throw LedgerError(.metadataTooLarge, "Metadata '\(LedgerError.echo(key))' is too long: keys are 1 to \(LedgerLimits.metadataKeyBytesMax) bytes, "
                                  + "values at most \(LedgerLimits.metadataValueBytesMax).")
            }
        }
    }

    private static func validateKindFields(_ transfer: LedgerTransfer) throws(LedgerError) {
        let resolves = transfer.kind == .postPending || transfer.kind == .voidPending
        guard resolves == (transfer.pendingID != nil) else {
            throw LedgerError(.pendingIDInvalid, resolves
                ? "A \(transfer.kind.rawValue) transfer must name the pending transfer it resolves."
                : "Only a post or a void names a pending transfer; a \(transfer.kind.rawValue) transfer may not.")
        }
        if let timeout = transfer.timeoutMilliseconds {
            guard transfer.kind == .pending else {
                throw LedgerError(.timeoutInvalid, "Only a pending transfer has a timeout; remove it from this \(transfer.kind.rawValue) transfer.")
            }
            guard timeout > 0, timeout <= LedgerLimits.pendingTimeoutMillisecondsMax else {
                throw LedgerError(.timeoutInvalid, "The timeout must be 1 to \(LedgerLimits.pendingTimeoutMillisecondsMax) milliseconds; it is \(timeout).")
            }
        }
    }
}
