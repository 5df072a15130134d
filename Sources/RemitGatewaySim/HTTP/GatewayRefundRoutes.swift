import HTTPTypes
import Hummingbird
import NIOCore
import RemitCore

/// `POST /v1/refunds`: gives back (part of) a succeeded charge, once per `Idempotency-Key`.
/// Body: `{"charge_id": "...", "amount": <minor units>}`. Refunds always succeed when the
/// charge has that much left; the gateway's faults apply to charges only.
struct GatewayRefundRoutes: Sendable {
    let store: ChargeStore
    let limits: GatewayLimits
    let clock: WallClock

    func register(on router: Router<BasicRequestContext>) {
        router.post("v1/refunds") { request, _ in
            guard let key = request.headers[.idempotencyKey], !key.isEmpty, key.utf8.count <= limits.idempotencyKeyBytesMax,
                  key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw GatewayError(code: "idempotency_key_missing", status: 400,
                                   message: "POST /v1/refunds needs an Idempotency-Key of 1 to \(limits.idempotencyKeyBytesMax) printable ASCII characters.")
            }
            var request = request
            let buffer = try await request.collectBody(upTo: limits.requestBodyBytesMax)
            let json: JSONValue
            do { json = try JSONParser.parse(Array(buffer: buffer)) } catch let error as RemitError { throw GatewayError(error) }
            var errors: [FieldError] = []
            guard var reader = JSONObjectReader(json, path: "", errors: &errors) else { throw GatewayError.validation(errors) }
            let charge = reader.string("charge_id", required: true, maxLength: 64)
            let amount = reader.integer("amount", required: true, in: 1...Int64.max)
            reader.finish()
            guard reader.errors.isEmpty, let charge, let amount else { throw GatewayError.validation(reader.errors) }
            switch try await store.refund(chargeID: charge, amount: amount, key: key, nowMilliseconds: clock.nowMilliseconds) {
            case let .created(body): return ChargeRoutes.json(.created, body)
            case let .replayed(body):
                var response = ChargeRoutes.json(.ok, body)
                response.headers[.idempotentReplayed] = "true"
                return response
            case .keyReused:
                throw GatewayError(code: "idempotency_key_reused", status: 422, message: "This Idempotency-Key was used for a different refund.")
            case .chargeNotRefundable:
                throw GatewayError(code: "charge_not_refundable", status: 400, message: "No succeeded charge '\(charge)' to refund.")
            case let .amountTooLarge(remaining):
                throw GatewayError(code: "amount_too_large", status: 400, message: "Only \(remaining) of the charge is left to refund.")
            }
        }
    }
}
