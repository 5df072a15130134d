extension Migrations {
    /// Checkout's price adjustments on a payment: the discount it was granted (policy or
    /// early-payment terms) and the surcharge it was charged. `amount` stays what moves over the
    /// rail; the invoice is paid `amount − surcharge_amount + discount_amount`. Payments made
    /// before this migration had neither.
    static let paymentAdjustments = Migration(version: 12, name: "payment_adjustments", template: """
    ALTER TABLE payments ADD COLUMN discount_amount {int} NOT NULL DEFAULT 0;
    ALTER TABLE payments ADD COLUMN surcharge_amount {int} NOT NULL DEFAULT 0;
    """)
}
