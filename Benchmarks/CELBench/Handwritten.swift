import Foundation
import RemitCEL

/// The benchmark policies written by hand in Swift over the same bindings: the floor CEL is
/// measured against. They read the same dynamic values a CEL program reads, so the gap is
/// the cost of interpretation, not of data access.
enum Handwritten {
    typealias Policy = @Sendable ([String: CELValue]) -> Bool

    static func map(_ value: CELValue?) -> CELMap? {
        if case .map(let m)? = value { return m }
        return nil
    }

    static func int(_ value: CELValue?) -> Int64 {
        if case .int(let i)? = value { return i }
        return 0
    }

    static func string(_ value: CELValue?) -> String {
        if case .string(let s)? = value { return s }
        return ""
    }

    static func double(_ value: CELValue?) -> Double {
        if case .double(let d)? = value { return d }
        return 0
    }

    static func lines(_ invoice: CELMap?) -> [CELMap] {
        guard case .list(let l)? = invoice?["lines"] else { return [] }
        return l.compactMap { map($0) }
    }

    static func nanos(_ value: CELValue?) -> Int128 {
        if case .timestamp(let t)? = value { return t.nanosecondsSinceEpoch }
        return 0
    }

    static let day: Int128 = 86_400 * 1_000_000_000
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    // Regex is not Sendable; the benchmark only reads it, from one thread.
    nonisolated(unsafe) static let email = try! Regex("^[^@]+@example\\.com$")

    static let policies: [String: Policy] = [
        "amount_threshold": { b in int(map(b["invoice"])?["amount"]) > 5_000_000 },
        "method_allowed": { b in ["sepa", "ach", "wire"].contains(string(map(b["invoice"])?["method"])) },
        "has_po_number": { b in map(map(b["invoice"])?["custom"])?["po_number"] != nil },
        "any_hazmat_line": { b in lines(map(b["invoice"])).contains { string($0["category"]) == "hazmat" } },
        "lines_valid": { b in lines(map(b["invoice"])).allSatisfy { int($0["qty"]) > 0 && int($0["unit_price"]) >= 0 } },
        "overdue_net60": { b in nanos(b["now"]) > nanos(map(b["invoice"])?["issued"]) + 60 * day },
        "big_net60_in_window": { b in
            let invoice = map(b["invoice"])
            return int(invoice?["amount"]) > 5_000_000 && string(map(b["buyer"])?["terms"]) == "net60"
                && nanos(b["now"]) - nanos(invoice?["issued"]) < 60 * day
        },
        "eu_euro": { b in
            ["DE", "FR", "NL", "BE"].contains(string(map(b["buyer"])?["country"]))
                && string(map(b["invoice"])?["currency"]) == "EUR"
        },
        "risk_or_gold": { b in
            let buyer = map(b["buyer"])
            return double(buyer?["risk_score"]) < 0.7 || string(buyer?["tier"]) == "gold"
        },
        "line_count_cap": { b in lines(map(b["invoice"])).count <= 50 },
        "large_line_present": { b in
            lines(map(b["invoice"])).filter { int($0["qty"]) * int($0["unit_price"]) > 100_000 }.count > 0
        },
        "credit_headroom": { b in
            let buyer = map(b["buyer"])
            return int(map(b["invoice"])?["amount"]) + int(buyer?["outstanding"]) <= int(buyer?["credit_limit"])
        },
        "po_reference_prefix": { b in string(map(b["invoice"])?["reference"]).utf8.starts(with: "PO-".utf8) },
        "due_on_weekend_berlin": { b in
            let seconds = Double(nanos(map(b["invoice"])?["due"]) / 1_000_000_000)
            let date = Date(timeIntervalSince1970: seconds)
            let local = seconds + Double(berlin.secondsFromGMT(for: date))
            let weekday = (Int64((local / 86_400).rounded(.down)) + 4) % 7
            return weekday == 0 || weekday == 6
        },
        "card_cap": { b in
            let invoice = map(b["invoice"])
            return int(invoice?["amount"]) >= 100_000 ? string(invoice?["method"]) != "card" : true
        },
        "line_total_over": { b in
            lines(map(b["invoice"])).map { int($0["qty"]) * int($0["unit_price"]) }.contains { $0 > 1_000_000 }
        },
        "email_domain": { b in (try? email.firstMatch(in: string(map(b["buyer"])?["email"]))) != nil },
        "due_within_30_days": { b in nanos(map(b["invoice"])?["due"]) - nanos(b["now"]) <= 30 * day },
        "priority_flag": { b in
            let custom = map(map(b["invoice"])?["custom"])
            return custom?["priority"] != nil && string(custom?["priority"]) == "high"
        },
        "combined_checkout": { b in
            let invoice = map(b["invoice"])
            let buyer = map(b["buyer"])
            return string(invoice?["currency"]) == "EUR"
                && int(invoice?["amount"]) <= int(buyer?["credit_limit"]) - int(buyer?["outstanding"])
                && ["sepa", "card"].contains(string(invoice?["method"]))
                && !lines(invoice).contains { string($0["category"]) == "hazmat" }
        },
    ]
}
