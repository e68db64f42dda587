import Foundation
import Testing
@testable import Scheduler

@Suite("Retry policy")
struct RetryPolicyTests {
    private let failedAt = Clock.instant("2026-01-08T09:00:00Z")

    @Test("without jitter the delay doubles from a minute, then the job is dead")
    func backOffThenDead() {
        let policy = RetryPolicy(jitter: 0)
        let delays = (1...4).map { policy.nextAttempt(after: $0, at: failedAt)?.timeIntervalSince(failedAt) }
        #expect(delays == [60, 120, 240, 480])
        #expect(policy.nextAttempt(after: 5, at: failedAt) == nil)
        #expect(policy.nextAttempt(after: 0, at: failedAt) == nil)
    }

    @Test("the delay stops growing at the maximum")
    func capped() {
        let policy = RetryPolicy(baseDelay: 600, maximumDelay: 3600, maximumAttempts: 100, jitter: 0)
        #expect(policy.delay(after: 3) == 2400)
        #expect(policy.delay(after: 4) == 3600)
        #expect(policy.delay(after: 90) == 3600)
    }

    @Test("jitter stays within its fraction and is the same for the same seed")
    func deterministicJitter() {
        let seed = RetryPolicy.seed(for: "thank-you")
        let policy = RetryPolicy(jitter: 0.2, seed: seed)
        let again = RetryPolicy(jitter: 0.2, seed: RetryPolicy.seed(for: "thank-you"))
        let other = RetryPolicy(jitter: 0.2, seed: RetryPolicy.seed(for: "birthday-card"))
        for failures in 1...4 {
            let plain = 60 * pow(2, Double(failures - 1))
            let delay = policy.delay(after: failures)
            #expect(delay >= plain * 0.8 && delay < plain * 1.2)
            #expect(again.delay(after: failures) == delay)
        }
        #expect((1...4).map(policy.delay(after:)) != (1...4).map(other.delay(after:)))
    }

    @Test("job seeds are FNV-1a, the same in every process")
    func stableSeed() {
        #expect(RetryPolicy.seed(for: "") == 0xcbf2_9ce4_8422_2325)
        #expect(RetryPolicy.seed(for: "a") == 0xaf63_dc4c_8601_ec8c)
    }
}
