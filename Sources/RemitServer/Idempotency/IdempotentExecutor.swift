import Crypto
import HTTPTypes
import Hummingbird
import Logging
import RemitCore
import RemitStore

/// Runs a POST under its `Idempotency-Key`, following the IETF draft and Stripe's practice.
///
/// 1. A short transaction claims the key (or finds it completed, in use, or reused with
///    another request) using the pure `IdempotencyDecision`.
/// 2. The handler's effect and the completed key with its response commit in one transaction,
///    so a crash can never leave an effect without its key or a key without its effect.
/// 3. If the handler fails, nothing it wrote commits and the claim is released: the client
///    may retry with the same key.
struct IdempotentExecutor: Sendable {
    let store: Store
    let policy: IdempotencyPolicy
    let environment: Environment

    /// The longest key accepted.
    static let keyLengthMax = 255

    func run(request: Request, body: [UInt8], tenant: TenantID, logger: Logger,
             handler: @escaping @Sendable (StoreTransaction) async throws -> JSONResponse) async throws -> Response {
        let key = try Self.key(from: request)
        let hash = Self.fingerprint(method: request.method.rawValue, path: request.uri.description, body: body)
        let token = environment.ids.secret(prefix: "", byteCount: 16)
        switch try await claim(tenant: tenant, key: key, hash: hash, token: token) {
        case let .replay(stored):
            logger.debug("idempotent replay", metadata: ["idempotency.key": "\(key)"])
            return JSONResponse.response(stored, replayed: true)
        case .inProgress:
            throw RemitError(.idempotencyKeyInUse, "A request with this Idempotency-Key is still being processed; retry later.")
        case .mismatch:
            throw RemitError(.idempotencyKeyReused, "This Idempotency-Key was used with a different request; use a new key.")
        case .claim, .takeOver:
            break
        }
        do {
            let response = try await store.write { transaction in
                let response = try await handler(transaction)
                guard try await transaction.completeIdempotencyClaim(tenant: tenant, key: key, lockToken: token, response: response.stored) else {
                    throw RemitError(.idempotencyKeyInUse, "This request took longer than the claim timeout and another request took over its Idempotency-Key.")
                }
                return response
            }
            return response.response
        } catch {
            try? await store.write { try await $0.releaseIdempotencyClaim(tenant: tenant, key: key, lockToken: token) }
            throw error
        }
    }

    /// Claims the key, retrying when two requests race for it.
    private func claim(tenant: TenantID, key: String, hash: String, token: String) async throws -> IdempotencyDecision {
        let now = environment.clock.nowMilliseconds
        let record = IdempotencyRecord(state: .processing, requestHash: hash, lockToken: token,
                                       lockedUntil: now + policy.claimTimeoutMilliseconds, response: nil,
                                       createdAt: now, expiresAt: now + policy.retentionMilliseconds)
        for _ in 0..<3 {
            let outcome = try await store.write { transaction -> IdempotencyDecision? in
                let existing = try await transaction.idempotencyRecord(tenant: tenant, key: key)
                let decision = IdempotencyDecision.decide(existing: existing, requestHash: hash, now: now)
                switch decision {
                case .claim:
                    return try await transaction.insertIdempotencyClaim(tenant: tenant, key: key, record: record) ? decision : nil
                case let .takeOver(previous):
                    return try await transaction.replaceIdempotencyClaim(tenant: tenant, key: key, previousToken: previous, record: record) ? decision : nil
                case .replay, .inProgress, .mismatch:
                    return decision
                }
            }
            if let outcome { return outcome }
        }
        // Lost the race three times: another request holds the key right now.
        return .inProgress
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
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

import Foundation
