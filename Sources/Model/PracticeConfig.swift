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
    /// How the store is opened.
    public var store: StoreSettings
    /// How plugin packs may be installed (DESIGN.md "Packs").
    public var packs: PackSettings
    /// `[plugins]`: which plugins play a role for the practice.
    public var plugins: PluginSettings = PluginSettings()
    /// `[delivery]`: how drafted messages are approved and sent.
    public var delivery: DeliverySettings = DeliverySettings()
    /// `[scheduler]`: catch-up grace and the daemon's poll interval.
    public var scheduler: SchedulerSettings = SchedulerSettings()

    public init(
        practice: Profile = Profile(), limits: PluginLimits = PluginLimits(),
        store: StoreSettings = StoreSettings(), packs: PackSettings = PackSettings()
    ) {
        self.practice = practice
        self.limits = limits
        self.store = store
        self.packs = packs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        practice = try c.decodeIfPresent(Profile.self, forKey: .practice) ?? Profile()
        limits = try c.decodeIfPresent(PluginLimits.self, forKey: .limits) ?? PluginLimits()
        store = try c.decodeIfPresent(StoreSettings.self, forKey: .store) ?? StoreSettings()
        packs = try c.decodeIfPresent(PackSettings.self, forKey: .packs) ?? PackSettings()
        plugins = try c.decodeIfPresent(PluginSettings.self, forKey: .plugins) ?? PluginSettings()
        delivery = try c.decodeIfPresent(DeliverySettings.self, forKey: .delivery) ?? DeliverySettings()
        scheduler = try c.decodeIfPresent(SchedulerSettings.self, forKey: .scheduler) ?? SchedulerSettings()
    }

    /// The practice profile: the material a partner needs to refer well.
    public struct Profile: Sendable, Codable, Equatable {
        public var name: String
        /// IANA time zone identifier, e.g. "Europe/Bucharest".
        public var timezone: String
        /// Who the practice serves best (R8): "owner-managed firms with 10–50 staff".
        public var idealProspect: String
        /// The problems the practice solves, one line each (R8).
        public var problemsSolved: [String]
        /// What happens to a referred prospect, step by step (R9, R15).
        public var processSteps: [String]
        /// The practitioner who signs outreach.
        public var owner: String
        public var email: String
        public var phone: String
        public var website: String
        /// ISO 4217 code used for referral values and gift costs.
        public var currency: String

        public init(
            name: String = "My Practice", timezone: String = "UTC", idealProspect: String = "",
            problemsSolved: [String] = [], processSteps: [String] = [], owner: String = "",
            email: String = "", phone: String = "", website: String = "", currency: String = "EUR"
        ) {
            self.name = name
            self.timezone = timezone
            self.idealProspect = idealProspect
            self.problemsSolved = problemsSolved
            self.processSteps = processSteps
            self.owner = owner
            self.email = email
            self.phone = phone
            self.website = website
            self.currency = currency
        }

        enum CodingKeys: String, CodingKey {
            case name, timezone, owner, email, phone, website, currency
            case idealProspect = "ideal_prospect"
            case problemsSolved = "problems_solved"
            case processSteps = "process_steps"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? "My Practice"
            timezone = try c.decodeIfPresent(String.self, forKey: .timezone) ?? "UTC"
            idealProspect = try c.decodeIfPresent(String.self, forKey: .idealProspect) ?? ""
            problemsSolved = try c.decodeIfPresent([String].self, forKey: .problemsSolved) ?? []
            processSteps = try c.decodeIfPresent([String].self, forKey: .processSteps) ?? []
            owner = try c.decodeIfPresent(String.self, forKey: .owner) ?? ""
            email = try c.decodeIfPresent(String.self, forKey: .email) ?? ""
            phone = try c.decodeIfPresent(String.self, forKey: .phone) ?? ""
            website = try c.decodeIfPresent(String.self, forKey: .website) ?? ""
            currency = try c.decodeIfPresent(String.self, forKey: .currency) ?? "EUR"
        }

        /// The practice's time zone (UTC when the identifier is unknown; `Practice` validates it).
        public var timeZone: TimeZone { TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")! }
    }

    /// `[store]`: how the SQLite store is opened.
    public struct StoreSettings: Sendable, Codable, Equatable {
        /// How long a command waits for another writer before giving up, in seconds.
        public var busyTimeoutSeconds: Double

        public static let defaultBusyTimeoutSeconds = 5.0

        public init(busyTimeoutSeconds: Double = StoreSettings.defaultBusyTimeoutSeconds) {
            self.busyTimeoutSeconds = busyTimeoutSeconds
        }

        enum CodingKeys: String, CodingKey {
            case busyTimeoutSeconds = "busy_timeout_seconds"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let seconds = try? c.decodeIfPresent(Double.self, forKey: .busyTimeoutSeconds) {
                busyTimeoutSeconds = seconds
            } else {
                busyTimeoutSeconds = Double(try c.decodeIfPresent(Int.self, forKey: .busyTimeoutSeconds) ?? Int(Self.defaultBusyTimeoutSeconds))
            }
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
    /// Most effects (writes) one run may ask for.
    public var effects: Int = PluginLimits.defaultEffects

    public static let defaultMemoryMiB = 64
    public static let defaultTimeoutSeconds = 5.0
    public static let defaultInstructions = 1_000_000_000
    public static let defaultEffects = 1000

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
        case effects
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
        effects = try c.decodeIfPresent(Int.self, forKey: .effects) ?? Self.defaultEffects
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

/// The `[plugins]` section.
public struct PluginSettings: Sendable, Codable, Equatable {
    /// The plugin `ctx.gifts.choose` asks (a gift selector, R11).
    public var giftSelector: String

    public init(giftSelector: String = "gift-picker") { self.giftSelector = giftSelector }

    enum CodingKeys: String, CodingKey { case giftSelector = "gift_selector" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        giftSelector = try c.decodeIfPresent(String.self, forKey: .giftSelector) ?? "gift-picker"
    }
}

/// The `[delivery]` section: approval of drafts and the mail command.
public struct DeliverySettings: Sendable, Codable, Equatable {
    /// Whether drafted messages wait for `refer outbox approve` before `refer send`.
    public var requireApproval: Bool
    /// A sendmail-compatible command fed each message on standard input
    /// (e.g. "sendmail -t -i" or "msmtp -t"); empty: write .eml files into outbox/.
    public var command: String

    public init(requireApproval: Bool = true, command: String = "") {
        self.requireApproval = requireApproval
        self.command = command
    }

    enum CodingKeys: String, CodingKey {
        case requireApproval = "require_approval"
        case command
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requireApproval = try c.decodeIfPresent(Bool.self, forKey: .requireApproval) ?? true
        command = try c.decodeIfPresent(String.self, forKey: .command) ?? ""
    }
}
