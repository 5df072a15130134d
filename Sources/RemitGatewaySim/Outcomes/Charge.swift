import RemitCore

/// A charge the gateway made: succeeded (the money moved) or declined, never both, never twice.
struct Charge: Sendable {
    let id: String
    let idempotencyKey: String
    let request: ChargeRequest
    /// Nil when the charge succeeded.
    let decline: OutcomePlan.Decline?
    let createdAt: Int64

    var status: String { decline == nil ? "succeeded" : "declined" }

    /// The answer, stored with the charge and replayed byte for byte.
    var body: String {
        JSONWriter.string(.object([
            ("id", .string(id)),
            ("object", .string("charge")),
            ("status", .string(status)),
            ("amount", .int(request.amount)),
            ("currency", .string(request.currency.code)),
            ("method", .string(request.method.rawValue)),
            ("payment_id", .string(request.paymentID)),
            ("reference", .string(request.reference)),
            ("metadata", .object(request.metadata.map { ($0.key, JSONValue.string($0.value)) })),
            ("idempotency_key", .string(idempotencyKey)),
            ("rail_reference", decline == nil ? .string(id) : .null),
            ("decline_code", .optional(decline?.code)),
            ("decline_message", .optional(decline?.message)),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: createdAt))),
        ]))
    }
}
