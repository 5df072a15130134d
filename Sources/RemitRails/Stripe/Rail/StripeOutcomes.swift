import RemitCore

extension StripePaymentIntent {
    /// What this PaymentIntent's state means for the payment.
    ///
    /// `succeeded` is settled with the PaymentIntent's id as the rail reference;
    /// `requires_payment_method` (a failed attempt), `requires_action` (an off-session payment
    /// cannot authenticate) and `canceled` are declined; `processing` (an ACH debit on its way)
    /// and any state Remit does not expect after confirming are unknown.
    public var settlementOutcome: SettlementOutcome {
        switch status {
        case .succeeded:
            return .settled(railReference: id)
        case .processing:
            return .unknown(reason: "PaymentIntent \(id) is processing: the debit settles asynchronously, and the "
                + "payment_intent.succeeded or payment_intent.payment_failed webhook decides it")
        case .requiresPaymentMethod:
            return .declined(code: lastPaymentError?.reasonCode ?? "payment_failed",
                             message: lastPaymentError?.message ?? "The payment method was refused (PaymentIntent \(id)).")
        case .requiresAction:
            return .declined(code: "authentication_required",
                             message: "PaymentIntent \(id) needs the customer to authenticate, which an off-session payment cannot do.")
        case .canceled:
            return .declined(code: "canceled", message: "PaymentIntent \(id) was canceled.")
        case .requiresConfirmation, .requiresCapture, .other:
            return .unknown(reason: "PaymentIntent \(id) is \(status), which Remit does not expect after confirming")
        }
    }
}

extension StripeAPIError {
    /// What this error answer means for the payment.
    ///
    /// Card errors (402), invalid requests (400, 404) and idempotency errors are declined:
    /// Stripe gives the same answer to the same request again. An unusable key (401, 403) is a
    /// configuration problem, not the payment's, so it is unknown like a 409 (the key is in use
    /// by a concurrent request), a 429, a 424 and every 5xx: retry later with the same key.
    public var settlementOutcome: SettlementOutcome {
        switch httpStatus {
        case 401, 403:
            return .unknown(reason: "Stripe refused the API key (\(httpStatus)); nothing was charged. Fix the configuration, then retry")
        case 409, 424, 429, 500...599:
            return .unknown(reason: "Stripe answered \(self)")
        case 402:
            return .declined(code: error.reasonCode, message: error.message ?? "The payment was declined.")
        default:
            if error.type == "api_error" { return .unknown(reason: "Stripe answered \(self)") }
            var message = error.message ?? "Stripe refused the request."
            if let param = error.param { message += " (param: \(param))" }
            return .declined(code: error.code ?? error.type, message: message)
        }
    }
}

extension StripeResponse where Value == StripePaymentIntent {
    /// What this answer means for the payment.
    public var settlementOutcome: SettlementOutcome {
        switch self {
        case let .success(intent, _): intent.settlementOutcome
        case let .failure(error): error.settlementOutcome
        case let .noAnswer(reason): .unknown(reason: reason)
        case let .notSent(error): .declined(code: error.code.rawValue, message: error.message)
        }
    }
}
