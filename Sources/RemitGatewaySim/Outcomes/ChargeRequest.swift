import RemitCore

/// A validated `POST /v1/charges` body.
struct ChargeRequest: Sendable, Equatable {
    var paymentID: String
    var amount: Int64
    var currency: Currency
    var method: PaymentMethod
    var reference: String
    /// Sorted by key.
    var metadata: [(key: String, value: String)]

    static func == (lhs: ChargeRequest, rhs: ChargeRequest) -> Bool {
        lhs.fingerprint == rhs.fingerprint
    }

    /// The request in one canonical form: two requests are the same charge when these are equal.
    var fingerprint: String {
        JSONWriter.string(.object([
            ("payment_id", .string(paymentID)), ("amount", .int(amount)), ("currency", .string(currency.code)),
            ("method", .string(method.rawValue)), ("reference", .string(reference)),
            ("metadata", .object(metadata.map { ($0.key, JSONValue.string($0.value)) })),
        ]))
    }

    /// Reads and checks a request body, collecting every problem.
    static func parse(_ json: JSONValue, limits: GatewayLimits) throws(GatewayError) -> ChargeRequest {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(json, path: "", errors: &errors) else { throw .validation(errors) }
        let paymentID = reader.string("payment_id", required: true, maxLength: limits.paymentIDCharactersMax)
        let amount = reader.integer("amount", required: true, in: 1...limits.amountMinorUnitsMax)
        let currency = reader.string("currency", required: true, maxLength: 3).flatMap { code -> Currency? in
            guard let currency = try? Currency(code: code) else {
                reader.fail("currency", rule: "currency", "must be an active ISO 4217 code in upper case, such as USD")
                return nil
            }
            return currency
        }
        let method = reader.choice("method", required: true, allowed: PaymentMethod.allCases.map(\.rawValue))
            .flatMap(PaymentMethod.init(rawValue:))
        let reference = reader.string("reference", maxLength: limits.referenceCharactersMax) ?? ""
        let metadata = readMetadata(&reader, limits: limits) ?? []
        reader.finish()
        errors.append(contentsOf: reader.errors)
        guard errors.isEmpty, let paymentID, let amount, let currency, let method else { throw .validation(errors) }
        return ChargeRequest(paymentID: paymentID, amount: amount, currency: currency, method: method,
                             reference: reference, metadata: metadata)
    }

    private static func readMetadata(_ reader: inout JSONObjectReader, limits: GatewayLimits) -> [(key: String, value: String)]? {
        guard let value = reader.value("metadata") else { return nil }
        guard case let .object(members) = value else {
            reader.fail("metadata", rule: "type", "must be an object of strings, not \(value.typeName)")
            return nil
        }
        guard members.count <= limits.metadataEntriesMax else {
            reader.fail("metadata", rule: "max_items", "must have at most \(limits.metadataEntriesMax) entries")
            return nil
        }
        var entries: [(key: String, value: String)] = []
        for member in members {
            guard member.key.count <= limits.metadataKeyCharactersMax else {
                reader.fail("metadata.\(member.key.prefix(limits.metadataKeyCharactersMax))", rule: "max_length",
                            "keys must be at most \(limits.metadataKeyCharactersMax) characters")
                continue
            }
            guard case let .string(text) = member.value else {
                reader.fail("metadata.\(member.key)", rule: "type", "must be a string, not \(member.value.typeName)")
                continue
            }
            guard text.count <= limits.metadataValueCharactersMax else {
                reader.fail("metadata.\(member.key)", rule: "max_length", "must be at most \(limits.metadataValueCharactersMax) characters")
                continue
            }
            entries.append((member.key, text))
        }
        return entries.sorted { $0.key < $1.key }
    }
}
