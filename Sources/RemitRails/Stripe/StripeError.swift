/// Why Remit refused to send something to Stripe, or refused something Stripe (or someone
/// pretending to be Stripe) sent: a request that breaks a documented limit, or a webhook that
/// does not verify.
///
/// Answers that Stripe itself gives are ``StripeAPIError``, not this type. `description` names
/// the broken rule and never contains a secret, a signature or a body.
public struct StripeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal this is.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The `Idempotency-Key` is empty, longer than `idempotencyKeyBytesMax`, or not printable ASCII.
        case invalidIdempotencyKey = "invalid_idempotency_key"
        /// A request parameter breaks a rule Stripe documents (the parameter is in `param`).
        case invalidParameter = "invalid_parameter"
        /// The payment's method has no Stripe payment method type (only card and ACH debit do).
        case methodNotSupported = "method_not_supported"
        /// The payment's own method is among the types a policy excluded.
        case methodExcluded = "method_excluded"
        /// No saved Stripe payment method (`pm_…`) was given for the payment.
        case paymentMethodMissing = "payment_method_missing"
        /// The `Stripe-Signature` header is absent or empty.
        case signatureHeaderMissing = "signature_header_missing"
        /// The `Stripe-Signature` header cannot be read: no `t=`, a bad timestamp, or too long.
        case signatureHeaderMalformed = "signature_header_malformed"
        /// The `Stripe-Signature` header carries no `v1` signature.
        case noV1Signature = "no_v1_signature"
        /// No `v1` signature matches the payload under any accepted signing secret.
        case signatureMismatch = "signature_mismatch"
        /// The signed timestamp is further in the past than the tolerance allows.
        case timestampTooOld = "timestamp_too_old"
        /// The signed timestamp is further in the future than the tolerance allows.
        case timestampTooNew = "timestamp_too_new"
        /// The payload is larger than `webhookPayloadBytesMax`.
        case payloadTooLarge = "payload_too_large"
        /// The payload verified but is not a Stripe event Remit can read.
        case eventMalformed = "event_malformed"
    }

    /// The kind of refusal.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// The request parameter at fault, in Stripe's bracket notation, when one is.
    public var param: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, param: String? = nil) {
        self.code = code
        self.message = message
        self.param = param
    }

    /// The code, the parameter and the message, for logs.
    public var description: String {
        if let param { return "\(code.rawValue) (\(param)): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}
