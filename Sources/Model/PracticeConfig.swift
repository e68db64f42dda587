import Foundation

/// The settings of one practice, read from `refer.toml`.
///
/// Every section has defaults, so an empty `refer.toml` is a valid practice.
/// Unknown keys are ignored so that a newer `refer.toml` still loads.
public struct PracticeConfig: Sendable, Codable, Equatable {
    /// Who the practice is and whom it serves (R8, R15).
    public var practice: Profile
    /// Limits applied to every plugin run (DESIGN.md "The sandbox").
    public var limits: PluginLimits
    /// How plugin packs may be installed (DESIGN.md "Packs").
    public var packs: PackSettings

    public init(practice: Profile = Profile(), limits: PluginLimits = PluginLimits(), packs: PackSettings = PackSettings()) {
        self.practice = practice
        self.limits = limits
        self.packs = packs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        practice = try c.decodeIfPresent(Profile.self, forKey: .practice) ?? Profile()
        limits = try c.decodeIfPresent(PluginLimits.self, forKey: .limits) ?? PluginLimits()
        packs = try c.decodeIfPresent(PackSettings.self, forKey: .packs) ?? PackSettings()
    }

    /// The practice profile: the material a partner needs to refer well.
    public struct Profile: Sendable, Codable, Equatable {
        public var name: String
        /// IANA time zone identifier, e.g. "Europe/Bucharest".
        public var timezone: String

        public init(name: String = "My Practice", timezone: String = "UTC") {
            self.name = name
            self.timezone = timezone
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? "My Practice"
            timezone = try c.decodeIfPresent(String.self, forKey: .timezone) ?? "UTC"
        }
    }
}

/// Per-run ceilings for a plugin. Defaults: 64 MiB, 5 s, one billion instructions.
public struct PluginLimits: Sendable, Codable, Equatable {
    /// Ceiling on the Lua heap, in MiB.
    public var memoryMiB: Int
    /// Wall-clock deadline for one run, in seconds.
    public var timeoutSeconds: Double
    /// Lua VM instruction budget for one run.
    public var instructions: Int

    public static let defaultMemoryMiB = 64
    public static let defaultTimeoutSeconds = 5.0
    public static let defaultInstructions = 1_000_000_000

    public init(
        memoryMiB: Int = PluginLimits.defaultMemoryMiB,
        timeoutSeconds: Double = PluginLimits.defaultTimeoutSeconds,
        instructions: Int = PluginLimits.defaultInstructions
    ) {
        self.memoryMiB = memoryMiB
        self.timeoutSeconds = timeoutSeconds
        self.instructions = instructions
    }

    enum CodingKeys: String, CodingKey {
        case memoryMiB = "memory_mib"
        case timeoutSeconds = "timeout_seconds"
        case instructions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        memoryMiB = try c.decodeIfPresent(Int.self, forKey: .memoryMiB) ?? Self.defaultMemoryMiB
        if let seconds = try? c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) {
            timeoutSeconds = seconds
        } else {
            timeoutSeconds = Double(try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? Int(Self.defaultTimeoutSeconds))
        }
        instructions = try c.decodeIfPresent(Int.self, forKey: .instructions) ?? Self.defaultInstructions
    }
}

/// The `[packs]` section: whether packs without a trusted signature may be installed.
public struct PackSettings: Sendable, Codable, Equatable {
    /// Allow installing packs that carry no signature. Default: false.
    public var allowUnsigned: Bool

    public init(allowUnsigned: Bool = false) {
        self.allowUnsigned = allowUnsigned
    }

    enum CodingKeys: String, CodingKey {
        case allowUnsigned = "allow_unsigned"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        allowUnsigned = try c.decodeIfPresent(Bool.self, forKey: .allowUnsigned) ?? false
    }
}
