import RemitCore

/// A refund as a two-phase transfer: held when the tenant asks for it (so the cash it needs
/// cannot be spent twice while the rail is out), posted when the rail gave the money back,
/// voided when the rail refused. Every client id derives from the refund id.
///
/// | event | function | kind | debit | credit |
/// | --- | --- | --- | --- | --- |
/// | refund requested | ``refundRequested(_:refund:payment:invoice:buyer:amount:from:)`` | pending | refunds | cash_in_transit or cash_settled |
/// | rail refunded | ``refundSucceeded(_:refund:pending:)`` | post pending (in full) | (the pending legs) | |
/// | rail refused | ``refundFailed(_:refund:pending:)`` | void pending | | |
/// | bank sent a refund back | ``refundReturned(_:refund:posted:reference:)`` | posted | the cash the refund left | refunds |
extension PostingRules {
    /// The tenant asked to give `amount` back: a pending transfer from the cash the payment is
    /// in (`from`) to the `refunds` contra-revenue account, without timeout (while the rail's
    /// answer is unknown the money may have left). Pending Dr `refunds`, Cr `cash_in_transit`
    /// or `cash_settled`. The cash constraint makes the hold fail when the cash is not there.
    public static func refundRequested(_ context: PostingContext, refund: RefundID, payment: PaymentID, invoice: InvoiceID, buyer: BuyerID,
                                       amount: Int64, from stage: CashStage) throws(LedgerError) -> LedgerTransfer {
        var metadata = [LedgerMetadataKey.paymentID: payment.rawValue, LedgerMetadataKey.invoiceID: invoice.rawValue,
                        LedgerMetadataKey.buyerID: buyer.rawValue]
        metadata[LedgerMetadataKey.reference] = refund.rawValue
        return try context.transfer(clientID: "refund:\(refund)", kind: .pending,
                                    legs: [.debit(try context.account(ChartOfAccounts.refunds), amount),
                                           .credit(try context.account(stage.accountCode), amount)],
                                    reason: "Refund requested", metadata: metadata)
    }

    /// The rail gave the money back: the refund's hold is posted in full.
    public static func refundSucceeded(_ context: PostingContext, refund: RefundID, pending: LedgerTransfer) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "refund_posted:\(refund)", kind: .postPending, legs: pending.legs, pendingID: pending.id,
                             reason: "Refund succeeded", metadata: pending.metadata)
    }

    /// The buyer's bank sent a succeeded refund's money back (an ACH return of its credit): the
    /// refund is reversed by a new transfer with the legs of `posted` (the refund's pending
    /// transfer, which was posted) swapped, so the cash returns to the account it left.
    /// Dr `cash_in_transit` or `cash_settled`, Cr `refunds`.
    public static func refundReturned(_ context: PostingContext, refund: RefundID, posted: LedgerTransfer,
                                      reference: String) throws(LedgerError) -> LedgerTransfer {
        var metadata = posted.metadata
        metadata[LedgerMetadataKey.reference] = reference
        return try context.transfer(clientID: "refund_returned:\(refund)", kind: .posted,
                                    legs: posted.legs.map { LedgerLeg(accountID: $0.accountID, side: $0.side == .debit ? .credit : .debit,
                                                                      amount: $0.amount, currency: $0.currency) },
                                    reason: "Refund returned by the bank", metadata: metadata)
    }

    /// The rail refused the refund: its hold is voided and the cash is available again.
    public static func refundFailed(_ context: PostingContext, refund: RefundID, pending: LedgerTransfer) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "refund_voided:\(refund)", kind: .voidPending, legs: [], pendingID: pending.id,
                             reason: "Refund failed", metadata: pending.metadata)
    }
}
