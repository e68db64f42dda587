import CLua
import CLuaShim

extension LuaState {
    /// Compiles Lua source text (never bytecode) into a function.
    ///
    /// - Parameter chunkName: how errors name the source, e.g. "@plugins/x/plugin.lua"
    ///   (the "@" marks a file name) or "=stdin".
    public func load(_ source: String, chunkName: String) throws -> LuaReference {
        try load(bytes: Array(source.utf8), chunkName: chunkName)
    }

    /// Compiles Lua source bytes (never bytecode) into a function.
    public func load(bytes: [UInt8], chunkName: String) throws -> LuaReference {
        let storage = bytes.isEmpty ? [0] : bytes
        let status = storage.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                clua_loadbuffer(L, chars.baseAddress, bytes.count, chunkName)
            }
        }
        if status != LUA_OK {
            let error = takeError(status: status)
            throw error
        }
        let ref = reference(at: -1)
        pop()
        return ref
    }

    /// Calls `function` with `arguments` in protected mode and returns its results.
    ///
    /// A Lua error, or a limit reached, comes back as a thrown `LuaError`; the state
    /// stays usable.
    @discardableResult
    public func call(_ function: LuaReference, _ arguments: [LuaValue] = [], results: Int32 = -1) throws -> [LuaValue] {
        let base = top
        ensureStackOrThrow(Int32(arguments.count) + 2)
        push(reference: function)
        for a in arguments { push(a) }
        try pcall(arguments: Int32(arguments.count), results: results)
        let n = top - base
        var out: [LuaValue] = []
        out.reserveCapacity(Int(n))
        if n > 0 { for i in (base + 1)...(base + n) { out.append(value(at: i)) } }
        top = base
        return out
    }

    /// Calls the function under `arguments` values on the stack, leaving `results`
    /// values (or all, when -1) in their place. Throws the converted error, with the
    /// stack restored to below the function.
    public func pcall(arguments: Int32, results: Int32) throws {
        let base = top - arguments - 1
        let limits = limitsPointer
        limits.pointee.suspended -= 1
        let status = clua_pcall_traced(L, arguments, results)
        limits.pointee.suspended += 1
        if status != LUA_OK {
            let error = takeError(status: status)
            top = base
            throw error
        }
    }

    func ensureStackOrThrow(_ n: Int32) {
        _ = lua_checkstack(L, n)
    }

    /// Pops the error object on top and turns it into a `LuaError`, without running
    /// any of its metamethods outside a protected call.
    func takeError(status: Int32) -> LuaError {
        let traceback = takeTraceback()
        // The text first: turning an error object into text may itself hit a limit.
        let text: String
        switch lua_type(L, -1) {
        case LUA_TSTRING:
            text = stack.string(at: -1) ?? ""
        case LUA_TNUMBER:
            text = value(at: -1).stringValue ?? ""
        case LUA_TNIL:
            text = "nil"
        default:
            text = describeErrorObject()
        }
        var kind: LuaError.Kind
        switch status {
        case LUA_ERRSYNTAX: kind = .syntax
        case LUA_ERRERR: kind = .errorHandling
        default: kind = .runtime
        }
        if let limit = trippedLimit { kind = .limit(limit) }
        else if status == LUA_ERRMEM { kind = .limit(.memory) }
        pop()
        var error = LuaError.parse(text, kind: kind, traceback: traceback)
        if case .limit(let limit) = kind, !text.contains("exceeded") {
            // The limit fired where Lua gave no position (a memory error in C, or
            // while turning an error object into text).
            error.message = text == "not enough memory" ? "\(limit) exceeded" : "\(limit) exceeded (\(text))"
        }
        if error.chunk == nil, let traceback, let (chunk, line) = LuaError.firstLuaFrame(in: traceback) {
            error.chunk = chunk
            error.line = line
        }
        if error.chunk == nil, kind == .limit(.memory) {
            let whereText = withUnsafeBytes(of: limitsPointer.pointee.where) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            let position = LuaError.parse(whereText + ": x", kind: kind, traceback: nil)
            error.chunk = position.chunk
            error.line = position.line
        }
        return error
    }

    /// Converts a non-string error object (on top) to text. Its `__tostring` runs in a
    /// protected call while the run's limits still hold, so a misbehaving metamethod
    /// ends at the same deadline as the rest of the plugin.
    private func describeErrorObject() -> String {
        let typeName = stack.typeName(at: -1)
        guard limitsPointer.pointee.armed != 0, trippedLimit == nil,
              luaL_getmetafield(L, -1, "__tostring") != LUA_TNIL else {
            return "(error object is a \(typeName) value)"
        }
        pop()
        lua_pushvalue(L, -1)
        limitsPointer.pointee.suspended -= 1
        let status = clua_pcall_tostring(L)
        limitsPointer.pointee.suspended += 1
        defer { pop() }
        if status == LUA_OK, let s = stack.string(at: -1) { return s }
        return "(error object is a \(typeName) value)"
    }

    private func takeTraceback() -> String? {
        let key = "refer.traceback"
        lua_getfield(L, clua_registryindex(), key)
        let tb = stack.string(at: -1)
        pop()
        lua_pushnil(L)
        lua_setfield(L, clua_registryindex(), key)
        return tb
    }
}
