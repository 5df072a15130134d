import HTTPTypes
import Hummingbird
import NIOCore
import RemitCore

/// An error answer in Stripe's shape: `{"error": {"type", "code", "decline_code", "message", "param", …}}`.
public struct StripeSimError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// `invalid_request_error`, `card_error`, `idempotency_error` or `api_error`.
    public var type: String
    /// The error code, such as `parameter_unknown`.
    public var code: String?
    /// The issuer's decline code, for card errors.
    public var declineCode: String?
    /// The sentence.
    public var message: String
    /// The parameter at fault, in bracket notation.
    public var param: String?
    /// The PaymentIntent, for errors about one (a declined confirmation).
    public var paymentIntent: JSONValue?

    /// Creates an error.
    public init(status: Int, type: String, code: String? = nil, declineCode: String? = nil, message: String, param: String? = nil,
                paymentIntent: JSONValue? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.declineCode = declineCode
        self.message = message
        self.param = param
        self.paymentIntent = paymentIntent
    }

    /// The status, type, code and message, for logs.
    public var description: String { "\(status) \(type) \(code ?? "-"): \(message)" }

    /// A 400 `invalid_request_error`.
    static func invalid(_ message: String, code: String? = nil, param: String? = nil) -> StripeSimError {
        StripeSimError(status: 400, type: "invalid_request_error", code: code, message: message, param: param)
    }

    /// A 400 `parameter_unknown` for `param`.
    static func unknownParameter(_ param: String) -> StripeSimError {
        invalid("Received unknown parameter: \(param)", code: "parameter_unknown", param: param)
    }

    /// A 400 `parameter_missing` for `param`.
    static func missingParameter(_ param: String) -> StripeSimError {
        invalid("Missing required param: \(param).", code: "parameter_missing", param: param)
    }

    /// The JSON body.
    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if let code {
            members.append(("code", .string(code)))
            members.append(("doc_url", .string("https://stripe.com/docs/error-codes/\(code.replacingOccurrences(of: "_", with: "-"))")))
        }
        if let declineCode { members.append(("decline_code", .string(declineCode))) }
        members.append(("message", .string(message)))
        if let param { members.append(("param", .string(param))) }
        if let paymentIntent { members.append(("payment_intent", paymentIntent)) }
        members.append(("type", .string(type)))
        return .object([("error", .object(members))])
    }
}
