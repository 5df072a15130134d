/// Bounds and retry settings of runs. Every loop a run can make has a bound here.
public struct RunPolicy: Sendable, Equatable {
    /// The most attempts of one step (the first included) before the run fails.
    public var attemptsMax: Int
    /// The first retry's backoff window, in milliseconds.
    public var backoffBaseMilliseconds: Int64
    /// The largest backoff window, in milliseconds.
    public var backoffMaxMilliseconds: Int64
    /// The most nodes one event may pass through (conditions, notifies, due waits) before the
    /// run must stop at a step, a wait or an approval; more fails the run.
    public var nodesPerEventMax: Int
    /// The most times one node may be entered over a run (wait loops); more fails the run.
    public var visitsPerNodeMax: Int
    /// Decided approvals remembered for recognising late votes.
    public var closedApprovalsMax: Int
    /// The longest rendered notification, in characters.
    public var messageLengthMax: Int

    /// Creates a policy; every parameter defaults to the value in ``default``.
    public init(attemptsMax: Int = 5, backoffBaseMilliseconds: Int64 = 1_000, backoffMaxMilliseconds: Int64 = 300_000,
                nodesPerEventMax: Int = 200, visitsPerNodeMax: Int = 1_000, closedApprovalsMax: Int = 100,
                messageLengthMax: Int = MessageTemplate.renderedLengthMaxDefault) {
        self.attemptsMax = attemptsMax
        self.backoffBaseMilliseconds = backoffBaseMilliseconds
        self.backoffMaxMilliseconds = backoffMaxMilliseconds
        self.nodesPerEventMax = nodesPerEventMax
        self.visitsPerNodeMax = visitsPerNodeMax
        self.closedApprovalsMax = closedApprovalsMax
        self.messageLengthMax = messageLengthMax
    }

    /// 5 attempts, backoff from 1 s up to 5 min, 200 nodes per event, 1,000 visits per node,
    /// 100 remembered approvals, 8,000-character messages.
    public static let `default` = RunPolicy()
}
