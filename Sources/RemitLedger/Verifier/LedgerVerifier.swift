import RemitCore

/// Checks every invariant of a ledger from what is stored, independently of the code that
/// wrote it: each transfer balances per currency, touches only its own tenant's accounts in
/// their currencies, resolves only a pending transfer and only once; stored balances equal the
/// sums of the transfers; constraints hold; debits equal credits across the books per currency.
public enum LedgerVerifier {
    /// Verifies `snapshot` and returns counts, totals and every violation found.
    public static func verify(_ snapshot: LedgerSnapshot) -> LedgerVerification {
        var result = LedgerVerification()
        result.accountCount = snapshot.accounts.count
        result.transferCount = snapshot.transfers.count
        let accounts = Dictionary(snapshot.accounts.map { ($0.account.id, $0.account) }, uniquingKeysWith: { first, _ in first })
        let transfers = Dictionary(snapshot.transfers.map { ($0.transfer.id, $0) }, uniquingKeysWith: { first, _ in first })
        var clientIDs: Set<String> = []
        for record in snapshot.transfers {
            let transfer = record.transfer
            result.transfersByKind[transfer.kind, default: 0] += 1
            if let state = record.pendingState { result.pendingByState[state, default: 0] += 1 }
            if !clientIDs.insert(transfer.tenantID.rawValue + "\u{0}" + transfer.clientID).inserted {
                result.report(LedgerViolation(.clientIDRepeated, "Client id '\(transfer.clientID)' is used twice in one tenant.", transferID: transfer.id))
            }
            checkTransfer(transfer, accounts: accounts, into: &result)
        }
        checkResolutions(snapshot.transfers, transfers: transfers, into: &result)
        checkBalances(snapshot, into: &result)
        return result
    }

    private static func checkTransfer(_ transfer: LedgerTransfer, accounts: [LedgerAccountID: LedgerAccount], into result: inout LedgerVerification) {
        do {
            try TransferValidation.validateShape(transfer)
        } catch {
            result.report(LedgerViolation(.transferInvalid, error.description, transferID: transfer.id))
        }
        for leg in transfer.legs {
            guard let account = accounts[leg.accountID] else {
                result.report(LedgerViolation(.accountMissing, "A leg names account '\(leg.accountID)', which does not exist.", transferID: transfer.id))
                continue
            }
            if account.tenantID != transfer.tenantID {
                result.report(LedgerViolation(.crossTenant, "A leg of tenant '\(transfer.tenantID)' names account '\(account.id)' of tenant '\(account.tenantID)'.",
                                              transferID: transfer.id, accountID: account.id))
            }
            if account.currency != leg.currency {
                result.report(LedgerViolation(.currencyMismatch, "A leg in \(leg.currency.code) is on account '\(account.code)' in \(account.currency.code).",
                                              transferID: transfer.id, accountID: account.id))
            }
        }
    }

    /// Each post or void resolves one pending transfer of its tenant, once, before its timeout;
    /// every pending transfer's stored state follows from what resolved it.
    private static func checkResolutions(_ records: [LedgerTransferRecord], transfers: [LedgerTransferID: LedgerTransferRecord],
                                         into result: inout LedgerVerification) {
        var resolutions: [LedgerTransferID: [LedgerTransfer]] = [:]
        for record in records {
            let transfer = record.transfer
            guard transfer.kind == .postPending || transfer.kind == .voidPending else { continue }
            guard let pendingID = transfer.pendingID, let pending = transfers[pendingID]?.transfer, pending.kind == .pending,
                  pending.tenantID == transfer.tenantID
            else {
                result.report(LedgerViolation(.resolvesNonPending, "It resolves '\(transfer.pendingID?.rawValue ?? "")', which is not a pending transfer of its tenant.",
                                              transferID: transfer.id))
                continue
            }
            resolutions[pendingID, default: []].append(transfer)
            if let expiresAt = pending.expiresAt, transfer.createdAt >= expiresAt {
                result.report(LedgerViolation(.resolvedAfterExpiry, "It resolves '\(pendingID)' at \(transfer.createdAt), at or after its timeout \(expiresAt).",
                                              transferID: transfer.id))
            }
            if transfer.kind == .postPending {
                do { try TransferValidation.validatePost(transfer, of: pending) } catch {
                    result.report(LedgerViolation(.postExceedsPending, error.description, transferID: transfer.id))
                }
            }
        }
        for record in records where record.transfer.kind == .pending {
            let resolvedBy = resolutions[record.transfer.id] ?? []
            if resolvedBy.count > 1 {
                result.report(LedgerViolation(.resolvedTwice, "It was resolved \(resolvedBy.count) times.", transferID: record.transfer.id))
            }
            let expected: Set<PendingState> = switch resolvedBy.first?.kind {
            case .postPending: [.posted]
            case .voidPending: [.voided]
            default: record.transfer.expiresAt == nil ? [.pending] : [.pending, .expired]
            }
            if !expected.contains(record.pendingState ?? .pending) || record.pendingState == nil {
                result.report(LedgerViolation(.pendingStateMismatch, "Its stored state is \(record.pendingState?.rawValue ?? "missing"), "
                                              + "but what resolves it says \(expected.map(\.rawValue).sorted().joined(separator: " or ")).",
                                              transferID: record.transfer.id))
            }
        }
        for record in records where record.transfer.kind != .pending && record.pendingState != nil {
            result.report(LedgerViolation(.pendingStateMismatch, "A \(record.transfer.kind.rawValue) transfer has a pending state.", transferID: record.transfer.id))
        }
    }

    /// Stored balances equal the sums of the transfers, respect their constraints, and the books
    /// balance per currency.
    private static func checkBalances(_ snapshot: LedgerSnapshot, into result: inout LedgerVerification) {
        var expected: [LedgerAccountID: AccountBalance] = [:]
        for record in snapshot.transfers {
            let pending = record.transfer.kind == .pending
            guard !pending || record.pendingState == .pending else { continue }
            for leg in record.transfer.legs {
                // Wrapping sums: impossible stored data shows as a mismatch below, never as a trap.
                var balance = expected[leg.accountID] ?? .zero
                switch (leg.side, pending) {
                case (.debit, false): balance.debitsPosted &+= leg.amount
                case (.credit, false): balance.creditsPosted &+= leg.amount
                case (.debit, true): balance.debitsPending &+= leg.amount
                case (.credit, true): balance.creditsPending &+= leg.amount
                }
                expected[leg.accountID] = balance
            }
        }
        for entry in snapshot.accounts {
            let account = entry.account
            let stored = entry.balance
            if stored != expected[account.id] ?? .zero {
                result.report(LedgerViolation(.balanceMismatch, "Account '\(account.code)' (\(account.currency.code)) stores \(stored) but its transfers sum to "
                                              + "\(expected[account.id] ?? .zero).", accountID: account.id))
            }
            if !stored.satisfies(account.constraint) {
                result.report(LedgerViolation(.constraintBroken, "Account '\(account.code)' breaks its constraint \(account.constraint?.rawValue ?? ""): \(stored).",
                                              accountID: account.id))
            }
            var totals = result.totals[account.currency.code] ?? CurrencyTotals()
            totals.debitsPosted &+= stored.debitsPosted
            totals.creditsPosted &+= stored.creditsPosted
            totals.debitsPending &+= stored.debitsPending
            totals.creditsPending &+= stored.creditsPending
            result.totals[account.currency.code] = totals
        }
        for (code, totals) in result.totals.sorted(by: { $0.key < $1.key }) where !totals.isBalanced {
            result.report(LedgerViolation(.booksUnbalanced, "In \(code) debits and credits differ: posted \(totals.debitsPosted) vs \(totals.creditsPosted), "
                                          + "pending \(totals.debitsPending) vs \(totals.creditsPending)."))
        }
    }
}
