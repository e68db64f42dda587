import Foundation

/// When a failed job runs again: exponential back-off with jitter, then the dead list.
///
/// The delay after the n-th failure is `baseDelay × multiplier^(n-1)`, capped at
/// `maximumDelay`, then moved by up to ±`jitter` of itself so that jobs which
/// failed together do not all retry in the same second. The jitter is a pure
/// function of `seed` and n, so a job's retry times can be recomputed and tested.
public struct RetryPolicy: Sendable, Equatable {
    /// Delay after the first failure, in seconds.
    public var baseDelay: TimeInterval
    /// Growth of the delay from one failure to the next.
    public var multiplier: Double
    /// Longest delay, before jitter.
    public var maximumDelay: TimeInterval
    /// Attempts in all, the first run included; after this many failures the job is dead.
    public var maximumAttempts: Int
    /// Fraction (0…1) of the delay that jitter may add or remove.
    public var jitter: Double
    /// Seed for the jitter; `RetryPolicy.seed(for:)` derives one from a job id.
    public var seed: UInt64

    /// Makes a policy; the defaults retry after about 1, 2, 4 and 8 minutes, then give up.
    public init(baseDelay: TimeInterval = 60, multiplier: Double = 2, maximumDelay: TimeInterval = 6 * 3600,
                maximumAttempts: Int = 5, jitter: Double = 0.2, seed: UInt64 = 0) {
        self.baseDelay = baseDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
        self.jitter = min(max(jitter, 0), 1)
        self.seed = seed
    }

    /// A stable seed for a job id (FNV-1a), the same in every process, unlike `hashValue`.
    public static func seed(for jobID: String) -> UInt64 {
        jobID.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// When to try again after `failureCount` failures (1 after the first), the
    /// last of which happened at `date`; nil when the job has used all its
    /// attempts and belongs in the dead list.
    public func nextAttempt(after failureCount: Int, at date: Date) -> Date? {
        guard failureCount >= 1, failureCount < maximumAttempts else { return nil }
        return date + delay(after: failureCount)
    }

    /// The jittered delay after `failureCount` failures, in seconds.
    public func delay(after failureCount: Int) -> TimeInterval {
        let exponent = Double(max(failureCount, 1) - 1)
        let plain = min(baseDelay * pow(multiplier, exponent), maximumDelay)
        return max(0, plain * (1 + jitter * unitNoise(failureCount)))
    }

    /// A number in [-1, 1) that depends only on `seed` and `failureCount` (SplitMix64).
    private func unitNoise(_ failureCount: Int) -> Double {
        var mixed = seed &+ UInt64(truncatingIfNeeded: failureCount) &* 0x9e37_79b9_7f4a_7c15
        mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        mixed ^= mixed >> 31
        return Double(mixed >> 11) / Double(1 << 52) - 1
    }
}
