import Foundation

/// Timing of the scheduling hot path, for the benchmark package and hand runs.
/// Speed is measured there, never in timed unit tests.
public enum ScheduleBenchmark {
    /// What one timing run measured.
    public struct Result: Sendable {
        /// Next-occurrence computations done.
        public let computations: Int
        /// Wall time they took, in seconds.
        public let seconds: Double
        /// Computations per second.
        public var rate: Double { Double(computations) / seconds }
        /// A sum of the results, so the optimiser cannot drop the work.
        public let checksum: Double
    }

    /// Computes `count` next occurrences of `expression` in `zone`, from instants
    /// spread over about a year after `start` (61 s apart, wrapping around).
    public static func measureNextOccurrence(of expression: ScheduleExpression, in zone: TimeZone,
                                             from start: Date, count: Int) -> Result {
        // Warm the zone table so the first, slow Foundation lookup is not timed.
        _ = expression.nextOccurrence(after: start, in: zone)
        let origin = start.timeIntervalSince1970
        var checksum = 0.0
        let began = DispatchTime.now().uptimeNanoseconds
        for index in 0..<count {
            let after = Date(timeIntervalSince1970: origin + Double(index % 524_288) * 61)
            checksum += expression.nextOccurrence(after: after, in: zone)?.timeIntervalSince1970 ?? 0
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        return Result(computations: count, seconds: elapsed, checksum: checksum)
    }
}
