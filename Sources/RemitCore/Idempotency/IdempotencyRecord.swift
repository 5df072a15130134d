/// The stored response of a request that completed under an `Idempotency-Key`.
public struct StoredResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// The headers to replay (content type, location), by lower-case name.
    public var headers: [String: String]
    /// The body, byte for byte.
    public var body: [UInt8]

    /// Creates a stored response.
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// What the store holds for one tenant's `Idempotency-Key`.
public struct IdempotencyRecord: Sendable, Equatable {
    /// Where the first request with this key is.
    public enum State: String, Sendable {
        /// Claimed by a request that has not finished; its effect has not committed.
        case processing
        /// Finished: the effect and the response committed together.
        case completed
    }

    public var state: State
    /// SHA-256 of method, path and body of the first request.
    public var requestHash: String
    /// Which claim holds the key; the completing transaction must still hold it.
    public var lockToken: String
    /// After this instant (ms) a processing claim is presumed dead and may be taken over.
    public var lockedUntil: Int64
    /// The response, once completed.
    public var response: StoredResponse?
    /// When the key was first used (ms).
    public var createdAt: Int64
    /// When the key is forgotten (ms); a later request with it starts afresh.
    public var expiresAt: Int64

    /// Creates a record.
    public init(state: State, requestHash: String, lockToken: String, lockedUntil: Int64, response: StoredResponse?,
                createdAt: Int64, expiresAt: Int64) {
        self.state = state
        self.requestHash = requestHash
        self.lockToken = lockToken
        self.lockedUntil = lockedUntil
        self.response = response
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// How long idempotency keys live, and how long a claim may run before another request may
/// take it over.
public struct IdempotencyPolicy: Sendable, Equatable {
    /// How long a key and its response are kept, in milliseconds (default 24 hours).
    public var retentionMilliseconds: Int64
    /// How long a processing claim is honoured, in milliseconds (default 60 seconds): a
    /// request that crashed mid-way frees its key after this.
    public var claimTimeoutMilliseconds: Int64

    /// Creates a policy.
    public init(retentionMilliseconds: Int64 = 24 * 3_600_000, claimTimeoutMilliseconds: Int64 = 60_000) {
        self.retentionMilliseconds = retentionMilliseconds
        self.claimTimeoutMilliseconds = claimTimeoutMilliseconds
    }
}

/// The decision for a request that arrives with an `Idempotency-Key`: a pure function of
/// what is stored, the request's fingerprint and the time. The caller does the I/O.
public enum IdempotencyDecision: Equatable, Sendable {
    /// No live record: insert a new claim.
    case claim
    /// A claim whose holder is presumed dead (its lock expired), or an expired record: replace it.
    case takeOver(previousToken: String)
    /// The same request completed before: send its response again.
    case replay(StoredResponse)
    /// The same request is still running elsewhere: answer 409.
    case inProgress
    /// The key was used for a different request: answer 422.
    case mismatch

    /// Decides what to do with a request whose fingerprint is `requestHash`.
    public static func decide(existing: IdempotencyRecord?, requestHash: String, now: Int64) -> IdempotencyDecision {
        guard let record = existing else { return .claim }
        if record.expiresAt <= now { return .takeOver(previousToken: record.lockToken) }
        guard record.requestHash == requestHash else { return .mismatch }
        switch record.state {
        case .completed:
            guard let response = record.response else {
                preconditionFailure("a completed idempotency record always has a response")
            }
            return .replay(response)
        case .processing:
            return record.lockedUntil <= now ? .takeOver(previousToken: record.lockToken) : .inProgress
        }
    }
}
