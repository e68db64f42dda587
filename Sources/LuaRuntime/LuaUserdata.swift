import CLua
import CLuaShim

/// A Swift object that Lua sees as userdata, with metamethods backed by Swift.
///
/// Every requirement has a default: reading an unknown key gives nil, writing is
/// refused (host objects are read-only unless they say otherwise), `tostring` shows
/// the type name, `==` is identity, and `#` and `pairs` are errors.
public protocol LuaUserdata: AnyObject {
    /// The name Lua shows for the type (`__name`), e.g. "Partner".
    static var luaTypeName: String { get }
    /// `object[key]`.
    func luaIndex(_ key: LuaValue) throws -> LuaValue
    /// `object[key] = value`.
    func luaNewIndex(_ key: LuaValue, _ value: LuaValue) throws
    /// `tostring(object)`.
    var luaDescription: String { get }
    /// `a == b` for two objects of this type.
    func luaEquals(_ other: any LuaUserdata) -> Bool
    /// `#object`.
    func luaLength() throws -> Int
    /// What `pairs(object)` walks, in order.
    func luaPairs() throws -> [(LuaValue, LuaValue)]
}

public extension LuaUserdata {
    func luaIndex(_ key: LuaValue) throws -> LuaValue { .nil }
    func luaNewIndex(_ key: LuaValue, _ value: LuaValue) throws {
        throw LuaUserdataError("attempt to modify field '\(key.stringValue ?? key.typeName)' of a read-only \(Self.luaTypeName)")
    }
    var luaDescription: String { "\(Self.luaTypeName): \(ObjectIdentifier(self).debugDescription)" }
    func luaEquals(_ other: any LuaUserdata) -> Bool { self === other }
    func luaLength() throws -> Int { throw LuaUserdataError("attempt to get length of a \(Self.luaTypeName) value") }
    func luaPairs() throws -> [(LuaValue, LuaValue)] { throw LuaUserdataError("\(Self.luaTypeName) cannot be iterated with pairs") }
}

/// An error raised by a userdata metamethod; its text becomes the Lua error.
public struct LuaUserdataError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The metatable registered for one Swift type.
final class UserdataType {
    let registryName: String
    init(registryName: String) { self.registryName = registryName }
}

extension LuaState {
    /// Pushes `object` as userdata; its type's metatable is made on first use.
    public func push(userdata object: any LuaUserdata) {
        push(userdata: object, on: L)
    }

    func push(userdata object: any LuaUserdata, on L: OpaquePointer) {
        let type = userdataType(for: object, on: L)
        clua_pushhostobject(L, Unmanaged.passRetained(object as AnyObject).toOpaque())
        _ = clua_getmetatable_named(L, type.registryName)
        lua_setmetatable(L, -2)
    }

    /// The host object at `index`, when the value is userdata made by `push(userdata:)`.
    public func hostObject(at index: Int32) -> (any LuaUserdata)? { hostObject(at: index, on: L) }

    func hostObject(at index: Int32, on L: OpaquePointer) -> (any LuaUserdata)? {
        guard let raw = clua_tohostobject(L, index) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue() as? any LuaUserdata
    }

    private func userdataType(for object: any LuaUserdata, on L: OpaquePointer) -> UserdataType {
        let id = ObjectIdentifier(Swift.type(of: object))
        if let known = userdataTypes[id] { return known }
        let typeName = Swift.type(of: object).luaTypeName
        let type = UserdataType(registryName: typeName)
        userdataTypes[id] = type
        let stack = LuaStack(L: L, state: self)
        // luaL_newmetatable also sets __name, which Lua uses in its messages.
        _ = luaL_newmetatable(L, typeName)
        func set(_ key: String, _ fn: @escaping (LuaCallFrame, any LuaUserdata) throws -> Int32) {
            stack.push(string: key)
            push(function: LuaHostFunction(key) { frame in
                guard let me = frame.state.hostObject(at: 1, on: frame.L) else {
                    throw LuaArgumentError(index: 1, "\(typeName) expected, got \(frame.typeName(1))")
                }
                return try fn(frame, me)
            }, on: L)
            lua_rawset(L, -3)
        }
        set("__index") { frame, me in frame.push(try me.luaIndex(frame.argument(2))); return 1 }
        set("__newindex") { frame, me in try me.luaNewIndex(frame.argument(2), frame.argument(3)); return 0 }
        set("__tostring") { frame, me in frame.stack.push(string: me.luaDescription); return 1 }
        set("__len") { frame, me in frame.push(.integer(Int64(try me.luaLength()))); return 1 }
        set("__eq") { frame, me in
            let other = frame.state.hostObject(at: 2, on: frame.L)
            frame.push(.boolean(other.map { me.luaEquals($0) } ?? false))
            return 1
        }
        set("__pairs") { frame, me in
            let entries = try me.luaPairs()
            var position = 0
            frame.push(.function(LuaHostFunction("next") { iteration in
                guard position < entries.count else { iteration.push(.nil); return 1 }
                let (k, v) = entries[position]
                position += 1
                iteration.push(k)
                iteration.push(v)
                return 2
            }))
            frame.push(.nil)
            frame.push(.nil)
            return 3
        }
        stack.push(string: "__gc")
        clua_pushhostobjectgc(L)
        lua_rawset(L, -3)
        stack.push(string: "__refer_host")
        lua_pushboolean(L, 1)
        lua_rawset(L, -3)
        stack.push(string: "__metatable")
        lua_pushboolean(L, 0)
        lua_rawset(L, -3)
        pop()
        return type
    }
}
