import Hummingbird
import RemitCore
import RemitStore

/// `/checkout/{token}`: the page the buyer pays on, and `/checkout.js`, its script. The signed
/// token is the only credential; it names one session and expires with it.
struct CheckoutPageRoutes {
    let api: APIContext
    let service: CheckoutService

    /// The largest form the page accepts.
    static let formBytesMax = 16 * 1024

    func register(on router: Router<RemitRequestContext>) {
        router.get("checkout.js") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: CheckoutPage.script)))
        }
        router.get("checkout/:token") { [service] _, context in
            let token = context.parameters.get("token") ?? ""
            return try await api.store.write { transaction -> Response in
                guard case let .success(id) = try await service.links.verify(token, in: transaction) else {
                    return try await Self.invalid(token, service: service, in: transaction)
                }
                let session = try await service.session(id, tenant: nil, in: transaction)
                return try await page(session, token: token, in: transaction)
            }
        }
        router.post("checkout/:token") { [service] request, context in
            let token = context.parameters.get("token") ?? ""
            var request = request
            let form = FormBody.parse(Array(buffer: try await request.collectBody(upTo: Self.formBytesMax)))
            var fields: [(key: String, value: JSONValue)] = []
            var values: [String: String] = [:]
            for (key, value) in form.sorted(by: { $0.key < $1.key }) where key.hasPrefix("field.") {
                let name = String(key.dropFirst("field.".count))
                values[name] = value
                if !value.trimmingCharacters(in: .whitespaces).isEmpty { fields.append((name, .string(value))) }
            }
            var members: [(key: String, value: JSONValue)] = [("custom_fields", .object(fields))]
            if let method = form["method"], !method.isEmpty { members.append(("method", .string(method))) }
            let body = JSONValue.object(members)
            let entered = values
            let payments = PaymentService(environment: api.environment, engine: api.engine)
            do {
                return try await api.store.write { transaction -> Response in
                    guard case let .success(id) = try await service.links.verify(token, in: transaction) else {
                        return try await Self.invalid(token, service: service, in: transaction)
                    }
                    let session = try await service.session(id, tenant: nil, locking: true, in: transaction)
                    // A second submit (a double click, a reload) finds the session paid: it shows
                    // the payment made by the first, and makes none.
                    guard session.status == .open else { return try await page(session, token: token, in: transaction) }
                    let (confirmed, _) = try await service.confirm(id, body: body, tenant: nil, payments: payments, in: transaction)
                    return try await page(confirmed, token: token, in: transaction)
                }
            } catch let error as RemitError {
                // The transaction rolled back: nothing was paid. Show the form again with why.
                return try await api.store.write { transaction -> Response in
                    guard case let .success(id) = try await service.links.verify(token, in: transaction) else {
                        return try await Self.invalid(token, service: service, in: transaction)
                    }
                    let session = try await service.session(id, tenant: nil, in: transaction)
                    let names = error.fieldErrors.map { $0.field.replacingOccurrences(of: "custom_fields.", with: "") }
                    let message = names.isEmpty ? error.message : "Please fill in: " + names.map(CheckoutPage.label(forField:)).joined(separator: ", ") + "."
                    return try await page(session, token: token, error: message, fieldErrors: Set(names), values: entered,
                                          status: .unprocessableContent, in: transaction)
                }
            }
        }
    }

    private func page(_ session: StoredCheckoutSession, token: String, error: String? = nil, fieldErrors: Set<String> = [],
                      values: [String: String] = [:], status: HTTPResponse.Status = .ok, in transaction: StoreTransaction) async throws -> Response {
        switch session.status {
        case .expired:
            return ApprovalPage.message(status: .gone, title: "This checkout link has expired",
                                        text: "Ask your supplier for a new link to pay this invoice.")
        case .confirmed:
            var payment: Payment?
            if let id = session.paymentID { payment = try await transaction.payment(id, tenant: session.tenantID) }
            let status = payment.map { $0.status == .awaitingApproval ? "waiting for your company's approval" : $0.status.rawValue.replacingOccurrences(of: "_", with: " ") }
            return ApprovalPage.html(status: .ok, title: "Payment confirmed", body: """
            <main><h1>Payment confirmed</h1><p class="notice" role="status" id="confirmation">Thank you. Your payment \
            <strong id="payment-id">\(ApprovalPage.escape(session.paymentID?.rawValue ?? ""))</strong> is \(ApprovalPage.escape(status ?? "recorded")).</p></main>
            """)
        case .open:
            guard let invoice = try await transaction.invoice(session.invoiceID, tenant: session.tenantID),
                  let buyer = try await transaction.buyer(session.buyerID, tenant: session.tenantID) else {
                throw StoreError.corrupt("checkout session \(session.id) lost its invoice or buyer")
            }
            let supplier = try await transaction.tenant(session.tenantID)?.name ?? "Your supplier"
            let price = service.priceJSON(session, invoice: invoice, terms: buyer.creditTerms.earlyPaymentDiscount)
            return CheckoutPage.render(CheckoutPage.Model(token: token, supplier: supplier, invoice: invoice, amount: session.amount,
                                                          netDays: buyer.creditTerms.netDays, decision: session.decision, price: price,
                                                          error: error, fieldErrors: fieldErrors, values: values), status: status)
        }
    }

    private static func invalid(_ token: String, service: CheckoutService, in transaction: StoreTransaction) async throws -> Response {
        if case .failure(.expired) = try await service.links.verify(token, in: transaction) {
            return ApprovalPage.message(status: .gone, title: "This checkout link has expired",
                                        text: "Ask your supplier for a new link to pay this invoice.")
        }
        return ApprovalPage.message(status: .notFound, title: "Link not valid", text: "This is not a valid checkout link.")
    }
}
