import Testing

@testable import RemitCore

private let now: Int64 = 1_795_973_460_000
private let response = StoredResponse(status: 201, headers: ["content-type": "application/json", "location": "/v1/invoices/inv_a"],
                                      body: Array(#"{"id":"inv_a"}"#.utf8))

private func record(_ state: IdempotencyRecord.State, hash: String = "hash-a", lockedUntil: Int64 = now + 30_000,
                    expiresAt: Int64 = now + 3_600_000) -> IdempotencyRecord {
    IdempotencyRecord(state: state, requestHash: hash, lockToken: "token-1", lockedUntil: lockedUntil,
                      response: state == .completed ? response : nil, createdAt: now - 1_000, expiresAt: expiresAt)
}

@Suite struct IdempotencyDecisionTests {
    @Test func aKeyNeverSeenIsClaimed() {
        #expect(IdempotencyDecision.decide(existing: nil, requestHash: "hash-a", now: now) == .claim)
    }

    @Test func theSameRequestAfterItCompletedGetsTheStoredResponseAgain() {
        #expect(IdempotencyDecision.decide(existing: record(.completed), requestHash: "hash-a", now: now) == .replay(response))
    }

    @Test func aDifferentRequestWithACompletedKeyIsAMismatch() {
        #expect(IdempotencyDecision.decide(existing: record(.completed), requestHash: "hash-b", now: now) == .mismatch)
    }

    @Test func theSameRequestWhileTheFirstIsStillRunningIsInProgress() {
        #expect(IdempotencyDecision.decide(existing: record(.processing), requestHash: "hash-a", now: now) == .inProgress)
        #expect(IdempotencyDecision.decide(existing: record(.processing, lockedUntil: now + 1), requestHash: "hash-a", now: now) == .inProgress)
    }

    @Test func aDifferentRequestWhileTheFirstIsRunningIsAMismatch() {
        #expect(IdempotencyDecision.decide(existing: record(.processing), requestHash: "hash-b", now: now) == .mismatch)
    }

    @Test(arguments: [now, now - 1, now - 3_600_000])
    func theSameRequestTakesOverAClaimWhoseLockHasRunOut(lockedUntil: Int64) {
        #expect(IdempotencyDecision.decide(existing: record(.processing, lockedUntil: lockedUntil), requestHash: "hash-a", now: now)
            == .takeOver(previousToken: "token-1"))
    }

    @Test func aDifferentRequestIsStillAMismatchWhenTheClaimsLockHasRunOut() {
        #expect(IdempotencyDecision.decide(existing: record(.processing, lockedUntil: now - 1), requestHash: "hash-b", now: now) == .mismatch)
    }

    @Test(arguments: [
        (IdempotencyRecord.State.processing, "hash-a"), (.processing, "hash-b"), (.completed, "hash-a"), (.completed, "hash-b"),
    ])
    func anExpiredRecordInAnyStateIsTakenOverWhateverTheRequest(state: IdempotencyRecord.State, hash: String) {
        #expect(IdempotencyDecision.decide(existing: record(state, expiresAt: now), requestHash: hash, now: now) == .takeOver(previousToken: "token-1"))
        #expect(IdempotencyDecision.decide(existing: record(state, expiresAt: now - 1), requestHash: hash, now: now) == .takeOver(previousToken: "token-1"))
    }

    @Test func aRecordOneMillisecondBeforeExpiryIsStillHonoured() {
        #expect(IdempotencyDecision.decide(existing: record(.completed, expiresAt: now + 1), requestHash: "hash-a", now: now) == .replay(response))
    }

    @Test func theDefaultPolicyKeepsKeysADayAndHonoursAClaimForAMinute() {
        #expect(IdempotencyPolicy() == IdempotencyPolicy(retentionMilliseconds: 86_400_000, claimTimeoutMilliseconds: 60_000))
    }
}
