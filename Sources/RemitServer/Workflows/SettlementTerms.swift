import RemitCore
import RemitStore

/// What a payment settles with beyond its method, as given when it is created:
/// `stripe_payment_method` (the buyer's saved Stripe payment method) and, for `net_terms`,
/// `settle_method` (the rail the money moves over on the due date, `ach_debit` by default).
struct SettlementTerms: Sendable, Equatable {
    /// The longest `stripe_payment_method` accepted (Stripe's ids are far shorter).
    static let stripePaymentMethodCharactersMax = 255
    /// The method a net-terms payment settles with when the buyer names none.
    static let settleMethodDefault = PaymentMethod.achDebit

    var stripePaymentMethod: String?
    var settleMethod: PaymentMethod?
    /// The methods the checkout decision hid, for Stripe's `excluded_payment_method_types`.
    var hiddenMethods: [String] = []
    /// The day a net-terms payment settles on; the invoice's due date unless checkout gives one.
    var settleOn: CalendarDate?

    /// The method `payment`'s money moves by: its own, or for `net_terms` the `settle_method` in
    /// its rail details (`ach_debit` when none was named).
    static func settlingMethod(of payment: Payment, details: PaymentRailDetails?) -> PaymentMethod {
        settlingMethod(method: payment.method, settleMethod: details?.settleMethod)
    }

    /// The method money moves by for a payment of `method` whose terms named `settleMethod`.
    static func settlingMethod(method: PaymentMethod, settleMethod: PaymentMethod?) -> PaymentMethod {
        method == .netTerms ? (settleMethod ?? settleMethodDefault) : method
    }

    /// Takes `stripe_payment_method` and `settle_method` out of a payment body, checked;
    /// returns the rest for `PaymentInput`. `allowedSettleMethods` limits `settle_method`
    /// (checkout passes the methods its decision offers).
    static func take(from body: JSONValue, allowedSettleMethods: [PaymentMethod]? = nil) throws(RemitError) -> (JSONValue, SettlementTerms) {
        guard case let .object(members) = body else { return (body, SettlementTerms()) }
        var terms = SettlementTerms()
        var errors: [FieldError] = []
        let method = members.first { $0.key == "method" }?.value.stringValue.flatMap(PaymentMethod.init(rawValue:))
        if let value = members.first(where: { $0.key == "stripe_payment_method" })?.value, value != .null {
            if let text = value.stringValue, isStripePaymentMethod(text) {
                terms.stripePaymentMethod = text
            } else {
                errors.append(FieldError(field: "stripe_payment_method", rule: "format",
                                         message: "must be a Stripe payment method id, pm_ followed by letters, digits or _, at most \(stripePaymentMethodCharactersMax) characters"))
            }
        }
        if let value = members.first(where: { $0.key == "settle_method" })?.value, value != .null {
            let allowed = (allowedSettleMethods ?? PaymentMethod.allCases).filter { $0 != .netTerms }
            if method != .netTerms {
                errors.append(FieldError(field: "settle_method", rule: "net_terms_only", message: "is only for a net_terms payment"))
            } else if let text = value.stringValue, let chosen = PaymentMethod(rawValue: text), allowed.contains(chosen) {
                terms.settleMethod = chosen
            } else {
                errors.append(FieldError(field: "settle_method", rule: "offered",
                                         message: "must be one of \(allowed.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        if method == .netTerms, terms.settleMethod == nil {
            let allowed = allowedSettleMethods ?? PaymentMethod.allCases
            guard allowed.contains(settleMethodDefault) else {
                throw RemitError.validation(errors + [FieldError(field: "settle_method", rule: "required",
                                                                 message: "is required: ach_debit, the default, is not offered")])
            }
            terms.settleMethod = settleMethodDefault
        }
        let settlesWith = terms.settleMethod ?? method
        if terms.stripePaymentMethod != nil, settlesWith != .card, settlesWith != .achDebit {
            errors.append(FieldError(field: "stripe_payment_method", rule: "method", message: "is only for payments that settle by card or ach_debit"))
        }
        guard errors.isEmpty else { throw RemitError.validation(errors) }
        return (.object(members.filter { $0.key != "stripe_payment_method" && $0.key != "settle_method" }), terms)
    }

    static func isStripePaymentMethod(_ text: String) -> Bool {
        text.count <= stripePaymentMethodCharactersMax && text.hasPrefix("pm_") && text.count > 3
            && text.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// The row kept for the payment; nil when there is nothing beyond its method.
    func details(payment: PaymentID, tenant: TenantID, now: Int64) -> PaymentRailDetails? {
        let details = PaymentRailDetails(paymentID: payment, tenantID: tenant, stripePaymentMethod: stripePaymentMethod,
                                         hiddenMethods: hiddenMethods, settleMethod: settleMethod, settleOn: settleOn, createdAt: now)
        return details.isEmpty ? nil : details
    }
}
