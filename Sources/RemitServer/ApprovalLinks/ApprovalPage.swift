import HTTPTypes
import Hummingbird
import RemitCore
import RemitStore

/// The approval page's HTML. Every value from data is escaped.
enum ApprovalPage {
    static func render(approval: StoredApproval, context: JSONValue, token: String, notice: String?) -> Response {
        let invoice = context["invoice"]
        let payment = context["payment"]
        let amount = payment?["amount"]?.int64Value.flatMap { units in
            (try? Currency(code: payment?["currency"]?.stringValue ?? "")).map { Money(minorUnits: units, currency: $0).description }
        } ?? "?"
        let rows: [(String, String)] = [
            ("Amount", amount),
            ("Invoice", invoice?["number"]?.stringValue ?? "?"),
            ("Buyer", context["buyer"]?["name"]?.stringValue ?? "?"),
            ("Due", invoice?["due_date"]?.stringValue ?? "?"),
            ("PO", invoice?["po_number"]?.stringValue ?? "—"),
            ("Method", payment?["method"]?.stringValue ?? "?"),
            ("Approver", approval.approverEmail),
            ("Status", approval.status.rawValue),
        ]
        var body = "<h1>Payment approval</h1>"
        if let notice { body += "<p class=\"notice\">\(escape(notice))</p>" }
        body += "<table>" + rows.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined() + "</table>"
        if approval.status == .pending {
            body += """
            <form method="post" action="/approve/\(escape(token))">
            <label for="comment">Comment</label><textarea id="comment" name="comment" maxlength="2000"></textarea>
            <button type="submit" name="decision" value="approve">Approve</button>
            <button type="submit" name="decision" value="reject">Reject</button>
            </form>
            """
        } else {
            body += "<p>This approval is \(escape(approval.status.rawValue)); nothing more is needed from you.</p>"
        }
        return html(status: .ok, title: "Payment approval", body: body)
    }

    static func message(status: HTTPResponse.Status, title: String, text: String) -> Response {
        html(status: status, title: title, body: "<h1>\(escape(title))</h1><p>\(escape(text))</p>")
    }

    static func html(status: HTTPResponse.Status, title: String, body: String, style: String = "", allowingOwnScripts: Bool = false) -> Response {
        let page = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · Remit</title><style>
        body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
        table{border-collapse:collapse;width:100%}th{text-align:left;padding:.3rem 1rem .3rem 0;color:#57606a;font-weight:500}
        td{padding:.3rem 0}textarea{width:100%;min-height:4rem;margin:.5rem 0}button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}
        .notice{background:#dafbe1;padding:.5rem .8rem;border-radius:.3rem}\(style)</style></head><body>\(body)</body></html>
        """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
            + (allowingOwnScripts ? "; script-src 'self'" : "")
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}
