import RemitCore

extension StripeSimState {
    /// `POST /v1/refunds`: replays, refuses a reused key, or validates and refunds a succeeded
    /// PaymentIntent, never beyond what is left of it (`amount_too_large`,
    /// `charge_already_refunded`), as Stripe does.
    func createRefund(_ form: FormBody, idempotencyKey: String?) -> Answer {
        idempotent("POST /v1/refunds", form, idempotencyKey: idempotencyKey) { () throws(StripeSimError) -> Answer in
            try refund(try RefundRequest.parse(form, limits: configuration.limits))
        }
    }

    /// The refunds made, oldest first, as Stripe shows them.
    public func refunds() -> [JSONValue] { refundObjects }

    /// The bank moved every `pending` refund: each becomes `succeeded`. Returns their ids.
    public func settlePendingRefunds() -> [String] {
        var moved: [String] = []
        refundObjects = refundObjects.map { refund in
            guard refund["status"]?.stringValue == "pending", case let .object(members) = refund else { return refund }
            moved.append(refund["id"]?.stringValue ?? "")
            return .object(members.map { $0.key == "status" ? ($0.key, .string("succeeded")) : $0 })
        }
        return moved
    }

    /// `GET /v1/refunds`: Stripe's documented list parameters `payment_intent` and `limit`
    /// (1 to 100, default 10), newest first; any other parameter is refused as Stripe does.
    func listRefunds(_ query: [(name: String, value: String)]) -> Answer {
        var paymentIntent: String?
        var limit = 10
        for (name, value) in query {
            switch name {
            case "payment_intent": paymentIntent = value
            case "limit":
                guard let number = Int(value), (1...100).contains(number) else {
                    return Self.answer(StripeSimError.invalid("Invalid integer: \(value)", code: "parameter_invalid_integer", param: "limit"))
                }
                limit = number
            default: return Self.answer(StripeSimError.unknownParameter(name))
            }
        }
        let matching = refundObjects.reversed().filter { paymentIntent == nil || $0["payment_intent"]?.stringValue == paymentIntent }
        let page = Array(matching.prefix(limit))
        let list = JSONValue.object([
            ("object", .string("list")), ("data", .array(page)), ("has_more", .bool(matching.count > page.count)), ("url", .string("/v1/refunds")),
        ])
        return Answer(status: 200, body: JSONWriter.string(list))
    }

    private func refund(_ request: RefundRequest) throws(StripeSimError) -> Answer {
        guard let intent = intents[request.paymentIntent] else {
            throw StripeSimError(status: 400, type: "invalid_request_error", code: "resource_missing",
                                 message: "No such payment_intent: '\(request.paymentIntent)'", param: "payment_intent")
        }
        guard intent.status == "succeeded", let charge = intent.latestCharge else {
            throw StripeSimError.invalid("This PaymentIntent (\(intent.id)) does not have a successful charge to refund.",
                                         code: "charge_not_refundable", param: "payment_intent")
        }
        let refunded = refundedAmounts[intent.id] ?? 0
        guard refunded < intent.amount else {
            throw StripeSimError.invalid("Charge \(charge) has already been refunded.", code: "charge_already_refunded")
        }
        let amount = request.amount ?? intent.amount - refunded
        guard amount <= intent.amount - refunded else {
            throw StripeSimError.invalid("Refund amount (\(amount)) is greater than unrefunded amount on charge (\(intent.amount - refunded)).",
                                         code: "amount_too_large", param: "amount")
        }
        refundedAmounts[intent.id] = refunded + amount
        let object = JSONValue.object([
            ("id", .string(newID("re_"))), ("object", .string("refund")), ("amount", .int(amount)), ("charge", .string(charge)),
            ("created", .int(clock.nowSeconds)), ("currency", .string(intent.currency)),
            ("metadata", .object(request.metadata.map { ($0.key, JSONValue.string($0.value)) })),
            // As on Stripe, a bank debit's refund is `pending` until the bank moves it (`settlePendingRefunds`).
            ("payment_intent", .string(intent.id)), ("reason", .optional(request.reason)),
            ("status", .string(intent.paymentMethod?.type == "us_bank_account" ? "pending" : "succeeded")),
        ])
        refundObjects.append(object)
        return Answer(status: 200, body: JSONWriter.string(object))
    }
}
