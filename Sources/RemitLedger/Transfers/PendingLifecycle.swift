/// Where a pending transfer is in its life.
public enum PendingState: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Reserved, waiting for a post, a void or its timeout.
    case pending
    /// Posted in full or in part; whatever was not posted was released.
    case posted
    /// Released whole by a void.
    case voided
    /// Released whole because its timeout passed first.
    case expired

    /// Whether the transfer's reservation still holds.
    public var isPending: Bool { self == .pending }
}

/// The pending-transfer state machine: pure, with time passed in.
///
/// ```
/// pending ──post (before timeout)──▶ posted   (the post's legs post; the rest is released)
///    │────void (before timeout)──▶ voided   (all released)
///    └────expire (at/after timeout)─▶ expired (all released)
/// ```
/// Every other pair is refused with a typed error; nothing leaves `posted`, `voided` or `expired`.
public enum PendingLifecycle {
    /// Something that can happen to a pending transfer.
    public enum Event: Sendable, Equatable {
        /// A post transfer created at `at` (milliseconds since 1970).
        case post(at: Int64)
        /// A void transfer created at `at`.
        case void(at: Int64)
        /// The expiry sweep running at `at`.
        case expire(at: Int64)
    }

    /// What the caller must do to the balances when a transition is allowed.
    public enum Action: Sendable, Equatable {
        /// Release every pending amount, then post the post's legs.
        case releaseAndPost
        /// Release every pending amount; post nothing.
        case release
    }

    /// The state after `event`, and what to do to the balances.
    ///
    /// - Parameter expiresAt: the transfer's expiry instant, or nil when it never expires.
    /// - Throws: ``LedgerError`` when the event is not allowed in `state`: already posted,
    ///   already voided, expired (or past its timeout), or not yet due to expire.
    public static func transition(from state: PendingState, expiresAt: Int64?, on event: Event) throws(LedgerError) -> (state: PendingState, action: Action) {
        switch state {
        case .posted:
            throw LedgerError(.pendingTransferAlreadyPosted, "The pending transfer was already posted; post or void it only once.")
        case .voided:
            throw LedgerError(.pendingTransferAlreadyVoided, "The pending transfer was already voided; post or void it only once.")
        case .expired:
            throw LedgerError(.pendingTransferExpired, "The pending transfer expired; create a new transfer instead.")
        case .pending:
            break
        }
        switch event {
        case let .post(at):
            try requireNotExpired(expiresAt, at)
            return (.posted, .releaseAndPost)
        case let .void(at):
            try requireNotExpired(expiresAt, at)
            return (.voided, .release)
        case let .expire(at):
            guard let expiresAt, at >= expiresAt else {
                throw LedgerError(.pendingTransferNotExpired, expiresAt.map { "The pending transfer expires at \($0), after \(at)." }
                                  ?? "The pending transfer has no timeout and never expires.")
            }
            return (.expired, .release)
        }
    }

    private static func requireNotExpired(_ expiresAt: Int64?, _ at: Int64) throws(LedgerError) {
        if let expiresAt, at >= expiresAt {
            throw LedgerError(.pendingTransferExpired, "The pending transfer timed out at \(expiresAt), before this request at \(at); create a new transfer instead.")
        }
    }
}
