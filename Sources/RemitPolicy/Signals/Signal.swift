import RemitCore

/// The kinds of signal an ERP or procurement system sends. Each has a documented payload
/// (`data`), checked by `Signal.parse`; a type not listed here is stored and reported as
/// ignored, so a sender that adds types breaks nothing.
public enum SignalType: String, Sendable, CaseIterable {
    case purchaseOrderCreated = "purchase_order.created"
    case purchaseOrderApproved = "purchase_order.approved"
    case purchaseOrderClosed = "purchase_order.closed"
    case goodsReceived = "goods.received"
    case inventoryAllocated = "inventory.allocated"
    case budgetApproved = "budget.approved"
    case budgetUpdated = "budget.updated"
    case creditTermsUpdated = "credit_terms.updated"
}

/// A signal's body: `{"type": …, "data": {…}}` (the Standard Webhooks payload shape; a
/// `timestamp` member is allowed and ignored, the `webhook-timestamp` header counts).
public struct Signal: Sendable, Equatable {
    /// Bounds on signals.
    public enum Limits {
        /// The longest type name.
        public static let typeLengthMax = 100
        /// The longest purchase-order number, SKU, department code or period.
        public static let referenceLengthMax = 100
    }

    /// The type as sent.
    public var typeName: String
    /// The type, when Remit knows it.
    public var type: SignalType?
    /// The payload; for a known type, checked against its schema.
    public var data: JSONValue

    /// Whether Remit applies this signal (it knows its type).
    public var isKnown: Bool { type != nil }

    /// The buyer a known signal is about.
    public var buyerID: String? { data["buyer_id"]?.stringValue }

    /// Reads and checks a signal body; throws `RemitError.validation` naming each bad field
    /// (`data.po_number`, …).
    public static func parse(_ body: JSONValue) throws -> Signal {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw RemitError.validation(errors) }
        let typeName = reader.string("type", required: true, maxLength: Limits.typeLengthMax)
        _ = reader.value("timestamp")
        let data = reader.value("data", required: true)
        reader.finish()
        errors += reader.errors
        guard let typeName, let data, errors.isEmpty else { throw RemitError.validation(errors) }
        let type = SignalType(rawValue: typeName)
        if let type {
            errors += Self.check(data, type: type)
        } else if case .object = data {} else {
            errors.append(FieldError(field: "data", rule: "type", message: "must be an object"))
        }
        guard errors.isEmpty else { throw RemitError.validation(errors) }
        return Signal(typeName: typeName, type: type, data: data)
    }

    /// The payload rules of each known type.
    static func check(_ data: JSONValue, type: SignalType) -> [FieldError] {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(data, path: "data", errors: &errors) else { return errors }
        _ = reader.string("buyer_id", required: true, maxLength: 64)
        let reference = Limits.referenceLengthMax
        switch type {
        case .purchaseOrderCreated:
            _ = reader.string("po_number", required: true, maxLength: reference)
            _ = reader.integer("amount", required: true, in: 0...Int64.max)
            if let currency = reader.string("currency", required: true, maxLength: 3), (try? Currency(code: currency)) == nil {
                reader.fail("currency", rule: "currency", "is not an ISO 4217 currency code")
            }
            _ = reader.string("department", maxLength: reference)
        case .purchaseOrderApproved, .purchaseOrderClosed:
            _ = reader.string("po_number", required: true, maxLength: reference)
        case .goodsReceived:
            _ = reader.string("po_number", required: true, maxLength: reference)
            _ = reader.date("received_on")
        case .inventoryAllocated:
            _ = reader.string("sku", required: true, maxLength: reference)
            _ = reader.integer("quantity", required: true, in: 1...Int64(Int32.max))
            _ = reader.string("po_number", maxLength: reference)
        case .budgetApproved, .budgetUpdated:
            _ = reader.string("department", required: true, maxLength: reference)
            if let period = reader.string("period", required: true, maxLength: 7), !Self.isPeriod(period) {
                reader.fail("period", rule: "format", "must be a month, a quarter or a year: 2026-11, 2026-Q4 or 2026")
            }
            _ = reader.integer("amount", required: true, in: 0...Int64.max)
        case .creditTermsUpdated:
            _ = reader.integer("net_days", required: true, in: 0...365)
            _ = reader.integer("credit_limit", required: true, in: 0...Int64.max)
        }
        // Members beyond the documented ones are kept, not refused: ERPs add their own.
        return errors + reader.errors
    }

    /// A budget period: `YYYY-MM` (month 01–12), `YYYY-Qn` (quarter 1–4) or `YYYY`, as the
    /// buyer context names periods.
    static func isPeriod(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts[0].count == 4, parts[0].allSatisfy(\.isASCII), Int(parts[0]) != nil else { return false }
        switch parts.count {
        case 1: return true
        case 2 where parts[1].hasPrefix("Q"): return parts[1].count == 2 && ["1", "2", "3", "4"].contains(parts[1].last.map(String.init) ?? "")
        case 2: return parts[1].count == 2 && parts[1].allSatisfy(\.isASCII) && (1...12).contains(Int(parts[1]) ?? 0)
        default: return false
        }
    }

    /// The signal as a workflow's signal filter sees it: `{"id", "source", "type", "data"}`.
    public func filterValue(id: String, source: String) -> JSONValue {
        .object([("id", .string(id)), ("source", .string(source)), ("type", .string(typeName)), ("data", data)])
    }
}
