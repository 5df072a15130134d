import RemitCore

/// What Remit sends to create and confirm a PaymentIntent in one request
/// (`POST /v1/payment_intents` with `confirm=true`).
///
/// Payment methods are Stripe's dynamic ones (`automatic_payment_methods[enabled]=true`), with
/// `allow_redirects=never` because the payment is confirmed server-side with a saved payment
/// method and nobody is there to follow a redirect; a policy's hidden methods become
/// `excluded_payment_method_types`.
public struct PaymentIntentCreateParams: Sendable, Equatable {
    /// The amount and its currency; sent as minor units and a lowercase code.
    public var amount: Money
    /// The saved payment method to charge, `pm_…`.
    public var paymentMethod: String
    /// The customer the payment method belongs to, `cus_…`.
    public var customer: String?
    /// What the payment is for, shown in Stripe's dashboard.
    public var description: String?
    /// Key/value pairs stored with the PaymentIntent and echoed in its webhooks.
    public var metadata: [String: String]
    /// The payment method types a policy hides for this payment.
    public var excludedPaymentMethodTypes: [StripePaymentMethodType]
    /// Text appended to the account's statement descriptor prefix on card statements.
    public var statementDescriptorSuffix: String?
    /// An existing mandate (`mandate_…`) that authorizes a bank debit.
    public var mandate: String?
    /// Whether the buyer is absent while the payment is confirmed (the workflow settles in
    /// the background, so by default yes).
    public var offSession: Bool

    /// Creates parameters.
    public init(amount: Money, paymentMethod: String, customer: String? = nil, description: String? = nil, metadata: [String: String] = [:],
                excludedPaymentMethodTypes: [StripePaymentMethodType] = [], statementDescriptorSuffix: String? = nil,
                mandate: String? = nil, offSession: Bool = true) {
        self.amount = amount
        self.paymentMethod = paymentMethod
        self.customer = customer
        self.description = description
        self.metadata = metadata
        self.excludedPaymentMethodTypes = excludedPaymentMethodTypes
        self.statementDescriptorSuffix = statementDescriptorSuffix
        self.mandate = mandate
        self.offSession = offSession
    }

    /// Checks every parameter against Stripe's documented rules and `limits`.
    ///
    /// - Throws: ``StripeError`` with code `invalidParameter` and the parameter's name.
    public func validate(limits: StripeLimits) throws(StripeError) {
        guard (1...limits.amountMinorUnitsMax).contains(amount.minorUnits) else {
            throw StripeError(.invalidParameter, "The amount must be 1 to \(limits.amountMinorUnitsMax) minor units, not \(amount.minorUnits).",
                              param: "amount")
        }
        try Self.checkID(paymentMethod, param: "payment_method")
        if let customer { try Self.checkID(customer, param: "customer") }
        if let mandate { try Self.checkID(mandate, param: "mandate") }
        if let description, description.count > limits.descriptionCharactersMax {
            throw StripeError(.invalidParameter, "The description is longer than \(limits.descriptionCharactersMax) characters.", param: "description")
        }
        try Self.checkMetadata(metadata, limits: limits)
        if let suffix = statementDescriptorSuffix { try Self.checkStatementDescriptorSuffix(suffix, limits: limits) }
    }

    /// The request body. Metadata and excluded types are sorted, so the same parameters are
    /// always the same bytes: a retry under the same key must match the first request exactly.
    public var form: StripeForm {
        var form = StripeForm()
        form.append("amount", .string(String(amount.minorUnits)))
        form.append("currency", .string(amount.currency.code.lowercased()))
        form.append("confirm", .string("true"))
        form.append("payment_method", .string(paymentMethod))
        if let customer { form.append("customer", .string(customer)) }
        if let description { form.append("description", .string(description)) }
        form.append("automatic_payment_methods", .dictionary([
            StripeFormField("enabled", .string("true")), StripeFormField("allow_redirects", .string("never")),
        ]))
        let excluded = Array(Set(excludedPaymentMethodTypes)).sorted()
        if !excluded.isEmpty { form.append("excluded_payment_method_types", .list(excluded.map { .string($0.rawValue) })) }
        if !metadata.isEmpty {
            form.append("metadata", .dictionary(metadata.sorted { $0.key < $1.key }.map { StripeFormField($0.key, .string($0.value)) }))
        }
        if let mandate { form.append("mandate", .string(mandate)) }
        if offSession { form.append("off_session", .string("true")) }
        if let statementDescriptorSuffix { form.append("statement_descriptor_suffix", .string(statementDescriptorSuffix)) }
        return form
    }

    /// An object id: 1 to 255 ASCII letters, digits and underscores (so it is safe in a path, too).
    static func checkID(_ id: String, param: String) throws(StripeError) {
        guard !id.isEmpty, id.utf8.count <= 255, id.utf8.allSatisfy(Self.isIDByte) else {
            throw StripeError(.invalidParameter, "\(param) must be a Stripe id such as pm_1Abc: letters, digits and underscores.", param: param)
        }
    }

    static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    private static func checkMetadata(_ metadata: [String: String], limits: StripeLimits) throws(StripeError) {
        guard metadata.count <= limits.metadataEntriesMax else {
            throw StripeError(.invalidParameter, "Metadata has \(metadata.count) keys; Stripe allows \(limits.metadataEntriesMax).", param: "metadata")
        }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            guard (1...limits.metadataKeyCharactersMax).contains(key.count), !key.contains("["), !key.contains("]") else {
                throw StripeError(.invalidParameter,
                                  "Metadata keys must be 1 to \(limits.metadataKeyCharactersMax) characters without square brackets.",
                                  param: "metadata")
            }
            guard value.count <= limits.metadataValueCharactersMax else {
                throw StripeError(.invalidParameter, "The metadata value of '\(key)' is longer than \(limits.metadataValueCharactersMax) characters.",
                                  param: "metadata[\(key)]")
            }
        }
    }

    private static func checkStatementDescriptorSuffix(_ suffix: String, limits: StripeLimits) throws(StripeError) {
        let forbidden: Set<Character> = ["<", ">", "\\", "'", "\"", "*"]
        guard (1...limits.statementDescriptorSuffixCharactersMax).contains(suffix.count), suffix.allSatisfy({ $0.isASCII && !forbidden.contains($0) }),
              suffix.contains(where: \.isLetter)
        else {
            throw StripeError(.invalidParameter,
                              "statement_descriptor_suffix must be 1 to \(limits.statementDescriptorSuffixCharactersMax) ASCII characters with a letter and none of < > \\ ' \" *.",
                              param: "statement_descriptor_suffix")
        }
    }
}
