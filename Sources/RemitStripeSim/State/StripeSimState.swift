import Crypto
import RemitCore

/// Everything the stand-in holds, in memory: PaymentIntents, idempotency records, the request
/// log, queued faults and the events it emitted. Tests read and steer it through ``StripeSim``.
public actor StripeSimState {
    /// An answer the stand-in gives: status, headers and JSON body.
    struct Answer: Sendable {
        var status: Int
        var body: String
        var headers: [(name: String, value: String)] = []
    }

    struct IdempotencyRecord {
        var endpoint: String
        var canonical: [String]
        var answer: Answer
    }

    let configuration: StripeSimConfiguration
    let clock: WallClock
    var intents: [String: SimPaymentIntent] = [:]
    private var intentOrder: [String] = []
    var idempotency: [String: IdempotencyRecord] = [:]
    private var requests: [RecordedStripeRequest] = []
    private var faults: [StripeSimFault]
    private var events: [StripeSimEvent] = []
    private var counter = 0
    /// Refunds made, in order, and the amount refunded per PaymentIntent.
    var refundObjects: [JSONValue] = []
    var refundedAmounts: [String: Int64] = [:]
    private let outbox: AsyncStream<StripeSimEvent>.Continuation
    /// The events to deliver, in order, for the webhook sender.
    nonisolated let pendingWebhooks: AsyncStream<StripeSimEvent>

    /// Creates empty state.
    public init(configuration: StripeSimConfiguration, clock: WallClock = .system) {
        self.configuration = configuration
        self.clock = clock
        self.faults = configuration.faults
        (pendingWebhooks, outbox) = AsyncStream.makeStream(of: StripeSimEvent.self)
    }

    // MARK: What tests read and steer

    /// Every request received, oldest first (at most `recordedRequestsMax`).
    public func recordedRequests() -> [RecordedStripeRequest] { requests }

    /// Every PaymentIntent, in creation order, as Stripe would show it now.
    public func paymentIntents() -> [JSONValue] { intentOrder.compactMap { intents[$0]?.json } }

    /// Every event emitted, oldest first, with its delivery result.
    public func emittedEvents() -> [StripeSimEvent] { events }

    /// Queues `fault` for a later request, after those already queued.
    public func inject(_ fault: StripeSimFault) { faults.append(fault) }

    /// Moves every `processing` PaymentIntent (an ACH debit) to its final state, as the bank
    /// network eventually does, and emits its `payment_intent.succeeded` or
    /// `payment_intent.payment_failed` event.
    ///
    /// - Returns: the ids moved, in creation order.
    @discardableResult
    public func settleProcessing() -> [String] {
        var moved: [String] = []
        for id in intentOrder {
            guard var intent = intents[id], intent.status == "processing", let method = intent.paymentMethod else { continue }
            switch method.behaviour {
            case .processThenSucceed:
                intent.status = "succeeded"
                intents[id] = intent
                emit("payment_intent.succeeded", intent)
            case let .processThenFail(code, message):
                intent.status = "requires_payment_method"
                intent.lastPaymentError = SimPaymentIntent.paymentError(type: "card_error", code: code, declineCode: nil, message: message, method: method)
                intents[id] = intent
                emit("payment_intent.payment_failed", intent)
            case .succeed, .decline:
                continue
            }
            moved.append(id)
        }
        return moved
    }

    // MARK: What the routes call

    func nextFault() -> StripeSimFault? { faults.isEmpty ? nil : faults.removeFirst() }

    func record(_ request: RecordedStripeRequest) {
        requests.append(request)
        if requests.count > configuration.limits.recordedRequestsMax { requests.removeFirst(requests.count - configuration.limits.recordedRequestsMax) }
    }

    func recordDelivery(eventID: String, status: Int?, error: String?) {
        guard let index = events.firstIndex(where: { $0.id == eventID }) else { return }
        events[index].deliveryStatus = status
        events[index].deliveryError = error
    }

    /// A new `req_…` id for an answer's `Request-Id`.
    func newRequestID() -> String { newID("req_") }

    /// `POST /v1/payment_intents`: replays, refuses a reused key, or validates and creates.
    func createPaymentIntent(_ form: FormBody, idempotencyKey: String?) -> Answer {
        idempotent("POST /v1/payment_intents", form, idempotencyKey: idempotencyKey) { () throws(StripeSimError) -> Answer in
            create(try CreateRequest.parse(form, limits: configuration.limits), idempotencyKey: idempotencyKey)
        }
    }

    /// Stripe's idempotency for a POST to `endpoint`: a known key replays its answer (marked
    /// `Idempotent-Replayed`) when the parameters are the same and is refused otherwise; a new
    /// key runs `perform` and keeps its answer. A request that `perform` refuses (validation)
    /// keeps nothing, as on Stripe.
    func idempotent(_ endpoint: String, _ form: FormBody, idempotencyKey: String?,
                    _ perform: () throws(StripeSimError) -> Answer) -> Answer {
        if let key = idempotencyKey, let record = idempotency[key] {
            guard record.endpoint == endpoint, record.canonical == form.canonical else {
                return Self.answer(StripeSimError(status: 400, type: "idempotency_error",
                                                  message: "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                                                      + "Try using a key other than '\(key)' if you meant to execute a different request."))
            }
            var replay = record.answer
            replay.headers.append(("Idempotent-Replayed", "true"))
            return replay
        }
        let answer: Answer
        do {
            answer = try perform()
        } catch {
            return Self.answer(error)
        }
        if let key = idempotencyKey { idempotency[key] = IdempotencyRecord(endpoint: endpoint, canonical: form.canonical, answer: answer) }
        return answer
    }

    /// `GET /v1/payment_intents/{id}`.
    func retrievePaymentIntent(id: String) -> Answer {
        guard let intent = intents[id] else {
            return Self.answer(StripeSimError(status: 404, type: "invalid_request_error", code: "resource_missing",
                                              message: "No such payment_intent: '\(id)'", param: "intent"))
        }
        return Answer(status: 200, body: JSONWriter.string(intent.json))
    }

    private func create(_ request: CreateRequest, idempotencyKey: String?) -> Answer {
        var intent = SimPaymentIntent(id: newID("pi_"), amount: request.amount, currency: request.currency, status: "requires_payment_method",
                                      created: clock.nowSeconds, request: request, idempotencyKey: idempotencyKey)
        defer { intents[intent.id] = intent; intentOrder.append(intent.id) }
        guard request.confirm, let method = request.paymentMethod else {
            if request.paymentMethod != nil { intent.status = "requires_confirmation" }
            return Answer(status: 200, body: JSONWriter.string(intent.json))
        }
        switch method.behaviour {
        case .succeed:
            intent.status = "succeeded"
            intent.latestCharge = newID("ch_")
            emit("payment_intent.succeeded", intent)
        case let .decline(code, declineCode, message):
            intent.lastPaymentError = SimPaymentIntent.paymentError(type: "card_error", code: code, declineCode: declineCode, message: message, method: method)
            intent.latestCharge = newID("ch_")
            emit("payment_intent.payment_failed", intent)
            return Self.answer(StripeSimError(status: 402, type: "card_error", code: code, declineCode: declineCode, message: message,
                                              paymentIntent: intent.json))
        case .processThenSucceed, .processThenFail:
            intent.status = "processing"
            intent.latestCharge = newID("py_")
            emit("payment_intent.processing", intent)
        }
        return Answer(status: 200, body: JSONWriter.string(intent.json))
    }

    /// Builds, signs, records and queues an event about `intent`.
    private func emit(_ type: String, _ intent: SimPaymentIntent) {
        let now = clock.nowSeconds
        let event = JSONValue.object([
            ("id", .string(newID("evt_"))),
            ("object", .string("event")),
            ("api_version", .string(configuration.apiVersion)),
            ("created", .int(now)),
            ("data", .object([("object", intent.json)])),
            ("livemode", .bool(false)),
            ("pending_webhooks", .int(configuration.webhookURL == nil ? 0 : 1)),
            ("request", .object([("id", .string(newID("req_"))), ("idempotency_key", .optional(intent.idempotencyKey))])),
            ("type", .string(type)),
        ])
        let payload = Array(JSONWriter.string(event).utf8)
        let header = WebhookSigning.header(payload: payload, timestamp: now, secrets: configuration.webhookSigningSecrets,
                                           includeV0: configuration.sendsV0Signature)
        let emitted = StripeSimEvent(id: event["id"]?.stringValue ?? "", type: type, payload: payload, signatureHeader: header)
        events.append(emitted)
        if configuration.webhookURL != nil { outbox.yield(emitted) }
    }

    /// An id with Stripe's prefix and 24 more characters, unique in this stand-in.
    func newID(_ prefix: String) -> String {
        counter += 1
        let digits = String(counter)
        return prefix + "Sim" + String(repeating: "0", count: max(0, 21 - digits.count)) + digits
    }

    static func answer(_ error: StripeSimError) -> Answer {
        Answer(status: error.status, body: JSONWriter.string(error.json))
    }

    /// Ends the webhook queue, so the sender stops.
    func finishWebhooks() { outbox.finish() }
}

extension WallClock {
    /// Now, in whole seconds since 1970.
    var nowSeconds: Int64 { nowMilliseconds / 1000 }
}
