import Foundation

/// The benchmark policies over typed Swift structs: no dynamic values, no dictionary lookups.
/// This is the absolute floor, for context; CEL (like any policy language over JSON-shaped
/// data) reads fields by name, so it is compared against ``Handwritten`` for the goal.
enum Native {
    struct Line {
        var sku: String, qty: Int64, unitPrice: Int64, category: String
    }

    struct Invoice {
        var amount: Int64, currency: String, method: String, reference: String, lines: [Line]
        var issuedNanos: Int128, dueNanos: Int128, custom: [String: String]
    }

    struct Buyer {
        var country: String, terms: String, riskScore: Double, tier: String
        var creditLimit: Int64, outstanding: Int64, email: String
    }

    struct Input {
        var invoice: Invoice, buyer: Buyer, nowNanos: Int128
    }

    static let second: Int128 = 1_000_000_000
    static let day: Int128 = 86_400 * second

    static let input = Input(
        invoice: Invoice(
            amount: 7_250_000, currency: "EUR", method: "sepa", reference: "PO-2026-1187",
            lines: [
                Line(sku: "A-100", qty: 10, unitPrice: 2_500, category: "office"),
                Line(sku: "A-200", qty: 2, unitPrice: 149_900, category: "hardware"),
                Line(sku: "B-310", qty: 40, unitPrice: 1_250, category: "office"),
                Line(sku: "C-001", qty: 1, unitPrice: 1_200_000, category: "hardware"),
                Line(sku: "C-002", qty: 3, unitPrice: 45_000, category: "services"),
                Line(sku: "D-900", qty: 12, unitPrice: 990, category: "office"),
                Line(sku: "E-450", qty: 5, unitPrice: 20_000, category: "services"),
                Line(sku: "F-777", qty: 1, unitPrice: 310_000, category: "hardware"),
            ],
            issuedNanos: 1_790_847_000 * second, dueNanos: 1_796_058_000 * second,
            custom: ["po_number": "4500012345", "priority": "high"]),
        buyer: Buyer(
            country: "DE", terms: "net60", riskScore: 0.42, tier: "silver", creditLimit: 20_000_000,
            outstanding: 3_100_000, email: "ap@example.com"),
        nowNanos: 1_795_953_600 * second)

    typealias Policy = @Sendable (Input) -> Bool

    static let policies: [String: Policy] = [
        "amount_threshold": { $0.invoice.amount > 5_000_000 },
        "method_allowed": { ["sepa", "ach", "wire"].contains($0.invoice.method) },
        "has_po_number": { $0.invoice.custom["po_number"] != nil },
        "any_hazmat_line": { $0.invoice.lines.contains { $0.category == "hazmat" } },
        "lines_valid": { $0.invoice.lines.allSatisfy { $0.qty > 0 && $0.unitPrice >= 0 } },
        "overdue_net60": { $0.nowNanos > $0.invoice.issuedNanos + 60 * day },
        "big_net60_in_window": {
            $0.invoice.amount > 5_000_000 && $0.buyer.terms == "net60" && $0.nowNanos - $0.invoice.issuedNanos < 60 * day
        },
        "eu_euro": { ["DE", "FR", "NL", "BE"].contains($0.buyer.country) && $0.invoice.currency == "EUR" },
        "risk_or_gold": { $0.buyer.riskScore < 0.7 || $0.buyer.tier == "gold" },
        "line_count_cap": { $0.invoice.lines.count <= 50 },
        "large_line_present": { $0.invoice.lines.filter { $0.qty * $0.unitPrice > 100_000 }.count > 0 },
        "credit_headroom": { $0.invoice.amount + $0.buyer.outstanding <= $0.buyer.creditLimit },
        "po_reference_prefix": { $0.invoice.reference.utf8.starts(with: "PO-".utf8) },
        "due_on_weekend_berlin": {
            let seconds = Double($0.invoice.dueNanos / second)
            let local = seconds + Double(Handwritten.berlin.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)))
            let weekday = (Int64((local / 86_400).rounded(.down)) + 4) % 7
            return weekday == 0 || weekday == 6
        },
        "card_cap": { $0.invoice.amount >= 100_000 ? $0.invoice.method != "card" : true },
        "line_total_over": { $0.invoice.lines.map { $0.qty * $0.unitPrice }.contains { $0 > 1_000_000 } },
        "email_domain": { (try? Handwritten.email.firstMatch(in: $0.buyer.email)) != nil },
        "due_within_30_days": { $0.invoice.dueNanos - $0.nowNanos <= 30 * day },
        "priority_flag": { $0.invoice.custom["priority"] == "high" },
        "combined_checkout": {
            $0.invoice.currency == "EUR" && $0.invoice.amount <= $0.buyer.creditLimit - $0.buyer.outstanding
                && ["sepa", "card"].contains($0.invoice.method) && !$0.invoice.lines.contains { $0.category == "hazmat" }
        },
    ]
}
