import Crypto
import Foundation
import RemitCore

/// Verifies Stripe webhooks and reads the PaymentIntent events Remit acts on.
///
/// A delivery passes when its `Stripe-Signature` carries a `v1` HMAC-SHA256 of
/// `"<t>.<raw body>"` under one of the accepted signing secrets (compared in constant time)
/// and its timestamp is within the tolerance of the injected clock, either way, inclusive.
/// Accepting several secrets lets an endpoint's secret be rolled without a gap.
/// De-duplication by event id is the caller's job (it needs storage).
public struct StripeWebhookVerifier: Sendable {
    /// How far a timestamp may be from now, either way, by default: 300 seconds, as Stripe's libraries.
    public static let toleranceSecondsDefault: Int64 = 300
    /// The most signing secrets accepted at once (the current one and those being rolled).
    public static let secretsMax = 4
    /// The largest payload verified, in bytes, by default.
    public static let payloadBytesMaxDefault = 1 << 20

    /// The accepted signing secrets, `whsec_…`, used exactly as Stripe shows them.
    public let secrets: [String]
    /// How far, in seconds, a timestamp may be from now in either direction.
    public let toleranceSeconds: Int64
    /// The largest payload verified, in bytes.
    public let payloadBytesMax: Int
    /// The source of "now".
    public let clock: WallClock

    /// Creates a verifier that accepts a signature made with any of `secrets` (1 to `secretsMax`).
    public init(secrets: [String], toleranceSeconds: Int64 = toleranceSecondsDefault, payloadBytesMax: Int = payloadBytesMaxDefault,
                clock: WallClock) {
        precondition((1...Self.secretsMax).contains(secrets.count), "a Stripe webhook verifier takes 1 to \(Self.secretsMax) secrets")
        precondition(secrets.allSatisfy { !$0.isEmpty }, "a Stripe webhook signing secret cannot be empty")
        precondition(toleranceSeconds >= 0, "the timestamp tolerance cannot be negative")
        self.secrets = secrets
        self.toleranceSeconds = toleranceSeconds
        self.payloadBytesMax = payloadBytesMax
        self.clock = clock
    }

    /// Creates a verifier from a configuration's signing secrets and tolerance.
    public init(configuration: StripeConfiguration, clock: WallClock) {
        self.init(secrets: configuration.webhookSigningSecrets, toleranceSeconds: configuration.webhookToleranceSeconds, clock: clock)
    }

    /// Verifies `payload`, the request body exactly as received, against `signatureHeader`.
    ///
    /// - Returns: the parsed header (its timestamp is the signed one).
    /// - Throws: ``StripeError``: `payloadTooLarge`, the header's parse errors, then
    ///   `signatureMismatch`, `timestampTooOld` or `timestampTooNew`, in that order.
    @discardableResult
    public func verify(payload: [UInt8], signatureHeader: String?) throws(StripeError) -> StripeSignatureHeader {
        guard payload.count <= payloadBytesMax else {
            throw StripeError(.payloadTooLarge, "The webhook payload is larger than \(payloadBytesMax) bytes.")
        }
        let header = try StripeSignatureHeader.parse(signatureHeader)
        let expected = secrets.map { Self.signature(payload: payload, timestamp: header.timestamp, secret: $0) }
        var matched = false
        for candidate in header.v1 {
            for code in expected where Self.constantTimeEqual(code, candidate) { matched = true }
        }
        guard matched else {
            throw StripeError(.signatureMismatch, "No v1 signature in Stripe-Signature matches the payload under an accepted signing secret.")
        }
        let now = Int64(clock.now().timeIntervalSince1970.rounded(.down))
        if header.timestamp < now - toleranceSeconds {
            throw StripeError(.timestampTooOld, "The Stripe-Signature timestamp is more than \(toleranceSeconds) s in the past.")
        }
        if header.timestamp > now + toleranceSeconds {
            throw StripeError(.timestampTooNew, "The Stripe-Signature timestamp is more than \(toleranceSeconds) s in the future.")
        }
        return header
    }

    /// Verifies `payload` and reads it as an event.
    ///
    /// - Throws: everything ``verify(payload:signatureHeader:)`` throws, and `eventMalformed`
    ///   when the verified payload is not an event, or a PaymentIntent event without its object.
    public func event(payload: [UInt8], signatureHeader: String?) throws(StripeError) -> StripeWebhookEvent {
        try verify(payload: payload, signatureHeader: signatureHeader)
        return try StripeWebhookEvent.decode(payload)
    }

    /// The HMAC-SHA256 of `"<timestamp>.<payload>"` under `secret`.
    public static func signature(payload: [UInt8], timestamp: Int64, secret: String) -> [UInt8] {
        var content = Array("\(timestamp).".utf8)
        content += payload
        return Array(HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: Array(secret.utf8))))
    }

    /// A `Stripe-Signature` value for `payload`, signed with each of `secrets`: for tests and
    /// for forwarding. Lowercase hex, as Stripe sends it.
    public static func signatureHeader(payload: [UInt8], timestamp: Int64, secrets: [String]) -> String {
        (["t=\(timestamp)"] + secrets.map { "v1=" + hex(signature(payload: payload, timestamp: timestamp, secret: $0)) })
            .joined(separator: ",")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }

    /// Compares two byte strings in time that depends only on their lengths.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
