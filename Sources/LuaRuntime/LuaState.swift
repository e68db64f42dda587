import CLua
import CLuaShim
import Foundation

/// One Lua state, owned by one task at a time.
///
/// The class is deliberately not `Sendable`: a `lua_State` must not be used from two
/// threads. Every call into Lua goes through a protected call, and every call from Lua
/// into Swift goes through the C trampoline, so no Lua error ever unwinds a Swift frame.
///
/// Outside protected calls the memory ceiling is suspended: host code that pushes
/// values can then only fail on a real out-of-memory, never on the plugin's ceiling.
public final class LuaState {
    /// The raw state. Use the methods of this class; raw use must keep to raw
    /// (metamethod-free) accessors and never call an API that can raise outside a
    /// protected call.
    public let L: OpaquePointer
    let limitsPointer: UnsafeMutablePointer<clua_limits>
    /// Host functions and userdata types registered with this state, kept alive with it.
    var retained: [AnyObject] = []
    var userdataTypes: [ObjectIdentifier: UserdataType] = [:]
    private(set) var closed = false

    /// Makes a bare state with the counting allocator and the limit hook, and no
    /// libraries. Most callers want `LuaState.sandboxed(...)`.
    public init() throws {
        LuaState.installDispatcher
        let limits = UnsafeMutablePointer<clua_limits>.allocate(capacity: 1)
        limits.initialize(to: clua_limits())
        limits.pointee.suspended = 1
        guard let L = clua_newstate(limits) else {
            limits.deallocate()
            throw LuaError(kind: .runtime, message: "cannot create a Lua state (out of memory)")
        }
        self.L = L
        self.limitsPointer = limits
        clua_extraspace(L).pointee = Unmanaged.passUnretained(self).toOpaque()
        clua_sethook(L)
    }

    deinit { close() }

    /// Closes the state, running the host's finalizers. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        limitsPointer.pointee.armed = 0
        limitsPointer.pointee.ceiling = 0
        lua_close(L)
        limitsPointer.deinitialize(count: 1)
        limitsPointer.deallocate()
        retained.removeAll()
    }

    // MARK: Stack basics (main thread)

    /// The main thread's stack.
    public var stack: LuaStack { LuaStack(L: L, state: self) }

    /// The index of the top of the main thread's stack.
    public var top: Int32 {
        get { lua_gettop(L) }
        set { lua_settop(L, newValue) }
    }

    /// Removes `n` values from the top of the main thread's stack.
    public func pop(_ n: Int32 = 1) { clua_pop(L, n) }

    /// Pushes a value on the main thread's stack.
    public func push(_ value: LuaValue) { stack.push(value) }

    /// Reads the value at `index` of the main thread's stack (see `LuaStack.value(at:)`).
    public func value(at index: Int32) -> LuaValue { stack.value(at: index) }

    /// The state that owns the thread `L`, found through the thread's extra space.
    static func owner(of L: OpaquePointer) -> LuaState? {
        guard let raw = clua_extraspace(L).pointee else { return nil }
        return Unmanaged<LuaState>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Sets a global variable (raw: metamethods of the global table are not run).
    public func setGlobal(_ name: String, _ value: LuaValue) {
        clua_pushglobaltable(L)
        stack.push(string: name)
        stack.push(value)
        lua_rawset(L, -3)
        pop()
    }

    /// Reads a global variable (raw).
    public func global(_ name: String) -> LuaValue {
        clua_pushglobaltable(L)
        stack.push(string: name)
        lua_rawget(L, -2)
        let v = value(at: -1)
        pop(2)
        return v
    }

    /// Bytes the Lua heap holds now, and at most since the state was made.
    public var memoryInUse: Int { Int(limitsPointer.pointee.used) }
    public var peakMemory: Int { Int(limitsPointer.pointee.peak) }

    /// Runs a full garbage collection (host side; plugins may only ask for "count").
    public func collectGarbage() {
        _ = clua_gc_collect(L)
    }
}
