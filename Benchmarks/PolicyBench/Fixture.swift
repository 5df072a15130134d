import RemitCore
import RemitPolicy

/// The benchmark's policy and buyer profiles.
enum Fixture {
    static let policyJSON = """
    {"rules": [
      {"id": "net-terms-in-good-standing", "description": "Net terms buyer in good standing",
       "when": "context.credit.net_days > 0 && context.credit.within_window && context.credit.available >= invoice.total",
       "then": [{"type": "hide_methods", "methods": ["card", "rtp", "virtual_card"]}, {"type": "highlight_method", "method": "net_terms"}, {"type": "set_default_method", "method": "net_terms"}]},
      {"id": "over-department-threshold", "description": "Department threshold",
       "when": "context.budget.threshold > 0 && invoice.total > context.budget.threshold",
       "then": [{"type": "require_approval", "quorum": 2, "approvers": [{"department": true}, {"role": "cfo"}], "order": "parallel"}]},
      {"id": "no-terms-hide-net", "when": "context.credit.net_days == 0", "then": [{"type": "hide_methods", "methods": ["net_terms"]}]},
      {"id": "outside-window-hide-net", "when": "!context.credit.within_window", "then": [{"type": "hide_methods", "methods": ["net_terms"]}, {"type": "notify", "channel": "slack", "template": "{{buyer.id}} paid outside its window"}]},
      {"id": "over-limit", "when": "context.credit.available < invoice.total", "then": [{"type": "hide_methods", "methods": ["net_terms"]}, {"type": "highlight_method", "method": "ach_debit"}]},
      {"id": "large-invoice-wire", "when": "invoice.total >= 5000000", "then": [{"type": "show_methods", "methods": ["wire"]}, {"type": "highlight_method", "method": "wire"}]},
      {"id": "small-invoice-no-wire", "when": "invoice.total < 50000", "then": [{"type": "hide_methods", "methods": ["wire"]}]},
      {"id": "card-surcharge", "when": "invoice.total > 100000 && context.credit.net_days == 0", "then": [{"type": "surcharge", "bps": 150}]},
      {"id": "early-payer-discount", "when": "context.history.count >= 10 && context.history.on_time_share >= 0.95", "then": [{"type": "discount", "bps": 100}]},
      {"id": "slow-payer", "when": "context.history.average_days_to_pay > 75.0", "then": [{"type": "hide_methods", "methods": ["net_terms"]}, {"type": "notify", "channel": "email", "template": "Slow payer {{buyer.id}}"}]},
      {"id": "po-required", "when": "context.po.state == 'none' && invoice.total > 1000000", "then": [{"type": "require_fields", "fields": ["po_number"]}]},
      {"id": "po-not-received", "when": "context.po.state in ['created', 'approved'] && invoice.total > 2000000", "then": [{"type": "require_approval", "approvers": [{"role": "procurement"}]}]},
      {"id": "po-closed-block", "when": "context.po.state == 'closed' && invoice.total > 0", "then": [{"type": "block", "reason": "The purchase order is closed; contact your buyer."}]},
      {"id": "budget-low", "when": "context.budget.department != '' && context.budget.left < invoice.total", "then": [{"type": "require_approval", "approvers": [{"role": "controller"}]}, {"type": "notify", "channel": "webhook", "template": "budget low"}]},
      {"id": "cost-center", "when": "invoice.department != ''", "then": [{"type": "require_fields", "fields": ["cost_center"]}]},
      {"id": "eu-sepa", "when": "invoice.currency == 'EUR'", "then": [{"type": "show_methods", "methods": ["sepa_credit"]}, {"type": "set_default_method", "method": "sepa_credit"}]},
      {"id": "usd-no-sepa", "when": "invoice.currency == 'USD'", "then": [{"type": "hide_methods", "methods": ["sepa_credit"]}]},
      {"id": "gl-code-engineering", "when": "invoice.department.startsWith('ENG')", "then": [{"type": "require_fields", "fields": ["gl_code"]}]},
      {"id": "new-buyer", "when": "context.history.count < 3", "then": [{"type": "hide_methods", "methods": ["net_terms", "ach_debit"]}]},
      {"id": "virtual-card-large", "when": "invoice.total > 2500000", "then": [{"type": "hide_methods", "methods": ["virtual_card"]}]},
      {"id": "rtp-small", "when": "invoice.total <= 1000000 && context.history.on_time_share > 0.8", "then": [{"type": "show_methods", "methods": ["rtp"]}]},
      {"id": "high-exposure", "when": "context.credit.limit > 0 && context.credit.exposure * 10 > context.credit.limit * 9", "then": [{"type": "notify", "channel": "slack", "template": "exposure above 90%"}]},
      {"id": "buyer-terms-mismatch", "when": "buyer.credit_terms.net_days != context.credit.net_days", "then": [{"type": "notify", "channel": "webhook", "template": "terms changed"}]},
      {"id": "year-end", "when": "now > timestamp('2026-12-15T00:00:00Z') && invoice.total > 500000", "then": [{"type": "require_approval", "approvers": [{"role": "cfo"}]}]},
      {"id": "huge-invoice", "when": "invoice.total > 50000000", "then": [{"type": "require_approval", "quorum": 2, "approvers": [{"role": "cfo"}, {"role": "controller"}], "order": "sequential"}]}
    ]}
    """

    static func inputs() throws -> [DecisionInput] {
        let now: Int64 = 1_796_000_000_000
        let profiles: [(netDays: Int, window: Bool, limit: Int64, exposure: Int64, threshold: Int64, left: Int64, department: String,
                        po: String, count: Int, days: Double, onTime: Double, total: Int64, currency: String)] = [
            (60, true, 50_000_000, 10_000_000, 2_000_000, 10_000_000, "ENG-PLATFORM", "approved", 40, 52.0, 0.97, 1_250_000, "USD"),
            (30, true, 5_000_000, 4_500_000, 1_000_000, 500_000, "OPS", "created", 12, 38.5, 0.85, 3_400_000, "USD"),
            (0, true, 0, 0, 0, 0, "", "none", 2, 0.0, 0.0, 85_000, "USD"),
            (45, false, 20_000_000, 19_000_000, 0, 0, "", "received", 25, 81.0, 0.6, 7_800_000, "EUR"),
        ]
        return try profiles.map { p in
            let context = try JSONParser.parse("""
            {"credit": {"net_days": \(p.netDays), "within_window": \(p.window), "exposure": \(p.exposure), "limit": \(p.limit), "available": \(p.limit - p.exposure)},
             "budget": {"threshold": \(p.threshold), "left": \(p.left), "department": "\(p.department)"},
             "po": {"state": "\(p.po)"},
             "history": {"count": \(p.count), "average_days_to_pay": \(p.days), "on_time_share": \(p.onTime)}}
            """)
            let invoice = try JSONParser.parse("""
            {"id": "inv_01", "number": "INV-2026-0042", "total": \(p.total), "currency": "\(p.currency)", "department": "\(p.department)",
             "due_date": "2026-12-31", "po_number": "PO-7781", "custom_fields": {"project": "atlas"}}
            """)
            let buyer = try JSONParser.parse("""
            {"id": "buy_01", "name": "Acme Manufacturing", "credit_terms": {"net_days": \(p.netDays), "credit_limit": \(p.limit)}, "country": "US"}
            """)
            return DecisionInput(buyer: buyer, invoice: invoice, context: context, now: now, amount: p.total)
        }
    }
}
