import RemitCore

/// A PaymentIntent as Stripe returns it: the fields Remit reads.
public struct StripePaymentIntent: Sendable, Equatable {
    /// Where a PaymentIntent is in its life.
    public enum Status: Sendable, Equatable, CustomStringConvertible {
        /// Needs a (new) payment method: the state after a failed attempt.
        case requiresPaymentMethod
        /// Has a payment method but was not confirmed.
        case requiresConfirmation
        /// Needs the customer, such as 3-D Secure; an off-session payment cannot supply it.
        case requiresAction
        /// Submitted and waiting for the network: ACH debits stay here for days.
        case processing
        /// Authorized but not captured (manual capture only; Remit does not ask for it).
        case requiresCapture
        /// Cancelled; final.
        case canceled
        /// The money moved; final.
        case succeeded
        /// A status this version of Remit does not know.
        case other(String)

        /// The status named as Stripe names it.
        public init(rawValue: String) {
            switch rawValue {
            case "requires_payment_method": self = .requiresPaymentMethod
            case "requires_confirmation": self = .requiresConfirmation
            case "requires_action": self = .requiresAction
            case "processing": self = .processing
            case "requires_capture": self = .requiresCapture
            case "canceled": self = .canceled
            case "succeeded": self = .succeeded
            default: self = .other(rawValue)
            }
        }

        /// The status's name as Stripe spells it.
        public var rawValue: String {
            switch self {
            case .requiresPaymentMethod: "requires_payment_method"
            case .requiresConfirmation: "requires_confirmation"
            case .requiresAction: "requires_action"
            case .processing: "processing"
            case .requiresCapture: "requires_capture"
            case .canceled: "canceled"
            case .succeeded: "succeeded"
            case let .other(name): name
            }
        }

        public var description: String { rawValue }
    }

    /// The id, `pi_…`.
    public var id: String
    /// The status.
    public var status: Status
    /// The amount, in minor units of `currency`.
    public var amount: Int64
    /// The currency, lowercase, such as `usd`.
    public var currency: String
    /// The payment method's id, `pm_…`.
    public var paymentMethod: String?
    /// The customer's id, `cus_…`.
    public var customer: String?
    /// The metadata sent with it.
    public var metadata: [String: String]
    /// Why the last attempt failed, when it did.
    public var lastPaymentError: StripePaymentError?
    /// The latest charge's id, `ch_…` or `py_…`.
    public var latestCharge: String?

    /// Creates a PaymentIntent value.
    public init(id: String, status: Status, amount: Int64, currency: String, paymentMethod: String? = nil, customer: String? = nil,
                metadata: [String: String] = [:], lastPaymentError: StripePaymentError? = nil, latestCharge: String? = nil) {
        self.id = id
        self.status = status
        self.amount = amount
        self.currency = currency
        self.paymentMethod = paymentMethod
        self.customer = customer
        self.metadata = metadata
        self.lastPaymentError = lastPaymentError
        self.latestCharge = latestCharge
    }

    /// Reads a PaymentIntent object; nil when `json` is not one. `payment_method` and
    /// `customer` may be ids or expanded objects.
    public init?(json: JSONValue) {
        guard json["object"]?.stringValue == "payment_intent", let id = json["id"]?.stringValue,
              let status = json["status"]?.stringValue, let amount = json["amount"]?.int64Value,
              let currency = json["currency"]?.stringValue
        else { return nil }
        self.init(id: id, status: Status(rawValue: status), amount: amount, currency: currency,
                  paymentMethod: Self.idOrObject(json["payment_method"]), customer: Self.idOrObject(json["customer"]),
                  metadata: Self.strings(json["metadata"]), lastPaymentError: json["last_payment_error"].flatMap(StripePaymentError.init(json:)),
                  latestCharge: Self.idOrObject(json["latest_charge"]))
    }

    private static func idOrObject(_ value: JSONValue?) -> String? {
        value?.stringValue ?? value?["id"]?.stringValue
    }

    static func strings(_ value: JSONValue?) -> [String: String] {
        guard case let .object(members)? = value else { return [:] }
        var result: [String: String] = [:]
        for member in members { if let text = member.value.stringValue { result[member.key] = text } }
        return result
    }
}

/// Why a payment attempt failed: Stripe's `last_payment_error`, or the `error` of an answer.
public struct StripePaymentError: Sendable, Equatable {
    /// `card_error`, `invalid_request_error`, `api_error` or `idempotency_error`.
    public var type: String
    /// A short code, such as `card_declined` or `amount_too_small`.
    public var code: String?
    /// The issuer's reason for a card decline, such as `insufficient_funds`.
    public var declineCode: String?
    /// Stripe's sentence; for card errors it can be shown to the buyer.
    public var message: String?
    /// The parameter at fault, when one is.
    public var param: String?

    /// Creates an error value.
    public init(type: String, code: String? = nil, declineCode: String? = nil, message: String? = nil, param: String? = nil) {
        self.type = type
        self.code = code
        self.declineCode = declineCode
        self.message = message
        self.param = param
    }

    /// Reads an error object; nil when `json` has no `type`.
    public init?(json: JSONValue) {
        guard let type = json["type"]?.stringValue else { return nil }
        self.init(type: type, code: json["code"]?.stringValue, declineCode: json["decline_code"]?.stringValue,
                  message: json["message"]?.stringValue, param: json["param"]?.stringValue)
    }

    /// The most specific reason: the decline code, else the code, else the type.
    public var reasonCode: String { declineCode ?? code ?? type }
}

/// An error answer from Stripe: its HTTP status and its `error` object.
public struct StripeAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status, such as 402 for a card decline.
    public var httpStatus: Int
    /// The `error` object.
    public var error: StripePaymentError
    /// The PaymentIntent the error is about, when Stripe sent it (a declined confirmation).
    public var paymentIntent: StripePaymentIntent?
    /// Stripe's `Request-Id`, for support.
    public var requestID: String?

    /// Creates an error answer.
    public init(httpStatus: Int, error: StripePaymentError, paymentIntent: StripePaymentIntent? = nil, requestID: String? = nil) {
        self.httpStatus = httpStatus
        self.error = error
        self.paymentIntent = paymentIntent
        self.requestID = requestID
    }

    /// Reads `{"error": {…}}`; nil when the body is not Stripe's error shape.
    public init?(httpStatus: Int, body: JSONValue, requestID: String?) {
        guard let object = body["error"], let error = StripePaymentError(json: object) else { return nil }
        self.init(httpStatus: httpStatus, error: error, paymentIntent: object["payment_intent"].flatMap(StripePaymentIntent.init(json:)),
                  requestID: requestID)
    }

    /// The status, the type, the codes and the parameter, for logs.
    public var description: String {
        var parts = ["\(httpStatus) \(error.type)"]
        if let code = error.code { parts.append("code=\(code)") }
        if let decline = error.declineCode { parts.append("decline_code=\(decline)") }
        if let param = error.param { parts.append("param=\(param)") }
        if let message = error.message { parts.append(message) }
        return parts.joined(separator: " ")
    }
}
