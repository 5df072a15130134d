import RemitCore

/// What a Stripe charge needs beyond a ``SettlementInstruction``: the buyer's saved payment
/// method, the methods a policy hides, and the references that travel with the money.
public struct StripeChargeContext: Sendable, Equatable {
    /// The saved payment method to charge, `pm_…` (a card or a verified US bank account).
    public var paymentMethod: String
    /// The Stripe customer the payment method is attached to, `cus_…`.
    public var customer: String?
    /// The Stripe types excluded from this payment, sorted and without repeats.
    public var excludedPaymentMethodTypes: [StripePaymentMethodType]
    /// References carried in the PaymentIntent's metadata beside Remit's own keys, such as
    /// `invoice_number`, `po_number` or the buyer's cost centre.
    public var metadata: [String: String]
    /// Text appended to the card statement descriptor, such as the invoice number; cards only.
    public var statementDescriptorSuffix: String?
    /// The mandate that authorizes an ACH debit from this account, `mandate_…`; bank debits only.
    public var mandate: String?

    /// Creates a context. `hiddenMethods` are the Remit methods a checkout policy hides; those
    /// that Stripe carries are excluded, together with `excludedPaymentMethodTypes`.
    public init(paymentMethod: String, customer: String? = nil, hiddenMethods: [PaymentMethod] = [],
                excludedPaymentMethodTypes: [StripePaymentMethodType] = [], metadata: [String: String] = [:],
                statementDescriptorSuffix: String? = nil, mandate: String? = nil) {
        self.paymentMethod = paymentMethod
        self.customer = customer
        self.excludedPaymentMethodTypes = Array(Set(StripePaymentMethodType.excluding(hidden: hiddenMethods) + excludedPaymentMethodTypes)).sorted()
        self.metadata = metadata
        self.statementDescriptorSuffix = statementDescriptorSuffix
        self.mandate = mandate
    }
}
