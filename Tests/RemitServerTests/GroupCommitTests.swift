import Foundation
import RemitCore
import RemitStore
import RemitTestSupport
import RemitWorkflow
import Testing

@testable import RemitServer

/// Group commit: results that arrive while a commit is in progress share the next
/// transaction, each run is rolled back alone when it cannot take its event, and every
/// submitter learns its own outcome.
@Suite struct GroupCommitTests {
    /// Records the batches a queue commits and holds the first one until released.
    actor CommitLog {
        var batches: [[String]] = []
        var gate: CheckedContinuation<Void, Never>?
        var gateOpen = false

        func commit(_ items: [RunCommitItem]) async -> [RunCommitOutcome] {
            batches.append(items.map(\.runID))
            if batches.count == 1, !gateOpen { await withCheckedContinuation { gate = $0 } }
            return items.map { .rejected("outcome of \($0.runID)") }
        }

        func open() {
            gateOpen = true
            gate?.resume()
            gate = nil
        }

        var firstCommitWaiting: Bool { gate != nil }
    }

    static func item(_ id: String) -> RunCommitItem { RunCommitItem(runID: id, tenantID: TenantID(rawValue: "tnt_x"), result: .event(.started)) }

    @Test(arguments: [(64, [["a"], ["b", "c", "d", "e", "f"]]), (2, [["a"], ["b", "c"], ["d", "e"], ["f"]])])
    func resultsArrivingDuringACommitShareTheNextTransactionUpToTheBatchBound(batchMax: Int, expected: [[String]]) async throws {
        let log = CommitLog()
        let queue = RunCommitQueue(batchMax: batchMax, commit: { await log.commit($0) })
        try await withThrowingTaskGroup(of: (String, RunCommitOutcome).self) { group in
            group.addTask { ("a", await queue.submit(Self.item("a"))) }
            while !(await log.firstCommitWaiting) { await Task.yield() }
            // One at a time, so they queue in this order (tasks of a group start in any order).
            for (index, id) in ["b", "c", "d", "e", "f"].enumerated() {
                group.addTask { (id, await queue.submit(Self.item(id))) }
                while await queue.pendingCount < index + 1 { await Task.yield() }
            }
            await log.open()
            var outcomes: [String: RunCommitOutcome] = [:]
            for try await (id, outcome) in group { outcomes[id] = outcome }
            for id in ["a", "b", "c", "d", "e", "f"] {
                #expect(outcomes[id] == .rejected("outcome of \(id)"), "each submitter gets its own outcome")
            }
        }
        let batches = await log.batches
        #expect(batches.map { $0.sorted() } == expected)
    }

    @Test func withTwoLeadersASecondResultCommitsWhileTheFirstCommitIsStillInProgress() async throws {
        let log = CommitLog()
        let queue = RunCommitQueue(batchMax: 64, leadersMax: 2, commit: { await log.commit($0) })
        async let first = queue.submit(Self.item("a"))
        while !(await log.firstCommitWaiting) { await Task.yield() }
        #expect(await queue.submit(Self.item("b")) == .rejected("outcome of b"), "the second leader does not wait for the first")
        await log.open()
        #expect(await first == .rejected("outcome of a"))
        #expect(await log.batches == [["a"], ["b"]])
    }

    /// Holds every commit until released, and records the batches and how many overlapped.
    actor HeldCommits {
        var batches: [[String]] = []
        var active = 0
        var activeMax = 0
        var held: [CheckedContinuation<Void, Never>] = []
        var holding = true

        func commit(_ items: [RunCommitItem]) async -> [RunCommitOutcome] {
            batches.append(items.map(\.runID))
            active += 1
            activeMax = max(activeMax, active)
            if holding { await withCheckedContinuation { held.append($0) } }
            active -= 1
            return items.map { .rejected("outcome of \($0.runID)") }
        }

        func release() {
            holding = false
            for continuation in held { continuation.resume() }
            held = []
        }

        var heldCount: Int { held.count }
    }

    @Test func withTwoLeadersWhatQueuedUpIsSharedBetweenTwoParallelTransactions() async throws {
        let log = HeldCommits()
        let queue = RunCommitQueue(batchMax: 64, leadersMax: 2, commit: { await log.commit($0) })
        try await withThrowingTaskGroup(of: (String, RunCommitOutcome).self) { group in
            for id in ["a", "b"] { group.addTask { (id, await queue.submit(Self.item(id))) } }
            while await log.heldCount < 2 { await Task.yield() }
            let waiting = ["c", "d", "e", "f", "g", "h"]
            for id in waiting { group.addTask { (id, await queue.submit(Self.item(id))) } }
            while await queue.pendingCount < waiting.count { await Task.yield() }
            await log.release()
            for try await (id, outcome) in group { #expect(outcome == .rejected("outcome of \(id)")) }
        }
        let batches = await log.batches
        // Each leader takes its share of the six that queued (at most half), so two
        // transactions proceed side by side instead of one holding all six.
        let later = batches.dropFirst(2)
        #expect(Set(batches.prefix(2).flatMap { $0 }) == ["a", "b"])
        #expect(later.flatMap { $0 }.sorted() == ["c", "d", "e", "f", "g", "h"], "\(batches)")
        #expect(later.allSatisfy { $0.count <= 3 } && later.count <= 4, "\(batches)")
        #expect(await log.activeMax == 2)
    }

    @Test func aLoneResultIsCommittedAtOnceWithoutWaitingForCompany() async {
        let log = CommitLog()
        await log.open()
        let queue = RunCommitQueue(batchMax: 64, commit: { await log.commit($0) })
        #expect(await queue.submit(Self.item("solo")) == .rejected("outcome of solo"))
        #expect(await log.batches == [["solo"]])
    }

    /// Four leased runs in one batch: one takes its event, one cannot (its writes roll back
    /// alone and its lease is given back), one was taken over by another node, one had
    /// nothing due. The batch commits the first and the others stay as they were.
    @Test(arguments: TestBackend.allCases)
    func oneRunThatCannotTakeItsEventDoesNotUndoTheOthersInItsBatch(backend: TestBackend) async throws {
        try await APIHarness.run(backend) { api in
            let buyer = try await api.createBuyer()
            let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-GC")).json["id"]?.stringValue)
            // Scheduled ten days ahead, so the application's own executor leaves them alone;
            // this test acts as a node whose clock reads eleven days ahead.
            let later = Date().addingTimeInterval(10 * 86_400)
            let day = CalendarDate(utc: later).description
            let now = Int64(later.timeIntervalSince1970 * 1_000) + 86_400_000
            var created: [String] = []
            for _ in 0..<4 {
                let payment = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "wire", "amount": 100, "scheduled_for": "\#(day)"}"#)
                #expect(payment.status == 201, "\(payment.text)")
                created.append(try #require(payment.json["run_id"]?.stringValue))
            }
            // Another node holds one of them; this node leases the other three.
            let other = try await api.store.write { try await $0.claimRunnableRuns(owner: "node_other", now: now, leaseUntil: now + 60_000, limit: 1) }
            let claimed = try await api.store.write { try await $0.claimRunnableRuns(owner: "node_test", now: now, leaseUntil: now + 60_000, limit: 10) }
            #expect(other.count == 1 && Set((claimed + other).map(\.id)) == Set(created))
            let runs = (claimed + other).map(\.id)
            let environment = Environment(clock: .fixed(Date(timeIntervalSince1970: Double(now) / 1_000)))
            let engine = RunEngine(workflows: CompiledWorkflowCache(), environment: environment, policy: .default,
                                   links: ApprovalLinks(baseURL: "http://127.0.0.1", environment: environment))
            let committer = RunCommitter(store: api.store, engine: engine, environment: environment, logger: TestDatabase.logger, owner: "node_test")
            let tenant = api.tenant.id
            let outcomes = await committer.commit([
                RunCommitItem(runID: runs[0], tenantID: tenant, result: .event(.started)),
                RunCommitItem(runID: runs[1], tenantID: tenant, result: .event(.stepSucceeded(node: "no_such_step", outcome: .next, output: .null))),
                RunCommitItem(runID: runs[3], tenantID: tenant, result: .event(.started)),
                RunCommitItem(runID: runs[2], tenantID: tenant, result: .nothingDue(runnableAt: nil)),
            ])
            #expect(outcomes[0] == .committed)
            guard case .rejected = outcomes[1] else { Issue.record("expected a rejection, got \(outcomes[1])"); return }
            #expect(outcomes[2] == .leaseLost)
            #expect(outcomes[3] == .released)
            // runs[3] is the other node's; runs[2] had nothing due.
            let stored = try await api.store.read { transaction in
                try await runs.asyncMap { try #require(try await transaction.run($0, tenant: tenant)) }
            }
            #expect(stored[0].state.status != .created && stored[0].journalLength > 0, "the first run started")
            #expect(stored[1].state.status == .created && stored[1].journalLength == 0, "the rejected run is unchanged")
            #expect(stored[3].state.status == .created, "the run another node holds is unchanged")
            let leases = try await api.store.read { transaction in try await runs.asyncMap { try await transaction.lease(runID: $0)?.owner } }
            #expect(leases == [nil, nil, nil, "node_other"], "leases of the rejected and the released run are given back")
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

/// Claiming is fair: a run whose claims keep ending without a result (its node dies) goes
/// behind runs that were due before it, and each further such claim pushes it back more.
@Suite struct FairClaimTests {
    @Test(arguments: TestBackend.allCases)
    func aRunThatKeepsLosingItsLeaseNeitherStarvesOthersNorIsRetriedAtFullSpeed(backend: TestBackend) async throws {
        try await APIHarness.run(backend) { api in
            let buyer = try await api.createBuyer()
            let invoice = try #require(try await api.post("/v1/invoices", APIHarness.invoiceJSON(buyer: buyer, number: "INV-FAIR")).json["id"]?.stringValue)
            let later = Date().addingTimeInterval(10 * 86_400)
            let day = CalendarDate(utc: later).description
            var created: [String] = []
            for _ in 0..<2 {
                let payment = try await api.post("/v1/payments", #"{"invoice_id": "\#(invoice)", "method": "wire", "amount": 100, "scheduled_for": "\#(day)"}"#)
                created.append(try #require(payment.json["run_id"]?.stringValue))
            }
            let start = Int64(later.timeIntervalSince1970 * 1_000) + 86_400_000
            let lease: Int64 = 10_000
            func claimOne(at now: Int64) async throws -> ClaimedRun? {
                try await api.store.write { try await $0.claimRunnableRuns(owner: "node_a", now: now, leaseUntil: now + lease, limit: 1,
                                                                            backoff: (1_000, 4_000)) }.first
            }
            // Both are due; the first claim takes one, and that node dies (no result).
            let first = try #require(try await claimOne(at: start))
            #expect(first.claims == 1)
            let other = try #require(created.first { $0 != first.id })
            // After its lease ends, the run that was due all along comes first.
            let second = try #require(try await claimOne(at: start + lease + 1))
            #expect(second.id == other, "the run that lost its lease does not come first again")
            // The dead node's run is claimed again at once after its lease (first retry) ...
            let retry = try #require(try await claimOne(at: start + lease + 2))
            #expect(retry.id == first.id && retry.claims == 2)
            // ... and then only after its lease plus 1 s, then plus 2 s, and at most 4 s.
            var now = start + lease + 2
            for (claims, backoff) in [(3, Int64(1_000)), (4, 2_000), (5, 4_000), (6, 4_000)] {
                let due = now + lease + backoff
                #expect(try await claimOne(at: due - 1)?.id != first.id, "claim \(claims) comes \(backoff) ms after the lease, not sooner")
                let again = try #require(try await claimOne(at: due))
                #expect(again.id == first.id && again.claims == claims)
                now = due
            }
            #expect(try await api.store.read { try await $0.lease(runID: first.id)?.owner } == "node_a")
        }
    }
}
