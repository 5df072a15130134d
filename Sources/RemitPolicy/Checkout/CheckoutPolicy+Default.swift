import RemitCore

extension CheckoutPolicy {
    /// The policy a tenant starts with: the two rules every finance team writes first, in the
    /// same JSON language as any other policy, so it round-trips through ``parse(_:limits:knownRoles:knownFields:)``
    /// (with `cfo` among the known roles).
    ///
    /// 1. `net-terms-in-good-standing`: a buyer on net terms, inside its credit window and with
    ///    enough credit left for the invoice, is steered to net terms: the instant methods
    ///    (`card`, `rtp`, `virtual_card`) are hidden and `net_terms` is highlighted and the default.
    ///    `when`: `context.credit.net_days > 0 && context.credit.within_window && context.credit.available >= invoice.total`
    /// 2. `over-department-threshold`: an invoice above its department's approval threshold
    ///    needs two approvals in parallel: the department's approver and the CFO.
    ///    `when`: `context.budget.threshold > 0 && invoice.total > context.budget.threshold`
    ///
    /// The buyer context these rules read (provided by the context builder):
    ///
    /// | variable | type | meaning |
    /// | --- | --- | --- |
    /// | `context.credit.net_days` | int | the buyer's payment terms in days (0: no terms) |
    /// | `context.credit.within_window` | bool | the buyer has no invoice overdue beyond its terms |
    /// | `context.credit.exposure` | int | open receivables plus payments in flight, minor units |
    /// | `context.credit.limit` | int | the buyer's credit limit, minor units |
    /// | `context.credit.available` | int | `limit − exposure`, minor units |
    /// | `context.budget.threshold` | int | the invoice department's approval threshold (0 if none) |
    /// | `context.budget.left` | int | the department's budget left this period, minor units |
    /// | `context.budget.department` | string | the department ("" if none) |
    /// | `context.po.state` | string | `none`, `created`, `approved`, `closed` or `received` |
    /// | `context.history.count` | int | payments made so far |
    /// | `context.history.average_days_to_pay` | double | mean days from issue to payment |
    /// | `context.history.on_time_share` | double | share of payments on time, 0 to 1 |
    /// | `invoice.total` | int | the invoice total, minor units |
    /// | `invoice.number` | string | the invoice number |
    /// | `invoice.department` | string | the buyer department it bills ("" if none) |
    /// | `buyer.credit_terms.net_days` | int | the terms on the buyer record |
    /// | `buyer.credit_terms.credit_limit` | int | the credit limit on the buyer record |
    public static let builtInDefault: CheckoutPolicy = {
        do {
            return try parse(JSONParser.parse(builtInDefaultJSON), knownRoles: ["cfo"], knownFields: [])
        } catch {
            preconditionFailure("the built-in default policy does not parse: \(error)")
        }
    }()

    /// The source of ``builtInDefault``.
    public static let builtInDefaultJSON = """
    {"rules": [
      {"id": "net-terms-in-good-standing",
       "description": "Buyer on net terms, inside its credit window and under its credit limit: steer to net terms",
       "when": "context.credit.net_days > 0 && context.credit.within_window && context.credit.available >= invoice.total",
       "then": [
         {"type": "hide_methods", "methods": ["card", "rtp", "virtual_card"]},
         {"type": "highlight_method", "method": "net_terms"},
         {"type": "set_default_method", "method": "net_terms"}
       ]},
      {"id": "over-department-threshold",
       "description": "Invoice above its department's approval threshold: department approver and CFO approve",
       "when": "context.budget.threshold > 0 && invoice.total > context.budget.threshold",
       "then": [
         {"type": "require_approval", "quorum": 2, "approvers": [{"department": true}, {"role": "cfo"}], "order": "parallel"}
       ]}
    ]}
    """
}
