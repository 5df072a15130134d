import AsyncHTTPClient
import NIOCore
import RemitCore

extension SimulatedGatewayClient: RefundRail {
    /// Refunds part or all of the payment's charge (`POST /v1/refunds`), once per `idempotencyKey`.
    ///
    /// A payment without a charge id is declined without being sent (`charge_missing`).
    public func refund(_ instruction: RefundInstruction, idempotencyKey: String) async -> RefundOutcome {
        guard let charge = instruction.paymentRailReference else {
            return .declined(code: "charge_missing", message: "The payment has no gateway charge to refund.")
        }
        var request = HTTPClientRequest(url: configuration.baseURL + "/v1/refunds")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.body = .bytes(ByteBuffer(string: JSONWriter.string(.object([
            ("charge_id", .string(charge)), ("amount", .int(instruction.amount.minorUnits)),
        ]))))
        let outcome: RefundOutcome
        switch await send(request) {
        case let .failure(failure):
            outcome = .unknown(reason: failure.reason)
        case let .success((status, body)):
            switch GatewayWire.outcome(status: status, body: body) {
            case .settled:
                // A refund body carries `rail_reference` like a charge does.
                let reference = (try? JSONParser.parse(body))?["rail_reference"]?.stringValue
                outcome = reference.map { .succeeded(railReference: $0) } ?? .unknown(reason: "the gateway answered a refund without reference")
            case let .declined(code, message): outcome = .declined(code: code, message: message)
            case let .unknown(reason): outcome = .unknown(reason: reason)
            }
        }
        logger.info("gateway refund", metadata: [
            "refund.id": "\(instruction.refundID)", "rail.idempotency_key": "\(idempotencyKey)", "rail.outcome": "\(outcome)",
        ])
        return outcome
    }
}
