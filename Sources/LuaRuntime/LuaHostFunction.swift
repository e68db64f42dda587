import CLua
import CLuaShim

/// A Swift function that Lua can call.
///
/// The body receives the call's frame (its arguments are at stack indices 1...n),
/// pushes its results and returns how many it pushed. Throwing `LuaArgumentError`
/// reports a bad argument in Lua's own words; any other error becomes a Lua error
/// with the error's description, raised by C at the caller's position.
public final class LuaHostFunction {
    /// The name used in error messages when Lua cannot tell it.
    public let name: String
    let body: (LuaCallFrame) throws -> Int32

    public init(_ name: String, _ body: @escaping (LuaCallFrame) throws -> Int32) {
        self.name = name
        self.body = body
    }
}

/// Raised from a host function to re-raise an error value as it is (for example an
/// error that came back from a Lua function the host called).
public struct LuaRethrow: Error {
    // Thrown and caught within one host call on the state's own thread, never sent
    // elsewhere; Error's Sendable requirement does not apply in practice.
    nonisolated(unsafe) let reference: LuaReference
    public init(_ reference: LuaReference) { self.reference = reference }
}

/// The arguments and results of one call from Lua into Swift.
///
/// A frame is valid only during the call it was made for; do not keep it.
public struct LuaCallFrame {
    /// The calling thread.
    public let L: OpaquePointer
    /// The state the thread belongs to.
    ///
    /// Not reference-counted: a frame lives only while its state is running Lua code,
    /// so the state is alive, and counting it cost more than the rest of an empty call
    /// (Benchmarks/README.md).
    public unowned(unsafe) let state: LuaState

    /// The calling thread's stack. Only its raw, non-raising accessors are used.
    public var stack: LuaStack { LuaStack(L: L, state: state) }

    /// The number of arguments.
    public var argumentCount: Int32 { lua_gettop(L) }

    /// The argument at `i` (1-based) as a Swift value.
    public func argument(_ i: Int32) -> LuaValue {
        i <= argumentCount ? stack.value(at: i) : .nil
    }

    /// The Lua type name of argument `i` ("no value" when absent).
    public func typeName(_ i: Int32) -> String {
        i <= argumentCount ? stack.typeName(at: i) : "no value"
    }

    /// Argument `i` as a string; a bad-argument error otherwise.
    public func checkString(_ i: Int32) throws -> String {
        guard i <= argumentCount, lua_type(L, i) == LUA_TSTRING || lua_type(L, i) == LUA_TNUMBER else {
            throw LuaArgumentError(index: i, "string expected, got \(typeName(i))")
        }
        if lua_type(L, i) == LUA_TNUMBER { return argument(i).stringValue ?? "" }
        return stack.string(at: i) ?? ""
    }

    /// Argument `i` as an integer; a bad-argument error otherwise.
    public func checkInteger(_ i: Int32) throws -> Int64 {
        var ok: Int32 = 0
        let v = lua_tointegerx(L, i, &ok)
        guard i <= argumentCount, ok != 0 else {
            if lua_type(L, i) == LUA_TNUMBER {
                throw LuaArgumentError(index: i, "number has no integer representation")
            }
            throw LuaArgumentError(index: i, "number expected, got \(typeName(i))")
        }
        return Int64(v)
    }

    /// Argument `i` as a number; a bad-argument error otherwise.
    public func checkNumber(_ i: Int32) throws -> Double {
        guard i <= argumentCount, lua_type(L, i) == LUA_TNUMBER else {
            throw LuaArgumentError(index: i, "number expected, got \(typeName(i))")
        }
        return lua_tonumberx(L, i, nil)
    }

    /// Argument `i` as a table snapshot; a bad-argument error otherwise.
    public func checkTable(_ i: Int32) throws -> LuaTable {
        guard i <= argumentCount, lua_type(L, i) == LUA_TTABLE else {
            throw LuaArgumentError(index: i, "table expected, got \(typeName(i))")
        }
        return stack.value(at: i).tableValue ?? LuaTable()
    }

    /// Argument `i` as a handle to a Lua function; a bad-argument error otherwise.
    public func checkFunction(_ i: Int32) throws -> LuaReference {
        guard i <= argumentCount, lua_type(L, i) == LUA_TFUNCTION else {
            throw LuaArgumentError(index: i, "function expected, got \(typeName(i))")
        }
        return state.reference(at: i, on: L)
    }

    /// Returns the first `n` arguments unchanged as the results.
    public func returnArguments(_ n: Int32) -> Int32 {
        lua_settop(L, n)
        return n
    }

    /// Pushes a result.
    public func push(_ value: LuaValue) { stack.push(value) }
}

extension LuaState {
    /// Pushes a Swift function as a Lua function.
    public func push(function: LuaHostFunction) {
        push(function: function, on: L)
    }

    func push(function: LuaHostFunction, on L: OpaquePointer) {
        // The closure's retainer upvalue owns this reference and releases it in __gc.
        clua_pushhostfunction(L, Unmanaged.passRetained(function).toOpaque())
    }

    /// Sets a global Swift function.
    public func register(_ name: String, _ body: @escaping (LuaCallFrame) throws -> Int32) {
        setGlobal(name, .function(LuaHostFunction(name, body)))
    }

    /// Installs the one C-callable dispatcher, once per process.
    static let installDispatcher: Void = {
        clua_set_dispatch({ L, ctx, argOut in
            guard let L, let ctx else { return CLUA_CALL_ERROR }
            guard let owner = clua_extraspace(L).pointee else {
                lua_pushstring(L, "host function called on an unknown state")
                return CLUA_CALL_ERROR
            }
            // Neither object is retained for the call: the Lua closure being called
            // holds the function (its retainer upvalue), and the state is running Lua
            // code, so its owner holds it. Retaining them was most of an empty call.
            return Unmanaged<LuaHostFunction>.fromOpaque(ctx)._withUnsafeGuaranteedRef { function in
                Unmanaged<LuaState>.fromOpaque(owner)._withUnsafeGuaranteedRef { state in
                    dispatch(function, state: state, L: L, argOut: argOut)
                }
            }
        }, { ctx in
            if let ctx { Unmanaged<LuaHostFunction>.fromOpaque(ctx).release() }
        })
    }()

    /// Runs one host call: the memory ceiling is suspended while Swift builds the
    /// results, and a thrown error becomes the status the C trampoline raises.
    private static func dispatch(
        _ function: LuaHostFunction, state: LuaState, L: OpaquePointer, argOut: UnsafeMutablePointer<Int32>?
    ) -> Int32 {
        let limits = state.limitsPointer
        limits.pointee.suspended += 1
        defer { limits.pointee.suspended -= 1 }
        do {
            return try function.body(LuaCallFrame(L: L, state: state))
        } catch let error as LuaArgumentError {
            LuaStack(L: L, state: state).push(string: error.message)
            argOut?.pointee = error.index
            return CLUA_CALL_ARGERROR
        } catch let error as LuaRethrow {
            state.push(reference: error.reference, on: L)
            return CLUA_CALL_RETHROW
        } catch {
            LuaStack(L: L, state: state).push(string: String(describing: error))
            return CLUA_CALL_ERROR
        }
    }
}
