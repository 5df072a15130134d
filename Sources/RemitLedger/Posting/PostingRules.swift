import RemitCore

/// The transfers for the life of an invoice, as pure functions: the server calls one in the same
/// store transaction as the state change it books. Each derives its client id from stable ids, so
/// booking the same event twice returns the first transfer. Corrections are new transfers.
///
/// | event | function | kind | debit | credit |
/// | --- | --- | --- | --- | --- |
/// | invoice issued | ``invoiceIssued(_:invoice:buyer:amount:)`` | posted | receivable:buyer | revenue |
/// | invoice voided | ``invoiceVoided(_:invoice:buyer:amount:)`` | posted | revenue | receivable:buyer |
/// | money arrived without a Remit payment | ``paymentReceivedAtBank(_:invoice:buyer:amount:reference:)`` | posted | cash_settled | receivable:buyer |
/// | payment initiated on a rail | ``paymentInitiated(_:payment:invoice:buyer:amount:timeoutMilliseconds:)`` | pending | cash_in_transit | receivable:buyer |
/// | rail settled the payment | ``paymentSettledByRail(_:pending:amount:)`` | post pending | (the pending legs, in full or part) | |
/// | rail failed the payment | ``paymentFailed(_:pending:)`` | void pending | | |
/// | fee | ``feeCharged(_:payment:amount:from:reference:)`` | posted | fees | cash_in_transit or cash_settled |
/// | early-payment discount taken | ``earlyPaymentDiscountTaken(_:payment:invoice:buyer:amount:)`` | posted | early_payment_discounts | receivable:buyer |
/// | bank confirmed settlement | ``settlementConfirmedByBank(_:payment:amount:reference:)`` | posted | cash_settled | cash_in_transit |
/// | payment returned | ``paymentReturned(_:payment:invoice:buyer:amount:from:reference:)`` | posted | receivable:buyer | cash_in_transit or cash_settled |
/// | refund | ``refundIssued(_:payment:invoice:buyer:amount:reference:)`` | posted | refunds | cash_settled |
/// | money beyond what its invoices are owed | ``unappliedCashReceived(_:amount:reference:)`` | posted | cash_settled | unapplied_cash |
public enum PostingRules {
    /// An invoice was issued: the buyer owes its total. Dr `receivable:buyer`, Cr `revenue`.
    public static func invoiceIssued(_ context: PostingContext, invoice: InvoiceID, buyer: BuyerID, amount: Int64) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "invoice_issued:\(invoice)", kind: .posted,
                             legs: [.debit(try context.receivable(buyer), amount), .credit(try context.account(ChartOfAccounts.revenue), amount)],
                             reason: "Invoice issued", metadata: [LedgerMetadataKey.invoiceID: invoice.rawValue, LedgerMetadataKey.buyerID: buyer.rawValue])
    }

    /// An open invoice was voided: its issuance is reversed by a new transfer. Dr `revenue`, Cr `receivable:buyer`.
    public static func invoiceVoided(_ context: PostingContext, invoice: InvoiceID, buyer: BuyerID, amount: Int64) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "invoice_voided:\(invoice)", kind: .posted,
                             legs: [.debit(try context.account(ChartOfAccounts.revenue), amount), .credit(try context.receivable(buyer), amount)],
                             reason: "Invoice voided", metadata: [LedgerMetadataKey.invoiceID: invoice.rawValue, LedgerMetadataKey.buyerID: buyer.rawValue])
    }

    /// Money for an invoice arrived at the bank without a payment Remit initiated (a transfer
    /// the buyer sent, matched by reconciliation). Dr `cash_settled`, Cr `receivable:buyer`.
    public static func paymentReceivedAtBank(_ context: PostingContext, invoice: InvoiceID, buyer: BuyerID, amount: Int64,
                                             reference: String) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "bank_received:\(invoice):\(reference)", kind: .posted,
                             legs: [.debit(try context.account(ChartOfAccounts.cashSettled), amount), .credit(try context.receivable(buyer), amount)],
                             reason: "Payment received at bank",
                             metadata: [LedgerMetadataKey.invoiceID: invoice.rawValue, LedgerMetadataKey.buyerID: buyer.rawValue,
                                        LedgerMetadataKey.reference: reference])
    }

    /// Money arrived at the bank beyond what the invoices it pays are owed (an overpayment's rest):
    /// it is cash, and it is owed to the payer until it is applied or paid back.
    /// Dr `cash_settled`, Cr `unapplied_cash`.
    public static func unappliedCashReceived(_ context: PostingContext, amount: Int64, reference: String) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "unapplied:\(reference)", kind: .posted,
                             legs: [.debit(try context.account(ChartOfAccounts.cashSettled), amount),
                                    .credit(try context.account(ChartOfAccounts.unappliedCash), amount)],
                             reason: "Unapplied cash received at bank", metadata: [LedgerMetadataKey.reference: reference])
    }

    /// A payment (in full or in part) was sent to a rail: money leaves the receivable for cash in
    /// transit, pending until the rail settles or fails it. Pending Dr `cash_in_transit`, Cr `receivable:buyer`.
    public static func paymentInitiated(_ context: PostingContext, payment: PaymentID, invoice: InvoiceID, buyer: BuyerID, amount: Int64,
                                        timeoutMilliseconds: Int64?) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "payment_initiated:\(payment)", kind: .pending,
                             legs: [.debit(try context.account(ChartOfAccounts.cashInTransit), amount), .credit(try context.receivable(buyer), amount)],
                             timeoutMilliseconds: timeoutMilliseconds, reason: "Payment initiated",
                             metadata: references(payment: payment, invoice: invoice, buyer: buyer))
    }

    /// The rail settled the payment: post its pending transfer, in full (`amount` nil) or for
    /// `amount` of a two-leg pending transfer, releasing the rest.
    ///
    /// - Throws: ``LedgerError/Code/postLegNotInPending`` for a partial amount on a pending
    ///   transfer that is not two legs of one amount (give the legs with a transfer of your own).
    public static func paymentSettledByRail(_ context: PostingContext, pending: LedgerTransfer, amount: Int64? = nil) throws(LedgerError) -> LedgerTransfer {
        var legs = pending.legs
        if let amount {
            guard legs.count == 2, legs[0].amount == legs[1].amount else {
                throw LedgerError(.postLegNotInPending, "A partial post by amount needs a pending transfer of two legs of one amount.")
            }
            legs = legs.map { LedgerLeg(accountID: $0.accountID, side: $0.side, amount: amount, currency: $0.currency) }
        }
        return try context.transfer(clientID: "post:\(pending.id)", kind: .postPending, legs: legs, pendingID: pending.id,
                                    reason: "Payment settled by rail", metadata: pending.metadata)
    }

    /// The rail failed the payment: void its pending transfer; the receivable is owed again.
    public static func paymentFailed(_ context: PostingContext, pending: LedgerTransfer) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "void:\(pending.id)", kind: .voidPending, legs: [], pendingID: pending.id,
                             reason: "Payment failed", metadata: pending.metadata)
    }

    /// A rail or processor fee was deducted. Dr `fees`, Cr `cash_in_transit` or `cash_settled`.
    public static func feeCharged(_ context: PostingContext, payment: PaymentID, amount: Int64, from stage: CashStage,
                                  reference: String) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: feeClientID(payment: payment, reference: reference), kind: .posted,
                             legs: [.debit(try context.account(ChartOfAccounts.fees), amount), .credit(try context.account(stage.accountCode), amount)],
                             reason: "Fee", metadata: [LedgerMetadataKey.paymentID: payment.rawValue, LedgerMetadataKey.reference: reference])
    }

    /// How the client ids of a payment's bank confirmations start (one per statement entry).
    public static func bankSettledClientIDPrefix(payment: PaymentID) -> String {
        "bank_settled:\(payment):"
    }

    /// The client id of the fee ``feeCharged(_:payment:amount:from:reference:)`` books, by which
    /// a reversal finds the fee that was actually booked.
    public static func feeClientID(payment: PaymentID, reference: String) -> String {
        "fee:\(payment):\(reference)"
    }

    /// A fee booked on a payment that came back is reversed: the rail earned nothing on it.
    /// Dr `cash_in_transit` or `cash_settled`, Cr `fees`.
    public static func feeReversed(_ context: PostingContext, payment: PaymentID, amount: Int64, to stage: CashStage,
                                   reference: String) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "fee_reversed:\(payment):\(reference)", kind: .posted,
                             legs: [.debit(try context.account(stage.accountCode), amount), .credit(try context.account(ChartOfAccounts.fees), amount)],
                             reason: "Fee reversed", metadata: [LedgerMetadataKey.paymentID: payment.rawValue, LedgerMetadataKey.reference: reference])
    }

    /// The buyer paid early and took the discount: the rest of the receivable is written off to
    /// the discount account. Dr `early_payment_discounts`, Cr `receivable:buyer`.
    public static func earlyPaymentDiscountTaken(_ context: PostingContext, payment: PaymentID, invoice: InvoiceID, buyer: BuyerID,
                                                 amount: Int64) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: "discount:\(payment)", kind: .posted,
                             legs: [.debit(try context.account(ChartOfAccounts.earlyPaymentDiscounts), amount), .credit(try context.receivable(buyer), amount)],
                             reason: "Early-payment discount taken", metadata: references(payment: payment, invoice: invoice, buyer: buyer))
    }

    /// The bank statement confirmed the money arrived. Dr `cash_settled`, Cr `cash_in_transit`.
    public static func settlementConfirmedByBank(_ context: PostingContext, payment: PaymentID, amount: Int64,
                                                 reference: String) throws(LedgerError) -> LedgerTransfer {
        try context.transfer(clientID: bankSettledClientIDPrefix(payment: payment) + reference, kind: .posted,
                             legs: [.debit(try context.account(ChartOfAccounts.cashSettled), amount),
                                    .credit(try context.account(ChartOfAccounts.cashInTransit), amount)],
                             reason: "Settlement confirmed by bank", metadata: [LedgerMetadataKey.paymentID: payment.rawValue, LedgerMetadataKey.reference: reference])
    }

    /// The payment came back (an ACH return, a chargeback): the settlement is reversed and the
    /// buyer owes the amount again. Dr `receivable:buyer`, Cr `cash_in_transit` or `cash_settled`.
    public static func paymentReturned(_ context: PostingContext, payment: PaymentID, invoice: InvoiceID, buyer: BuyerID, amount: Int64,
                                       from stage: CashStage, reference: String) throws(LedgerError) -> LedgerTransfer {
        var metadata = references(payment: payment, invoice: invoice, buyer: buyer)
        metadata[LedgerMetadataKey.reference] = reference
        return try context.transfer(clientID: "return:\(payment):\(reference)", kind: .posted,
                                    legs: [.debit(try context.receivable(buyer), amount), .credit(try context.account(stage.accountCode), amount)],
                                    reason: "Payment returned", metadata: metadata)
    }

    /// The tenant refunded the buyer from settled cash. Dr `refunds`, Cr `cash_settled`.
    public static func refundIssued(_ context: PostingContext, payment: PaymentID, invoice: InvoiceID, buyer: BuyerID, amount: Int64,
                                    reference: String) throws(LedgerError) -> LedgerTransfer {
        var metadata = references(payment: payment, invoice: invoice, buyer: buyer)
        metadata[LedgerMetadataKey.reference] = reference
        return try context.transfer(clientID: "refund:\(payment):\(reference)", kind: .posted,
                                    legs: [.debit(try context.account(ChartOfAccounts.refunds), amount),
                                           .credit(try context.account(ChartOfAccounts.cashSettled), amount)],
                                    reason: "Refund", metadata: metadata)
    }

    private static func references(payment: PaymentID, invoice: InvoiceID, buyer: BuyerID) -> [String: String] {
        [LedgerMetadataKey.paymentID: payment.rawValue, LedgerMetadataKey.invoiceID: invoice.rawValue, LedgerMetadataKey.buyerID: buyer.rawValue]
    }
}
