import RemitConnectors
import RemitCore
import RemitPolicy
import RemitStore
import RemitWorkflow

/// Signal sources and inbound signals: verifies a signal's Standard Webhooks signature with its
/// source's secrets, de-duplicates it by `webhook-id`, applies it (buyer facts, waiting runs)
/// and records it with what it changed, all in one transaction.
struct SignalService: Sendable {
    /// How long the previous secret of a source is still accepted after a rotation.
    static let previousSecretGraceMilliseconds: Int64 = 24 * 3_600_000

    let environment: Environment
    let delivery: SignalDelivery
    let checkout: CheckoutService

    /// Creates a source (`{"name": …}`); returns it with its new secret, shown this once.
    func createSource(_ body: JSONValue, tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONValue {
        var errors: [FieldError] = []
        guard var reader = JSONObjectReader(body, path: "", errors: &errors) else { throw RemitError.validation(errors) }
        let name = reader.string("name", required: true, maxLength: 200)
        reader.finish()
        errors += reader.errors
        guard let name, errors.isEmpty else { throw RemitError.validation(errors) }
        let now = environment.clock.nowMilliseconds
        let source = StoredSignalSource(id: environment.ids.secret(prefix: "src_", byteCount: 12), tenantID: tenant, name: name,
                                        secret: WebhookSecret.generate(using: environment.ids).serialized, createdAt: now, updatedAt: now)
        try await transaction.insertSignalSource(source)
        return Self.json(source, showingSecret: true, now: now)
    }

    /// Gives source `id` a new secret; the old one is accepted for another 24 hours.
    func rotateSecret(of id: String, tenant: TenantID, in transaction: StoreTransaction) async throws -> JSONValue {
        guard var source = try await transaction.signalSource(id, tenant: tenant) else { throw RemitError.notFound("signal source", id) }
        let now = environment.clock.nowMilliseconds
        source.previousSecret = source.secret
        source.previousSecretUntil = now + Self.previousSecretGraceMilliseconds
        source.secret = WebhookSecret.generate(using: environment.ids).serialized
        source.updatedAt = now
        try await transaction.updateSignalSourceSecrets(source)
        return Self.json(source, showingSecret: true, now: now)
    }

    static func json(_ source: StoredSignalSource, showingSecret: Bool, now: Int64) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(source.id)), ("object", .string("signal_source")), ("name", .string(source.name)),
            ("url", .string("/v1/signals/\(source.id)")),
            ("previous_secret_accepted_until", source.acceptedSecrets(now: now).count > 1
                ? .string(Timestamp.rfc3339(milliseconds: source.previousSecretUntil ?? now)) : .null),
            ("created_at", .string(Timestamp.rfc3339(milliseconds: source.createdAt))),
        ]
        if showingSecret { members.append(("secret", .string(source.secret))) }
        return .object(members)
    }

    /// What receiving a signal did.
    struct Received: Sendable {
        var signal: StoredSignal
        /// The same `webhook-id` had arrived before; nothing was applied again.
        var duplicate: Bool
    }

    /// Verifies, de-duplicates, applies and records one inbound signal. A bad or missing
    /// signature is `unauthorized` and stores nothing; a known type with a bad payload is a
    /// validation error and stores nothing; an unknown type is stored as `ignored`.
    func receive(source sourceID: String, body: [UInt8], header: (String) -> String?, in transaction: StoreTransaction) async throws -> Received {
        let now = environment.clock.nowMilliseconds
        // An unknown source answers like a bad signature: nobody learns which ids exist.
        guard let source = try await transaction.signalSource(sourceID, tenant: nil) else { throw Self.unauthorized }
        let secrets = source.acceptedSecrets(now: now).compactMap { try? WebhookSecret($0) }
        guard !secrets.isEmpty else { throw Self.unauthorized }
        let verified: VerifiedWebhook
        do {
            verified = try WebhookVerifier(secrets: secrets, clock: environment.clock).verify(body: body, header: header)
        } catch let error as ConnectorError {
            throw RemitError(.unauthorized, "The signal's signature does not verify: \(error.message)")
        }
        if let earlier = try await transaction.signal(source: source.id, webhookID: verified.id) {
            return Received(signal: earlier, duplicate: true)
        }
        let signal = try Signal.parse(try JSONParser.parse(body))
        let id = environment.ids.secret(prefix: "sig_", byteCount: 12)
        var stored = StoredSignal(id: id, tenantID: source.tenantID, sourceID: source.id, webhookID: verified.id, type: signal.typeName,
                                  buyerID: signal.buyerID, data: signal.data, status: signal.isKnown ? .applied : .ignored,
                                  changes: .object([]), sentAt: verified.timestamp * 1_000, receivedAt: now)
        // Recorded first, so the buyer context that re-decides checkout sessions sees it.
        try await transaction.insertSignal(stored)
        if signal.isKnown {
            stored.changes = .object(try await apply(signal, id: id, source: source, in: transaction))
            try await transaction.setSignalChanges(id, changes: stored.changes)
        }
        return Received(signal: stored, duplicate: false)
    }

    static let unauthorized = RemitError(.unauthorized, "The signal's source or signature is not valid.")

    /// Applies a known signal: the buyer's facts it changes, and the runs waiting for it.
    private func apply(_ signal: Signal, id: String, source: StoredSignalSource,
                       in transaction: StoreTransaction) async throws -> [(key: String, value: JSONValue)] {
        let tenant = source.tenantID
        guard let buyerText = signal.buyerID, let buyerID = BuyerID(validating: buyerText),
              var buyer = try await transaction.buyer(buyerID, tenant: tenant) else {
            throw RemitError.validation([FieldError(field: "data.buyer_id", rule: "reference", message: "is not one of the tenant's buyers")])
        }
        var changes: [(key: String, value: JSONValue)] = []
        if signal.type == .creditTermsUpdated, let netDays = signal.data["net_days"]?.int64Value,
           let limit = signal.data["credit_limit"]?.int64Value {
            let before = buyer.creditTerms
            buyer.creditTerms.netDays = Int(netDays)
            buyer.creditTerms.creditLimit = limit
            buyer.updatedAt = environment.clock.nowMilliseconds
            try await transaction.updateBuyer(buyer, tenant: tenant)
            changes.append(("credit_terms", .object([
                ("before", .object([("net_days", .int(Int64(before.netDays))), ("credit_limit", .int(before.creditLimit))])),
                ("after", .object([("net_days", .int(netDays)), ("credit_limit", .int(limit))])),
            ])))
        }
        let redecided = try await checkout.redecideOpenSessions(buyer: buyer.id, tenant: tenant, in: transaction)
        changes.append(("checkout_sessions_redecided", .strings(redecided)))
        let delivered = try await delivery.deliver(signal.filterValue(id: id, source: source.id), tenant: tenant, in: transaction)
        changes.append(("runs_woken", .strings(delivered.woken)))
        changes.append(("runs_still_waiting", .int(Int64(delivered.stillWaiting))))
        return changes
    }
}
