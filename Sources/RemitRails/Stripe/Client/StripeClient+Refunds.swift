import AsyncHTTPClient
import NIOCore
import RemitCore

/// A Stripe Refund as Remit reads it (`id`, `status`, `amount`, `payment_intent`).
public struct StripeRefund: Sendable, Equatable {
    /// Stripe's id, `re_…`.
    public var id: String
    /// `pending`, `requires_action`, `succeeded`, `failed` or `canceled`.
    public var status: String
    /// The amount refunded, in minor units.
    public var amount: Int64
    /// The PaymentIntent refunded, `pi_…`.
    public var paymentIntent: String?
    /// Why a failed refund failed, when Stripe says.
    public var failureReason: String?
    /// The refund's metadata (string values).
    public var metadata: [String: String]

    init?(json: JSONValue) {
        guard json["object"]?.stringValue == "refund", let id = json["id"]?.stringValue, let status = json["status"]?.stringValue,
              let amount = json["amount"]?.int64Value else { return nil }
        self.id = id
        self.status = status
        self.amount = amount
        paymentIntent = json["payment_intent"]?.stringValue
        failureReason = json["failure_reason"]?.stringValue
        var metadata: [String: String] = [:]
        if case let .object(members)? = json["metadata"] {
            for (key, value) in members { if let text = value.stringValue { metadata[key] = text } }
        }
        self.metadata = metadata
    }
}

/// Stripe's documented `reason` values for a refund; Remit's free-text reason goes to metadata.
public enum StripeRefundReason: String, Sendable, CaseIterable {
    /// The payment was made twice.
    case duplicate
    /// The payment was fraudulent.
    case fraudulent
    /// The customer asked for the money back.
    case requestedByCustomer = "requested_by_customer"
}

extension StripeClient {
    /// Creates a refund of `paymentIntent` (`POST /v1/refunds`), once per `idempotencyKey`.
    /// `metadata` travels as `metadata[key]`; `reason` is sent only when it is one of Stripe's
    /// values (Stripe refuses any other).
    public func createRefund(paymentIntent: String, amount: Int64, reason: StripeRefundReason?, metadata: [String: String],
                             idempotencyKey: String) async -> StripeResponse<StripeRefund> {
        do throws(StripeError) {
            try checkIdempotencyKey(idempotencyKey)
            try PaymentIntentCreateParams.checkID(paymentIntent, param: "payment_intent")
        } catch {
            return .notSent(error)
        }
        var form = StripeForm()
        form.append("payment_intent", .string(paymentIntent))
        form.append("amount", .string(String(amount)))
        if let reason { form.append("reason", .string(reason.rawValue)) }
        if !metadata.isEmpty {
            form.append("metadata", .dictionary(metadata.sorted { $0.key < $1.key }.map { StripeFormField($0.key, .string($0.value)) }))
        }
        var request = request(path: "/v1/refunds", method: .POST)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.body = .bytes(ByteBuffer(string: form.encoded))
        return await exchange(request, object: "a Refund", StripeRefund.init(json:))
    }

    /// The most refunds one list request returns (Stripe's `limit` maximum).
    public static let refundsPerListMax = 100

    /// The refunds of `paymentIntent`, newest first, at most ``refundsPerListMax``
    /// (`GET /v1/refunds?payment_intent=…&limit=100`). A read: it moves no money.
    public func listRefunds(paymentIntent: String) async -> StripeResponse<[StripeRefund]> {
        do throws(StripeError) {
            try PaymentIntentCreateParams.checkID(paymentIntent, param: "payment_intent")
        } catch {
            return .notSent(error)
        }
        let request = request(path: "/v1/refunds?payment_intent=\(paymentIntent)&limit=\(Self.refundsPerListMax)", method: .GET)
        return await exchange(request, object: "a list of Refunds") { json -> [StripeRefund]? in
            guard json["object"]?.stringValue == "list", case let .array(items)? = json["data"] else { return nil }
            let refunds = items.compactMap(StripeRefund.init(json:))
            return refunds.count == items.count ? refunds : nil
        }
    }
}
