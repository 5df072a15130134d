import RemitCore

/// The simulated gateway's JSON, as the client writes and reads it.
enum GatewayWire {
    /// The `POST /v1/charges` body; metadata is sorted so one instruction is always the same bytes.
    static func chargeRequest(_ instruction: SettlementInstruction) -> JSONValue {
        .object([
            ("payment_id", .string(instruction.paymentID.rawValue)),
            ("amount", .int(instruction.amount.minorUnits)),
            ("currency", .string(instruction.amount.currency.code)),
            ("method", .string(instruction.method.rawValue)),
            ("reference", .string(instruction.reference)),
            ("metadata", .object(instruction.metadata.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
        ])
    }

    /// Reads the answer to `POST /v1/charges`.
    ///
    /// 200 and 201 carry a charge; other 4xx answers refuse the instruction for good (a retry
    /// with the same key and body gets the same answer); 5xx, 408, 409, 429 and anything
    /// unreadable leave the outcome unknown.
    static func outcome(status: UInt, body: [UInt8]) -> SettlementOutcome {
        switch status {
        case 200, 201:
            guard let json = try? JSONParser.parse(body), let outcome = chargeOutcome(json) else {
                return .unknown(reason: "the gateway answered \(status) with a body that is not a charge")
            }
            return outcome
        case 408, 409, 425, 429, 500...599:
            return .unknown(reason: "the gateway answered \(status)\(problemSuffix(body))")
        case 400...499:
            let problem = try? JSONParser.parse(body)
            let code = problem?["code"]?.stringValue ?? "http_\(status)"
            let detail = problem?["detail"]?.stringValue ?? "The gateway refused the charge with status \(status)."
            return .declined(code: code, message: detail)
        default:
            return .unknown(reason: "the gateway answered an unexpected \(status)")
        }
    }

    /// Reads the answer to `GET /v1/charges?idempotency_key=…`.
    static func status(status: UInt, body: [UInt8]) -> SettlementStatus {
        guard status == 200 else { return .unavailable(reason: "the gateway answered \(status)\(problemSuffix(body))") }
        guard let json = try? JSONParser.parse(body), case let .array(charges)? = json["data"] else {
            return .unavailable(reason: "the gateway answered with a body that is not a list of charges")
        }
        guard let first = charges.first else { return .notFound }
        guard let outcome = chargeOutcome(first) else {
            return .unavailable(reason: "the gateway answered with a charge that cannot be read")
        }
        return .recorded(outcome)
    }

    /// A charge object's final outcome, or nil when it is not a charge.
    static func chargeOutcome(_ charge: JSONValue) -> SettlementOutcome? {
        switch charge["status"]?.stringValue {
        case "succeeded":
            return charge["rail_reference"]?.stringValue.map { .settled(railReference: $0) }
        case "declined":
            return .declined(code: charge["decline_code"]?.stringValue ?? "declined",
                             message: charge["decline_message"]?.stringValue ?? "The gateway declined the charge.")
        default:
            return nil
        }
    }

    private static func problemSuffix(_ body: [UInt8]) -> String {
        guard let detail = (try? JSONParser.parse(body))?["detail"]?.stringValue else { return "" }
        return ": \(detail)"
    }
}
