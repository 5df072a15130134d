import RemitCore

/// A PaymentIntent held by the stand-in.
struct SimPaymentIntent: Sendable {
    var id: String
    var amount: Int64
    var currency: String
    var status: String
    var created: Int64
    var request: CreateRequest
    var latestCharge: String?
    var lastPaymentError: JSONValue?
    /// The idempotency key of the request that created it, for events' `request` member.
    var idempotencyKey: String?

    var paymentMethod: TestPaymentMethod? { request.paymentMethod }

    /// The object as Stripe shows it.
    var json: JSONValue {
        let types = request.paymentMethodTypes
            ?? CreateRequest.dynamicTypes.filter { !request.excludedPaymentMethodTypes.contains($0) }
        let automatic: JSONValue = request.paymentMethodTypes == nil
            ? .object([("allow_redirects", .string(request.automaticPaymentMethods?.allowRedirects ?? "always")),
                       ("enabled", .bool(request.automaticPaymentMethods?.enabled ?? true))])
            : .null
        return .object([
            ("id", .string(id)),
            ("object", .string("payment_intent")),
            ("amount", .int(amount)),
            ("amount_received", .int(status == "succeeded" ? amount : 0)),
            ("automatic_payment_methods", automatic),
            ("capture_method", .string("automatic")),
            ("confirmation_method", .string("automatic")),
            ("created", .int(created)),
            ("currency", .string(currency)),
            ("customer", .optional(request.customer)),
            ("description", .optional(request.description)),
            ("excluded_payment_method_types", request.excludedPaymentMethodTypes.isEmpty ? .null : .strings(request.excludedPaymentMethodTypes)),
            ("last_payment_error", lastPaymentError ?? .null),
            ("latest_charge", .optional(latestCharge)),
            ("livemode", .bool(false)),
            ("metadata", .object(request.metadata.map { ($0.key, JSONValue.string($0.value)) })),
            ("payment_method", .optional(paymentMethod?.id)),
            ("payment_method_types", .strings(types)),
            ("statement_descriptor_suffix", .optional(request.statementDescriptorSuffix)),
            ("status", .string(status)),
        ])
    }

    /// A `last_payment_error` object.
    static func paymentError(type: String, code: String, declineCode: String?, message: String, method: TestPaymentMethod) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("code", .string(code))]
        if let declineCode { members.append(("decline_code", .string(declineCode))) }
        members.append(("message", .string(message)))
        members.append(("payment_method", .object([("id", .string(method.id)), ("object", .string("payment_method")), ("type", .string(method.type))])))
        members.append(("type", .string(type)))
        return .object(members)
    }
}

extension CreateRequest {
    /// The types the stand-in's "dashboard" enables for dynamic payment methods.
    static let dynamicTypes = ["card", "us_bank_account"]
}
