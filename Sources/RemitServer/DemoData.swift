import RemitCore

/// The demo's buyers, schema and invoices, written as the API would receive them.
enum DemoData {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    static let tenantSchema = """
    {"fields": [{"key": "project", "label": "Project code", "type": "string", "pattern": "PRJ-[0-9]{4}", "applies_to": ["invoice", "payment"]}]}
    """

    static let buyers: [String] = [
        """
        {"name": "Northwind Traders", "industry": "424410", "country": "US", "currency": "USD", "external_reference": "CUST-1001",
         "credit_terms": {"net_days": 60, "credit_limit": 25000000},
         "departments": [
           {"code": "ENG", "name": "Engineering", "budget": {"amount": 10000000, "period": "quarterly"}, "approval_threshold": 2500000},
           {"code": "OPS", "name": "Operations", "budget": {"amount": 4000000, "period": "monthly"}, "approval_threshold": 1000000}],
         "approvers": [
           {"id": "apr_nw_cfo", "name": "Dana Whitfield", "email": "dana.whitfield@northwind.example", "roles": ["cfo"]},
           {"id": "apr_nw_eng", "name": "Luis Ortega", "email": "luis.ortega@northwind.example", "roles": ["department_head"], "department": "ENG"}],
         "custom_field_schema": {"fields": [
           {"key": "cost_center", "label": "Cost center", "type": "string", "required": true, "pattern": "CC-[0-9]{3}"},
           {"key": "gl_account", "label": "GL account", "type": "enum", "allowed_values": ["6100", "6200", "6300"], "applies_to": ["line"]}]}}
        """,
        """
        {"name": "Contoso GmbH", "industry": "334111", "country": "DE", "currency": "EUR", "external_reference": "CUST-2002",
         "credit_terms": {"net_days": 30, "credit_limit": 10000000, "early_payment_discount": {"discount_bps": 200, "within_days": 10}},
         "departments": [{"code": "IT", "name": "IT", "budget": {"amount": 5000000, "period": "annual"}, "approval_threshold": 500000}],
         "approvers": [{"id": "apr_co_ctl", "name": "Jonas Weber", "email": "j.weber@contoso.example", "roles": ["controller", "cfo"]}],
         "custom_field_schema": {"fields": [{"key": "purchase_requisition", "label": "Requisition", "type": "integer"}]}}
        """,
        """
        {"name": "Tanaka Seisakusho", "industry": "332710", "country": "JP", "currency": "JPY",
         "credit_terms": {"net_days": 45, "credit_limit": 30000000},
         "departments": [{"code": "MFG", "name": "Manufacturing", "budget": {"amount": 50000000, "period": "quarterly"}}],
         "approvers": [{"id": "apr_tk_cfo", "name": "Aiko Tanaka", "email": "aiko@tanaka.example", "roles": ["cfo"]}]}
        """,
        """
        {"name": "Acme Logistics", "industry": "484121", "country": "US", "currency": "USD",
         "credit_terms": {"net_days": 15, "credit_limit": 1500000},
         "departments": [{"code": "FLEET", "name": "Fleet", "budget": {"amount": 2000000, "period": "monthly"}, "approval_threshold": 750000}],
         "approvers": [{"id": "apr_ac_ctl", "name": "Sam Reed", "email": "sam.reed@acme.example", "roles": ["controller"], "department": "FLEET"}]}
        """,
    ]

    /// Twelve invoices cycling over the buyers (BUYER is replaced by each buyer's id in turn).
    static func invoices(today: CalendarDate) -> [String] {
        let currencies = ["USD", "EUR", "JPY", "USD"]
        let fields = [#"{"cost_center": "CC-104", "project": "PRJ-0001"}"#, #"{"purchase_requisition": 88123}"#, "{}", #"{"project": "PRJ-0042"}"#]
        let lineFields = [#", "custom_fields": {"gl_account": "6200"}"#, "", "", ""]
        return (0..<12).map { index in
            let buyer = index % 4
            let issued = today.adding(days: -7 * index)
            let amount = currencies[buyer] == "JPY" ? 480_000 + index * 10_000 : 125_000 + index * 37_550
            let costCenter = buyer == 0 && index % 8 == 4 ? fields[0].replacingOccurrences(of: "CC-104", with: "CC-221") : fields[buyer]
            return """
            {"buyer_id": "BUYER", "number": "INV-2026-\(1001 + index)", "currency": "\(currencies[buyer])", "issue_date": "\(issued)",
             "po_number": "PO-\(7700 + index)", "tax_rate_bps": \(buyer == 1 ? 1900 : 0), "custom_fields": \(costCenter),
             "lines": [{"description": "Consulting hours", "quantity": \(index % 3 + 1), "unit_amount": \(amount)\(lineFields[buyer])},
                       {"description": "Travel and expenses", "quantity": 1, "unit_amount": \(amount / 10)}]}
            """
        }
    }
}
