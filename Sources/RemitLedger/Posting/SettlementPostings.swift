import RemitCore

/// What a payment charges and how it relates to its invoice, as the settlement postings need it.
public struct SettlementAmounts: Sendable, Equatable {
    /// What moves over the rail, minor units.
    public var charged: Int64
    /// The part of `charged` that is a surcharge on top of the invoice.
    public var surcharge: Int64
    /// The discount granted: part of the invoice settled without money.
    public var discount: Int64

    /// Creates the amounts; `surcharge` is at most `charged`, and both adjustments are ≥ 0.
    public init(charged: Int64, surcharge: Int64 = 0, discount: Int64 = 0) {
        precondition(charged > 0 && surcharge >= 0 && surcharge <= charged && discount >= 0, "settlement amounts out of range")
        self.charged = charged
        self.surcharge = surcharge
        self.discount = discount
    }

    /// The money part of the invoice the payment settles: `charged − surcharge`.
    public var toReceivable: Int64 { charged - surcharge }
    /// What the invoice is paid: `charged − surcharge + discount`.
    public var applied: Int64 { charged - surcharge + discount }
}

/// The transfers of a payment's settlement with its price adjustments, as pure functions over
/// `PostingRules`. Without a surcharge or discount they are exactly `PostingRules`' transfers.
///
/// | event | transfers |
/// | --- | --- |
/// | settle step starts | pending `payment_initiated:<payment>`: Dr `cash_in_transit` charged, Cr `receivable:buyer` charged − surcharge, Cr `revenue` surcharge |
/// | rail settled | `post:<pending>` in full, and `discount:<payment>`: Dr `early_payment_discounts`, Cr `receivable:buyer` (the discount) |
/// | rail declined | `void:<pending>`; no discount is booked |
/// | returned | `return:<payment>:<ref>`: Dr `receivable:buyer` charged − surcharge, Dr `revenue` surcharge, Cr cash charged; `discount_reversed:<payment>:<ref>`: Dr `receivable:buyer`, Cr `early_payment_discounts` |
///
/// The discount is booked only when the rail settles: a declined payment took no discount.
public enum SettlementPostings {
    /// The settle step is about to call the rail: the pending transfer of the charged amount.
    public static func started(_ context: PostingContext, payment: PaymentID, invoice: InvoiceID, buyer: BuyerID,
                               amounts: SettlementAmounts) throws(LedgerError) -> LedgerTransfer {
        guard amounts.surcharge > 0 else {
            return try PostingRules.paymentInitiated(context, payment: payment, invoice: invoice, buyer: buyer, amount: amounts.charged,
                                                     timeoutMilliseconds: nil)
        }
        var legs = [LedgerLeg.debit(try context.account(ChartOfAccounts.cashInTransit), amounts.charged)]
        if amounts.toReceivable > 0 { legs.append(.credit(try context.receivable(buyer), amounts.toReceivable)) }
        legs.append(.credit(try context.account(ChartOfAccounts.revenue), amounts.surcharge))
        return try context.transfer(clientID: "payment_initiated:\(payment)", kind: .pending, legs: legs, reason: "Payment initiated",
                                    metadata: references(payment: payment, invoice: invoice, buyer: buyer))
    }

    /// The rail settled: the pending transfer posted in full, then the discount taken.
    public static func settled(_ context: PostingContext, pending: LedgerTransfer, payment: PaymentID, invoice: InvoiceID, buyer: BuyerID,
                               amounts: SettlementAmounts) throws(LedgerError) -> [LedgerTransfer] {
        var transfers = [try PostingRules.paymentSettledByRail(context, pending: pending)]
        if amounts.discount > 0 {
            transfers.append(try PostingRules.earlyPaymentDiscountTaken(context, payment: payment, invoice: invoice, buyer: buyer,
                                                                        amount: amounts.discount))
        }
        return transfers
    }

    /// The payment came back: the cash leaves `stage`, the surcharge is taken back from revenue,
    /// and the discount is reversed, so the buyer owes the whole applied amount again.
    public static func returned(_ context: PostingContext, payment: PaymentID, invoice: InvoiceID, buyer: BuyerID, amounts: SettlementAmounts,
                                from stage: CashStage, reference: String) throws(LedgerError) -> [LedgerTransfer] {
        var transfers: [LedgerTransfer] = []
        if amounts.surcharge > 0 {
            var metadata = references(payment: payment, invoice: invoice, buyer: buyer)
            metadata[LedgerMetadataKey.reference] = reference
            var legs: [LedgerLeg] = []
            if amounts.toReceivable > 0 { legs.append(.debit(try context.receivable(buyer), amounts.toReceivable)) }
            legs += [.debit(try context.account(ChartOfAccounts.revenue), amounts.surcharge),
                     .credit(try context.account(stage.accountCode), amounts.charged)]
            transfers.append(try context.transfer(clientID: "return:\(payment):\(reference)", kind: .posted, legs: legs,
                                                  reason: "Payment returned", metadata: metadata))
        } else {
            transfers.append(try PostingRules.paymentReturned(context, payment: payment, invoice: invoice, buyer: buyer, amount: amounts.charged,
                                                              from: stage, reference: reference))
        }
        if amounts.discount > 0 {
            var metadata = references(payment: payment, invoice: invoice, buyer: buyer)
            metadata[LedgerMetadataKey.reference] = reference
            transfers.append(try context.transfer(
                clientID: "discount_reversed:\(payment):\(reference)", kind: .posted,
                legs: [.debit(try context.receivable(buyer), amounts.discount),
                       .credit(try context.account(ChartOfAccounts.earlyPaymentDiscounts), amounts.discount)],
                reason: "Early-payment discount reversed", metadata: metadata))
        }
        return transfers
    }

    private static func references(payment: PaymentID, invoice: InvoiceID, buyer: BuyerID) -> [String: String] {
        [LedgerMetadataKey.paymentID: payment.rawValue, LedgerMetadataKey.invoiceID: invoice.rawValue, LedgerMetadataKey.buyerID: buyer.rawValue]
    }
}
