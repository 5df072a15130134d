import Foundation
import RemitConnectors
import RemitCore
import Testing

@Suite("Classifying delivery outcomes")
struct DeliveryOutcomeTests {
    let now = Date(timeIntervalSince1970: TimeInterval(referenceTime))

    @Test("every 2xx is delivered", arguments: [200, 201, 202, 204, 299])
    func successIsDelivered(status: Int) {
        #expect(DeliveryOutcome(status: status, now: now) == .delivered(status: status))
    }

    @Test("410 Gone disables the endpoint")
    func goneDisables() {
        #expect(DeliveryOutcome(status: 410, now: now) == .disable(status: 410))
    }

    @Test("408, 429 and every 5xx are retried", arguments: [408, 429, 500, 502, 503, 504, 599])
    func transientStatusesRetry(status: Int) {
        #expect(DeliveryOutcome(status: status, now: now) == .retry(.status(status), retryAfterSeconds: nil))
        #expect(DeliveryOutcome(status: status, now: now).isRetryable)
    }

    @Test("other 4xx and 3xx are permanent failures", arguments: [300, 301, 302, 307, 400, 401, 403, 404, 405, 409, 413, 422, 451])
    func otherStatusesFailPermanently(status: Int) {
        #expect(DeliveryOutcome(status: status, now: now) == .failed(.status(status)))
    }

    @Test("Retry-After in seconds is honoured on 429 and 503")
    func retryAfterSecondsIsRead() {
        #expect(DeliveryOutcome(status: 429, retryAfter: "120", now: now) == .retry(.status(429), retryAfterSeconds: 120))
        #expect(DeliveryOutcome(status: 503, retryAfter: " 7 ", now: now) == .retry(.status(503), retryAfterSeconds: 7))
    }

    @Test("Retry-After as an HTTP-date becomes the seconds until then, zero when past")
    func retryAfterDateIsRead() {
        // referenceTime is Sun, 29 Nov 2026 18:00:00 GMT.
        #expect(RetryAfter.seconds("Sun, 29 Nov 2026 18:01:30 GMT", now: now) == 90)
        #expect(RetryAfter.seconds("Sun, 29 Nov 2026 17:00:00 GMT", now: now) == 0)
        #expect(DeliveryOutcome(status: 503, retryAfter: "Sun, 29 Nov 2026 18:00:10 GMT", now: now)
            == .retry(.status(503), retryAfterSeconds: 10))
    }

    @Test("an unreadable Retry-After is ignored", arguments: ["soon", "-5", "1.5", "Sunday, 29-Nov-26 18:00:00 GMT", ""])
    func unreadableRetryAfterIsIgnored(value: String) {
        #expect(RetryAfter.seconds(value, now: now) == nil)
    }

    @Test("a huge Retry-After is capped at a week")
    func hugeRetryAfterIsCapped() {
        #expect(RetryAfter.seconds("99999999999999999999999", now: now) == RetryAfter.secondsMax)
    }
}

@Suite("The retry schedule")
struct RetryScheduleTests {
    @Test("the defaults are named: 5 s base, 6 h cap, 18 attempts spanning at most about 35 h")
    func defaultsAreNamed() {
        let schedule = RetrySchedule()
        #expect(schedule.baseDelayMilliseconds == 5_000)
        #expect(schedule.delayMaxMilliseconds == 21_600_000)
        #expect(schedule.attemptsMax == 18)
        let ceilings = (1..<schedule.attemptsMax).map { schedule.backoffCeilingMilliseconds(retry: $0) }
        #expect(ceilings.reduce(0, +) == 127_355_000)
    }

    @Test("the backoff ceiling doubles from the base and stops at the cap")
    func ceilingDoublesThenCaps() {
        let schedule = RetrySchedule(baseDelayMilliseconds: 1_000, delayMaxMilliseconds: 10_000, attemptsMax: 100, random: .fraction(1, 1))
        #expect((1...6).map { schedule.backoffCeilingMilliseconds(retry: $0) } == [1_000, 2_000, 4_000, 8_000, 10_000, 10_000])
        #expect(schedule.backoffCeilingMilliseconds(retry: 10_000) == 10_000)
        let defaults = RetrySchedule()
        #expect(defaults.backoffCeilingMilliseconds(retry: 63) == defaults.delayMaxMilliseconds)
    }

    @Test("full jitter spans zero to the ceiling, both ends included")
    func jitterSpansZeroToCeiling() {
        let low = RetrySchedule(baseDelayMilliseconds: 1_000, delayMaxMilliseconds: 10_000, random: .fraction(0, 1))
        let high = RetrySchedule(baseDelayMilliseconds: 1_000, delayMaxMilliseconds: 10_000, random: .fraction(1, 1))
        let middle = RetrySchedule(baseDelayMilliseconds: 1_000, delayMaxMilliseconds: 10_000, random: .fraction(1, 2))
        #expect(low.backoffMilliseconds(retry: 3) == 0)
        #expect(high.backoffMilliseconds(retry: 3) == 4_000)
        #expect(middle.backoffMilliseconds(retry: 3) == 2_000)
    }

    @Test("with the system generator every delay stays within its bounds")
    func systemJitterStaysInBounds() {
        let schedule = RetrySchedule(baseDelayMilliseconds: 100, delayMaxMilliseconds: 3_000)
        for retry in 1...20 {
            for _ in 0..<50 {
                let delay = schedule.backoffMilliseconds(retry: retry)
                #expect(delay >= 0 && delay <= schedule.backoffCeilingMilliseconds(retry: retry))
            }
        }
    }

    @Test("a retryable outcome is retried until the last attempt, then given up")
    func attemptsAreBounded() {
        let schedule = RetrySchedule(baseDelayMilliseconds: 1_000, delayMaxMilliseconds: 10_000, attemptsMax: 3, random: .fraction(1, 1))
        let outcome = DeliveryOutcome.retry(.timeout, retryAfterSeconds: nil)
        #expect(schedule.decide(after: 1, outcome: outcome) == .retry(afterMilliseconds: 1_000))
        #expect(schedule.decide(after: 2, outcome: outcome) == .retry(afterMilliseconds: 2_000))
        #expect(schedule.decide(after: 3, outcome: outcome) == .giveUp)
    }

    @Test("delivered, disabled and permanent outcomes stop at once")
    func finalOutcomesStop() {
        let schedule = RetrySchedule(random: .fraction(1, 1))
        #expect(schedule.decide(after: 1, outcome: .delivered(status: 204)) == .delivered)
        #expect(schedule.decide(after: 1, outcome: .disable(status: 410)) == .disableEndpoint)
        #expect(schedule.decide(after: 1, outcome: .failed(.status(404))) == .giveUp)
    }

    @Test("Retry-After raises the wait to what the receiver asked, within the cap")
    func retryAfterRaisesTheWait() {
        let schedule = RetrySchedule(baseDelayMilliseconds: 1_000, delayMaxMilliseconds: 60_000, random: .fraction(0, 1))
        #expect(schedule.decide(after: 1, outcome: .retry(.status(429), retryAfterSeconds: 30)) == .retry(afterMilliseconds: 30_000))
        #expect(schedule.decide(after: 1, outcome: .retry(.status(503), retryAfterSeconds: 3_600)) == .retry(afterMilliseconds: 60_000))
        let jittered = RetrySchedule(baseDelayMilliseconds: 10_000, delayMaxMilliseconds: 60_000, random: .fraction(1, 1))
        // A backoff longer than Retry-After is kept: the receiver asked for at least, not exactly.
        #expect(jittered.decide(after: 2, outcome: .retry(.status(429), retryAfterSeconds: 1)) == .retry(afterMilliseconds: 20_000))
    }
}
