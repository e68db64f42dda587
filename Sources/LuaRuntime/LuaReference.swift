import CLua
import CLuaShim

/// A Lua value held in the registry of its state: a Lua function, a table kept by
/// identity, a coroutine. Valid while its `LuaState` lives; released when dropped.
public final class LuaReference {
    let ref: Int32
    weak var state: LuaState?
    /// The Lua type of the referenced value.
    public let typeName: String

    init(ref: Int32, state: LuaState, typeName: String) {
        self.ref = ref
        self.state = state
        self.typeName = typeName
    }

    deinit {
        if let state, !state.closed {
            luaL_unref(state.L, clua_registryindex(), ref)
        }
    }
}

extension LuaState {
    /// Keeps the value at `index` in the registry and returns a handle to it.
    public func reference(at index: Int32) -> LuaReference {
        reference(at: index, on: L)
    }

    func reference(at index: Int32, on L: OpaquePointer) -> LuaReference {
        let name = String(cString: lua_typename(L, lua_type(L, index)))
        lua_pushvalue(L, index)
        let ref = luaL_ref(L, clua_registryindex())
        return LuaReference(ref: ref, state: self, typeName: name)
    }

    /// Pushes the referenced value (nil when it belongs to another state).
    public func push(reference: LuaReference) {
        push(reference: reference, on: L)
    }

    func push(reference: LuaReference, on L: OpaquePointer) {
        guard reference.state === self else {
            lua_pushnil(L)
            return
        }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(reference.ref))
    }
}
