import Foundation
import Crypto
import HTTPTypes
import Hummingbird
import Logging
import RemitCore
import RemitStore

/// Runs a POST under its `Idempotency-Key`, following the IETF draft and Stripe's practice.
///
/// The pure `IdempotencyDecision` says whether a request claims the key, replays a completed
/// response, is refused as a reuse (422), or meets a request still running (409). The handler's
/// effect and the completed key with its response always commit in one transaction, so a crash
/// can never leave an effect without its key or a key without its effect. If the handler fails,
/// nothing it wrote commits and the key stays free: the client may retry with it.
///
/// Where "still running" is known differs by deployment:
/// - Several nodes on PostgreSQL: a short transaction first stores a `processing` claim that
///   every node sees; the effect transaction completes it. A claim whose holder crashed is taken
///   over after `claimTimeoutMilliseconds`.
/// - One node on SQLite (SQLite is single-node by construction): in-flight keys are held in
///   this process's memory, and the claim, the effect and the response commit in a single
///   transaction, one durable commit per request instead of two.
struct IdempotentExecutor: Sendable {
    let store: Store
    let policy: IdempotencyPolicy
    let environment: Environment
    /// In-process guard of running keys; nil when claims are shared through the database.
    let inFlight: InFlightKeys?

    /// The longest key accepted.
    static let keyLengthMax = 255

    func run(request: Request, body: [UInt8], tenant: TenantID, logger: Logger,
             handler: @escaping @Sendable (StoreTransaction) async throws -> JSONResponse) async throws -> Response {
        let key = try Self.key(from: request)
        let hash = Self.fingerprint(method: request.method.rawValue, path: request.uri.description, body: body)
        let claim = Claim(tenant: tenant, key: key, hash: hash, token: environment.ids.secret(prefix: "", byteCount: 16),
                          now: environment.clock.nowMilliseconds, policy: policy)
        let outcome: Outcome
        if let inFlight {
            guard await inFlight.enter(tenant: tenant, key: key) else { throw Self.inUse }
            do {
                outcome = try await runInOneTransaction(claim, handler)
                await inFlight.leave(tenant: tenant, key: key)
            } catch {
                await inFlight.leave(tenant: tenant, key: key)
                throw error
            }
        } else {
            outcome = try await runWithSharedClaim(claim, handler)
        }
        switch outcome {
        case let .replayed(stored):
            logger.debug("idempotent replay", metadata: ["idempotency.key": "\(key)"])
            return JSONResponse.response(stored, replayed: true)
        case let .executed(response):
            return response.response
        }
    }

    private enum Outcome: Sendable {
        case replayed(StoredResponse)
        case executed(JSONResponse)
    }

    private func runInOneTransaction(_ claim: Claim, _ handler: @escaping @Sendable (StoreTransaction) async throws -> JSONResponse) async throws -> Outcome {
        try await store.write { transaction in
            switch try await claim.take(in: transaction) {
            case let .replay(stored)?: return .replayed(stored)
            case .mismatch?: throw Self.reused
            case .inProgress?, nil: throw Self.inUse
            case .claim?, .takeOver?: return .executed(try await complete(claim, handler, in: transaction))
            }
        }
    }

    private func runWithSharedClaim(_ claim: Claim, _ handler: @escaping @Sendable (StoreTransaction) async throws -> JSONResponse) async throws -> Outcome {
        var decision: IdempotencyDecision?
        // Retry when another node raced us between reading the key and inserting the claim.
        for _ in 0..<3 where decision == nil {
            decision = try await store.write { try await claim.take(in: $0) }
        }
        switch decision {
        case let .replay(stored)?: return .replayed(stored)
        case .mismatch?: throw Self.reused
        case .inProgress?, nil: throw Self.inUse
        case .claim?, .takeOver?: break
        }
        do {
            return .executed(try await store.write { try await complete(claim, handler, in: $0) })
        } catch {
            try? await store.write { try await $0.releaseIdempotencyClaim(tenant: claim.tenant, key: claim.key, lockToken: claim.token) }
            throw error
        }
    }

    private func complete(_ claim: Claim, _ handler: @Sendable (StoreTransaction) async throws -> JSONResponse,
                          in transaction: StoreTransaction) async throws -> JSONResponse {
        let response = try await handler(transaction)
        guard try await transaction.completeIdempotencyClaim(tenant: claim.tenant, key: claim.key, lockToken: claim.token, response: response.stored) else {
            throw RemitError(.idempotencyKeyInUse, "This request took longer than the claim timeout and another request took over its Idempotency-Key.")
        }
        return response
    }

    static let inUse = RemitError(.idempotencyKeyInUse, "A request with this Idempotency-Key is still being processed; retry later.")
    static let reused = RemitError(.idempotencyKeyReused, "This Idempotency-Key was used with a different request; use a new key.")

    /// One request's claim on its key.
    struct Claim: Sendable {
        let tenant: TenantID
        let key: String
        let hash: String
        let token: String
        let record: IdempotencyRecord

        init(tenant: TenantID, key: String, hash: String, token: String, now: Int64, policy: IdempotencyPolicy) {
            self.tenant = tenant
            self.key = key
            self.hash = hash
            self.token = token
            record = IdempotencyRecord(state: .processing, requestHash: hash, lockToken: token,
                                       lockedUntil: now + policy.claimTimeoutMilliseconds, response: nil,
                                       createdAt: now, expiresAt: now + policy.retentionMilliseconds)
        }

        /// Reads the key, decides, and stores the claim when the decision is to run; nil when
        /// another request changed the key between the read and the write.
        func take(in transaction: StoreTransaction) async throws -> IdempotencyDecision? {
            let existing = try await transaction.idempotencyRecord(tenant: tenant, key: key)
            let decision = IdempotencyDecision.decide(existing: existing, requestHash: hash, now: record.createdAt)
            switch decision {
            case .claim:
                return try await transaction.insertIdempotencyClaim(tenant: tenant, key: key, record: record) ? decision : nil
            case let .takeOver(previous):
                return try await transaction.replaceIdempotencyClaim(tenant: tenant, key: key, previousToken: previous, record: record) ? decision : nil
            case .replay, .inProgress, .mismatch:
                return decision
            }
        }
    }

    /// The key from the header: a bare token or an RFC 8941 string in double quotes.
    static func key(from request: Request) throws -> String {
        guard var key = request.headers[.idempotencyKey] else {
            throw RemitError(.idempotencyKeyMissing, "Every POST needs an Idempotency-Key header, such as a UUID you generate per operation.")
        }
        if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
        guard !key.isEmpty, key.utf8.count <= keyLengthMax, key.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw RemitError(.invalidRequest, "The Idempotency-Key must be 1 to \(keyLengthMax) visible ASCII characters.")
        }
        return key
    }

    /// SHA-256 over method, target and body: "the same request" means these three are equal.
    static func fingerprint(method: String, path: String, body: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("\(method) \(path)\n".utf8))
        hasher.update(data: body)
        return Hex.encode(hasher.finalize())
    }
}
