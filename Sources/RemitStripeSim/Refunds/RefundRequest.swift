/// A `POST /v1/refunds` body, checked against Stripe's documented parameters.
struct RefundRequest: Sendable {
    var paymentIntent: String
    /// Nil refunds what is left of the payment.
    var amount: Int64?
    var reason: String?
    var metadata: [(key: String, value: String)]

    /// Every top-level parameter Stripe documents for creating a refund.
    static let documentedParameters: Set<String> = [
        "amount", "charge", "currency", "customer", "expand", "instructions_email", "metadata", "origin", "payment_intent", "reason",
        "refund_application_fee", "reverse_transfer",
    ]

    /// Stripe's `reason` values.
    static let reasons: Set<String> = ["duplicate", "fraudulent", "requested_by_customer"]

    /// Checks `form` and reads it. The stand-in refunds by `payment_intent` only (what Remit sends).
    static func parse(_ form: FormBody, limits: StripeSimLimits) throws(StripeSimError) -> RefundRequest {
        for parameter in form.parameters where !documentedParameters.contains(parameter.key) {
            throw StripeSimError.unknownParameter(parameter.key)
        }
        guard let intent = try CreateRequest.string(form["payment_intent"], param: "payment_intent") else {
            throw StripeSimError.missingParameter("payment_intent")
        }
        var amount: Int64?
        if let node = form["amount"] {
            guard let text = node.string, let value = Int64(text), value >= 1 else {
                throw StripeSimError.invalid("Invalid positive integer", code: "parameter_invalid_integer", param: "amount")
            }
            amount = value
        }
        let reason = try CreateRequest.string(form["reason"], param: "reason")
        if let reason, !reasons.contains(reason) {
            throw StripeSimError.invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
                                         code: "parameter_invalid_empty", param: "reason")
        }
        return RefundRequest(paymentIntent: intent, amount: amount, reason: reason,
                             metadata: try CreateRequest.metadata(form["metadata"], limits: limits))
    }
}
