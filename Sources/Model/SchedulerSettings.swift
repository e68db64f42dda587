import Foundation

/// `[scheduler]`: how `refer tick` and `refer daemon` treat missed runs and new events.
public struct SchedulerSettings: Sendable, Codable, Equatable {
    /// How late a missed occurrence may still run, in hours (older ones are skipped).
    public var graceHours: Double
    /// How often an idle `refer daemon` looks for new events and changed plugins, in seconds.
    public var pollSeconds: Double

    public static let defaultGraceHours = 24.0
    public static let defaultPollSeconds = 5.0

    public init(graceHours: Double = SchedulerSettings.defaultGraceHours, pollSeconds: Double = SchedulerSettings.defaultPollSeconds) {
        self.graceHours = graceHours
        self.pollSeconds = pollSeconds
    }

    enum CodingKeys: String, CodingKey {
        case graceHours = "grace_hours"
        case pollSeconds = "poll_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // TOML writes 24 and 24.0 differently; accept both.
        func number(_ key: CodingKeys, _ fallback: Double) throws -> Double {
            if let d = try? c.decodeIfPresent(Double.self, forKey: key) { return d }
            return Double(try c.decodeIfPresent(Int.self, forKey: key) ?? Int(fallback))
        }
        graceHours = max(0, try number(.graceHours, Self.defaultGraceHours))
        pollSeconds = max(0.2, try number(.pollSeconds, Self.defaultPollSeconds))
    }
}
