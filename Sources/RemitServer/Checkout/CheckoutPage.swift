import Hummingbird
import RemitCore
import RemitStore

/// The buyer's checkout page: plain HTML with a little CSS and one small script served by
/// Remit, nothing from other sites; labelled inputs; one column that works at phone width.
enum CheckoutPage {
    /// What the page shows about the session.
    struct Model {
        var token: String
        var supplier: String
        var invoice: Invoice
        var amount: Int64
        var netDays: Int
        var decision: JSONValue
        /// The session's `price` (`CheckoutService.priceJSON`).
        var price: JSONValue = .null
        var error: String?
        var fieldErrors: Set<String> = []
        var values: [String: String] = [:]
    }

    static let style = """
    .method{display:block;border:1px solid #d0d7de;border-radius:.4rem;padding:.6rem .8rem;margin:.5rem 0;cursor:pointer}
    .method.highlighted{border:2px solid #1f6feb;background:#f0f6ff}.badge{background:#1f6feb;color:#fff;border-radius:.3rem;
    padding:0 .4rem;font-size:.8rem;margin-left:.4rem}.why{display:block;color:#57606a;font-size:.9rem}
    fieldset{border:0;padding:0;margin:1rem 0}legend{font-weight:600}label.field{display:block;margin-top:.8rem}
    input[type=text]{width:100%;font-size:1rem;padding:.4rem;box-sizing:border-box}.error{color:#cf222e;font-weight:600}
    [aria-invalid=true]{border-color:#cf222e}button{width:100%;margin-top:1rem}
    """

    /// What paying now costs when checkout adjusts the amount: the discount (and until when the
    /// early-payment one holds) and the surcharge; empty when the buyer pays the amount itself.
    static func priceNotice(_ model: Model) -> String {
        guard let toPay = model.price["amount_to_pay"]?.int64Value, toPay != model.amount else { return "" }
        func money(_ units: Int64) -> String { ApprovalPage.escape(Money(minorUnits: units, currency: model.invoice.currency).description) }
        var text = "Paying now you are charged <strong id=\"amount-to-pay\">\(money(toPay))</strong>"
        var parts: [String] = []
        if let discount = model.price["discount_amount"]?.int64Value, discount > 0 {
            var part = "\(money(discount)) discount"
            if model.price["discount_source"]?.stringValue == "early_payment", let day = model.price["early_payment_discount"]?["pay_by"]?.stringValue {
                part += " for paying by \(ApprovalPage.escape(day)) (not with net terms)"
            }
            parts.append(part)
        }
        if let surcharge = model.price["surcharge_amount"]?.int64Value, surcharge > 0 { parts.append("\(money(surcharge)) surcharge") }
        if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
        return "<p class=\"notice\" id=\"price\" role=\"status\">\(text).</p>"
    }

    static func render(_ model: Model, status: HTTPResponse.Status = .ok) -> Response {
        let money = Money(minorUnits: model.amount, currency: model.invoice.currency).description
        var body = "<main><h1>Pay invoice \(ApprovalPage.escape(model.invoice.number))</h1>"
        body += "<p>\(ApprovalPage.escape(model.supplier)) asks you to pay <strong id=\"amount\">\(ApprovalPage.escape(money))</strong>.</p>"
        body += priceNotice(model)
        body += "<table><tr><th>Invoice</th><td>\(ApprovalPage.escape(model.invoice.number))</td></tr>"
        body += "<tr><th>Issued</th><td>\(model.invoice.issueDate)</td></tr><tr><th>Due</th><td>\(model.invoice.dueDate)</td></tr></table>"
        if case let .array(approvals)? = model.decision["injected_approvals"], !approvals.isEmpty {
            let quorum = approvals.compactMap { $0["quorum"]?.int64Value }.max() ?? 1
            body += "<p class=\"notice\" id=\"approval-notice\" role=\"status\">This payment needs the approval of \(quorum) "
                + "approver\(quorum == 1 ? "" : "s") at your company before any money moves. You confirm now; they are asked at once.</p>"
        }
        if let blocked = model.decision["blocked"]?["reason"]?.stringValue {
            body += "<p class=\"error\" role=\"alert\">This invoice cannot be paid here: \(ApprovalPage.escape(blocked))</p></main>"
            return ApprovalPage.html(status: status, title: "Pay \(model.invoice.number)", body: body, style: style)
        }
        body += "<form method=\"post\" action=\"/checkout/\(ApprovalPage.escape(model.token))\" id=\"checkout\" novalidate>"
        body += "<fieldset><legend>How would you like to pay?</legend>"
        for method in orderedMethods(model.decision) { body += methodHTML(method, model: model) }
        body += "</fieldset>"
        for field in requiredFields(model.decision) {
            let id = "field-\(field)"
            let invalid = model.fieldErrors.contains(field)
            body += "<label class=\"field\" for=\"\(ApprovalPage.escape(id))\">\(ApprovalPage.escape(label(forField: field))) (required)</label>"
            body += "<input type=\"text\" id=\"\(ApprovalPage.escape(id))\" name=\"field.\(ApprovalPage.escape(field))\" data-required=\"true\""
                + " value=\"\(ApprovalPage.escape(model.values[field] ?? ""))\" aria-invalid=\"\(invalid)\" autocomplete=\"off\">"
        }
        body += "<p id=\"error\" class=\"error\" role=\"alert\"\(model.error == nil ? " hidden" : "")>\(ApprovalPage.escape(model.error ?? ""))</p>"
        body += "<button type=\"submit\" id=\"confirm\">Confirm payment of \(ApprovalPage.escape(money))</button></form></main>"
        body += "<script src=\"/checkout.js\"></script>"
        return ApprovalPage.html(status: status, title: "Pay \(model.invoice.number)", body: body, style: style, allowingOwnScripts: true)
    }

    /// The offered methods, the highlighted (or default) one first, then in the decided order.
    static func orderedMethods(_ decision: JSONValue) -> [JSONValue] {
        guard case let .array(methods)? = decision["methods"] else { return [] }
        let offered = methods.filter { $0["visibility"]?.stringValue != "hidden" }
        let first = offered.filter { $0["highlighted"] == .bool(true) || $0["default"] == .bool(true) }
        return first + offered.filter { method in !first.contains(method) }
    }

    static func requiredFields(_ decision: JSONValue) -> [String] {
        guard case let .array(fields)? = decision["required_fields"] else { return [] }
        return fields.compactMap { $0["name"]?.stringValue }
    }

    static func methodHTML(_ method: JSONValue, model: Model) -> String {
        let code = method["method"]?.stringValue ?? ""
        let highlighted = method["highlighted"] == .bool(true)
        let isDefault = method["default"] == .bool(true)
        var label = method["label"]?.stringValue ?? code
        if code == "net_terms", model.netDays > 0 { label = "Net-\(model.netDays) settlement" }
        var html = "<label class=\"method\(highlighted ? " highlighted" : "")\" data-method=\"\(ApprovalPage.escape(code))\">"
        html += "<input type=\"radio\" name=\"method\" value=\"\(ApprovalPage.escape(code))\"\(isDefault ? " checked" : "")> "
        html += ApprovalPage.escape(label)
        if highlighted { html += "<span class=\"badge\">Recommended</span>" }
        if highlighted || isDefault { html += "<span class=\"why\">\(ApprovalPage.escape(reason(code: code, netDays: model.netDays)))</span>" }
        return html + "</label>"
    }

    /// Why a method is recommended, in words for the buyer (the rule's own description is
    /// written for the supplier).
    static func reason(code: String, netDays: Int) -> String {
        if code == "net_terms", netDays > 0 { return "Net-\(netDays) settlement: you are within your credit terms, nothing is charged today." }
        return "Recommended by your supplier for this invoice."
    }

    /// `cost_center` → `Cost center`.
    static func label(forField field: String) -> String {
        let words = field.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The page's only script: checks the form before it is sent, and sends it once.
    static let script = """
    (function () {
      var form = document.getElementById('checkout');
      if (!form) { return; }
      var sent = false;
      form.addEventListener('submit', function (event) {
        var error = document.getElementById('error');
        var missing = [];
        if (!form.querySelector('input[name=method]:checked')) { missing.push('a way to pay'); }
        Array.prototype.forEach.call(form.querySelectorAll('input[data-required]'), function (input) {
          var empty = input.value.trim() === '';
          input.setAttribute('aria-invalid', empty ? 'true' : 'false');
          if (empty) { missing.push(document.querySelector('label[for="' + input.id + '"]').textContent.replace(' (required)', '')); }
        });
        if (missing.length > 0) {
          event.preventDefault();
          error.textContent = 'Please fill in: ' + missing.join(', ') + '.';
          error.hidden = false;
          return;
        }
        if (sent) { event.preventDefault(); return; }
        sent = true;
        var button = document.getElementById('confirm');
        button.disabled = true;
        button.textContent = 'Paying…';
      });
    })();
    """
}
