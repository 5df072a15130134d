import RemitCore
import RemitWorkflow

/// A run's result on its way to the database.
struct RunCommitItem: Sendable {
    /// What the executor found.
    enum Result: Sendable {
        /// The event that was due (a step's result, a start, a timer).
        case event(RunEvent)
        /// Nothing was due after all: the lease is given back and the run scheduled at
        /// `runnableAt` (nil: only an outside event can move it).
        case nothingDue(runnableAt: Int64?)
    }

    var runID: String
    var tenantID: TenantID
    var result: Result
}

/// What became of a `RunCommitItem`.
enum RunCommitOutcome: Sendable, Equatable {
    /// The event was applied and committed with its consequences.
    case committed
    /// Nothing was due; the lease was given back.
    case released
    /// Another node holds the run now; the result was dropped (that node's attempt carries
    /// the same idempotency key).
    case leaseLost
    /// The run could not take the event (a vote or a cancellation got there first); the lease
    /// was given back.
    case rejected(String)
    /// The database refused; the run is taken up again when its lease expires.
    case failed(String)
}

/// Group commit for run transitions. Each executing step submits its result and waits. A
/// submitter that finds fewer than `leadersMax` commits in progress becomes a leader: it
/// commits its own result together with a share of what is pending (at most `batchMax` items
/// per transaction), and keeps committing what queued up meanwhile until nothing is left.
/// When more is pending than one leader's share and there is room for another leader, the
/// first waiting submitter is woken to lead too, so on PostgreSQL several transactions
/// proceed in parallel (its statements are round trips), while SQLite (one writer,
/// `leadersMax` 1) puts everything pending into one transaction. A single durable commit
/// thus carries the transitions of many runs, and nobody waits for a timer: under light load
/// every transaction holds one item, exactly as without grouping.
///
/// Durability is unchanged: a submitter learns its outcome only after the transaction that
/// holds its transition has committed.
actor RunCommitQueue {
    /// The most transitions committed in one transaction; 1 commits each on its own.
    let batchMax: Int
    /// The most transactions in progress at once (1 on SQLite, which has one writer).
    let leadersMax: Int
    private let commit: @Sendable ([RunCommitItem]) async -> [RunCommitOutcome]
    private var pending: [Waiter] = []
    private var leaders = 0

    private typealias Waiter = (item: RunCommitItem, continuation: CheckedContinuation<Wake, Never>)

    /// Why a waiting submitter wakes.
    private enum Wake {
        case committed(RunCommitOutcome)
        /// A leader handed over: the submitter leads now, its item taken out of `pending`
        /// and its place among the leaders already counted.
        case lead
    }

    /// Creates a queue whose leaders call `commit` with each batch; `commit` returns one
    /// outcome per item, in order.
    init(batchMax: Int, leadersMax: Int = 1, commit: @escaping @Sendable ([RunCommitItem]) async -> [RunCommitOutcome]) {
        precondition(batchMax >= 1 && leadersMax >= 1, "a commit batch holds at least one transition, and someone commits")
        self.batchMax = batchMax
        self.leadersMax = leadersMax
        self.commit = commit
    }

    /// How many results wait for the next commit.
    var pendingCount: Int { pending.count }

    /// Commits `item` (alone or with others) and returns its outcome once it is durable.
    func submit(_ item: RunCommitItem) async -> RunCommitOutcome {
        if leaders >= leadersMax {
            let wake = await withCheckedContinuation { pending.append((item, $0)) }
            if case let .committed(outcome) = wake { return outcome }
        } else {
            leaders += 1
        }
        var batch = takeShare(room: batchMax - 1)
        var outcomes = await commit([item] + batch.map(\.item))
        precondition(outcomes.count == batch.count + 1, "a commit answers for every item it was given")
        let own = outcomes.removeFirst()
        deliver(outcomes, to: batch)
        // Checking for more and stepping down happen in one turn of the actor, so a result
        // that queues after this leader's last look finds a free leader's place.
        while !pending.isEmpty {
            batch = takeShare(room: batchMax)
            outcomes = await commit(batch.map(\.item))
            precondition(outcomes.count == batch.count, "a commit answers for every item it was given")
            deliver(outcomes, to: batch)
        }
        leaders -= 1
        return own
    }

    /// Takes this leader's share of what is pending (all of it with one leader) and wakes
    /// waiting submitters to lead the rest while there is room for more leaders.
    private func takeShare(room: Int) -> [Waiter] {
        let share = max(1, (pending.count + leadersMax - 1) / leadersMax)
        let batch = Array(pending.prefix(min(room, share)))
        pending.removeFirst(batch.count)
        while leaders < leadersMax, !pending.isEmpty {
            leaders += 1
            pending.removeFirst().continuation.resume(returning: .lead)
        }
        return batch
    }

    private func deliver(_ outcomes: [RunCommitOutcome], to batch: [Waiter]) {
        for (entry, outcome) in zip(batch, outcomes) { entry.continuation.resume(returning: .committed(outcome)) }
    }
}
