import CLua
import CLuaShim

/// The ceilings of one run: memory, instructions and wall-clock time.
public struct LuaLimits: Sendable, Equatable {
    /// Ceiling on the Lua heap in bytes (0 = none).
    public var memoryBytes: Int
    /// VM instructions the run may execute (0 = no budget).
    public var instructions: Int
    /// Wall-clock seconds the run may take (0 = no deadline).
    public var timeout: Double

    public init(memoryBytes: Int = 64 << 20, instructions: Int = 1_000_000_000, timeout: Double = 5) {
        self.memoryBytes = memoryBytes
        self.instructions = instructions
        self.timeout = timeout
    }

    /// No limits at all (host-side scripts and tests).
    public static let none = LuaLimits(memoryBytes: 0, instructions: 0, timeout: 0)
}

extension LuaState {
    /// Runs `body` with `limits` in force: the memory ceiling, the instruction budget
    /// and a deadline `limits.timeout` seconds from now. Nested calls share the outer
    /// run's limits.
    public func withLimits<T>(_ limits: LuaLimits, _ body: () throws -> T) rethrows -> T {
        let p = limitsPointer
        if p.pointee.armed != 0 { return try body() }
        p.pointee.ceiling = limits.memoryBytes > 0 ? max(limits.memoryBytes, memoryInUse + (64 << 10)) : 0
        p.pointee.budget = Int64(limits.instructions)
        p.pointee.instructions = 0
        p.pointee.deadline = limits.timeout > 0 ? clua_monotonic() + limits.timeout : 0
        p.pointee.tripped = CLUA_TRIP_NONE
        p.pointee.cancel = 0
        p.pointee.armed = 1
        clua_sethook(L)
        defer {
            p.pointee.armed = 0
            p.pointee.ceiling = 0
        }
        return try body()
    }

    /// The limit that stopped the current or last run, if any.
    public var trippedLimit: LuaLimitKind? {
        switch limitsPointer.pointee.tripped {
        case CLUA_TRIP_MEMORY: return .memory
        case CLUA_TRIP_INSTRUCTIONS: return .instructions
        case CLUA_TRIP_DEADLINE: return .time
        case CLUA_TRIP_CANCELLED: return .cancelled
        default: return nil
        }
    }

    /// Instructions counted in the current or last run (to the hook's granularity).
    public var instructionsUsed: Int { Int(limitsPointer.pointee.instructions) }
}
