import RemitCEL

/// The invoice, buyer and clock every benchmark case reads; cel_python_bench.py builds the same data.
enum Fixture {
    static func line(_ sku: String, _ qty: Int64, _ unitPrice: Int64, _ category: String) -> CELValue {
        ["sku": .string(sku), "qty": .int(qty), "unit_price": .int(unitPrice), "category": .string(category)]
    }

    static let bindings: [String: CELValue] = {
        let lines: [CELValue] = [
            line("A-100", 10, 2_500, "office"), line("A-200", 2, 149_900, "hardware"),
            line("B-310", 40, 1_250, "office"), line("C-001", 1, 1_200_000, "hardware"),
            line("C-002", 3, 45_000, "services"), line("D-900", 12, 990, "office"),
            line("E-450", 5, 20_000, "services"), line("F-777", 1, 310_000, "hardware"),
        ]
        let invoice: CELValue = [
            "amount": .int(7_250_000), "currency": .string("EUR"), "method": .string("sepa"),
            "reference": .string("PO-2026-1187"), "lines": .list(lines),
            "issued": try! .timestamp(CELTimestamp(parsing: "2026-10-01T09:30:00Z")),
            "due": try! .timestamp(CELTimestamp(parsing: "2026-11-30T17:00:00Z")),
            "custom": ["po_number": "4500012345", "priority": "high"],
        ]
        let buyer: CELValue = [
            "id": .string("buyer_81"), "country": .string("DE"), "terms": .string("net60"),
            "risk_score": .double(0.42), "tier": .string("silver"), "credit_limit": .int(20_000_000),
            "outstanding": .int(3_100_000), "email": .string("ap@example.com"),
        ]
        return [
            "invoice": invoice, "buyer": buyer,
            "now": try! .timestamp(CELTimestamp(parsing: "2026-11-29T12:00:00Z")),
        ]
    }()
}
