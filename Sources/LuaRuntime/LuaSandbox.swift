import CLua
import CLuaShim
import Foundation

/// What a sandboxed state may reach besides the safe standard library.
public struct LuaSandboxOptions {
    /// The folder `require` may load `.lua` files from (the plugin's own folder).
    public var moduleDirectory: URL?
    /// How error messages name files under `moduleDirectory`, e.g. "plugins/thank-you".
    public var moduleDisplayPrefix: String
    /// Modules the host provides, by name; each is built on first `require`.
    public var hostModules: [String: (LuaState) throws -> LuaValue]
    /// Receives each line a plugin prints.
    public var print: (String) -> Void

    public init(
        moduleDirectory: URL? = nil,
        moduleDisplayPrefix: String = "",
        hostModules: [String: (LuaState) throws -> LuaValue] = [:],
        print: @escaping (String) -> Void = { Swift.print($0) }
    ) {
        self.moduleDirectory = moduleDirectory
        self.moduleDisplayPrefix = moduleDisplayPrefix
        self.hostModules = hostModules
        self.print = print
    }

    /// Largest `.lua` file `require` reads.
    public static let maxModuleBytes = 1 << 20
}

/// Why `require` refused a module.
public enum LuaSandboxError: Error, CustomStringConvertible {
    case moduleNameInvalid(String)
    case moduleNotFound(String, searched: String?)
    case moduleOutsideFolder(String)
    case moduleTooLarge(String)
    case moduleLoop(String)

    public var description: String {
        switch self {
        case .moduleNameInvalid(let name):
            return "module '\(name)' has an invalid name (use letters, digits, '_' and '.' only)"
        case .moduleNotFound(let name, let searched):
            if let searched { return "module '\(name)' not found (no host module of that name, and no file \(searched))" }
            return "module '\(name)' not found (plugins may require the host's modules and files in their own folder)"
        case .moduleOutsideFolder(let name):
            return "module '\(name)' resolves outside the plugin's folder; refused"
        case .moduleTooLarge(let name):
            return "module '\(name)' is larger than \(LuaSandboxOptions.maxModuleBytes) bytes"
        case .moduleLoop(let name):
            return "module '\(name)' requires itself (a loop of require calls)"
        }
    }
}

extension LuaState {
    /// A fresh state with the sandboxed standard library (see CLuaShim/sandbox.c),
    /// a `print` that goes to `options.print`, and a `require` limited to the host's
    /// modules and the plugin's own folder.
    public static func sandboxed(_ options: LuaSandboxOptions = LuaSandboxOptions()) throws -> LuaState {
        let state = try LuaState()
        clua_open_sandbox_libs(state.L)
        let printer = options.print
        state.register("print") { frame in
            var parts: [String] = []
            let n = frame.argumentCount
            if n > 0 {
                for i in 1...n { parts.append(try frame.state.tostring(frame, i)) }
            }
            printer(parts.joined(separator: "\t"))
            return 0
        }
        let loader = ModuleLoader(options: options)
        state.register("require") { frame in
            let name = try frame.checkString(1)
            guard frame.L == frame.state.L else {
                throw LuaUserdataError("require must be called outside coroutines (load modules at the top of the file)")
            }
            frame.push(try loader.require(name, state: frame.state))
            return 1
        }
        return state
    }

    /// `tostring(value)` for argument `i`, with `__tostring` run in a protected call.
    func tostring(_ frame: LuaCallFrame, _ i: Int32) throws -> String {
        switch lua_type(frame.L, i) {
        case LUA_TSTRING: return frame.stack.string(at: i) ?? ""
        case LUA_TNUMBER, LUA_TBOOLEAN, LUA_TNIL: return frame.argument(i).stringValue ?? (frame.argument(i).boolValue.map { String($0) } ?? "nil")
        default:
            lua_pushvalue(frame.L, i)
            limitsPointer.pointee.suspended -= 1
            let status = clua_pcall_tostring(frame.L)
            limitsPointer.pointee.suspended += 1
            defer { clua_pop(frame.L, 1) }
            if status != LUA_OK {
                throw LuaUserdataError(frame.stack.string(at: -1) ?? "error in __tostring")
            }
            return frame.stack.string(at: -1) ?? ""
        }
    }
}

/// `require` for sandboxed states: host modules first, then `name.lua` (dots become
/// folders) inside the module directory, never outside it.
final class ModuleLoader {
    let options: LuaSandboxOptions
    private var loaded: [String: LuaValue] = [:]
    private var loading: Set<String> = []

    init(options: LuaSandboxOptions) { self.options = options }

    func require(_ name: String, state: LuaState) throws -> LuaValue {
        if let done = loaded[name] { return done }
        if loading.contains(name) { throw LuaSandboxError.moduleLoop(name) }
        loading.insert(name)
        defer { loading.remove(name) }
        var value: LuaValue
        if let provider = options.hostModules[name] {
            value = try provider(state)
        } else {
            value = try loadFile(name, state: state)
        }
        // Keep the module by identity, so every require sees the same table.
        if case .table = value {
            state.push(value)
            value = .reference(state.reference(at: -1))
            state.pop()
        }
        loaded[name] = value
        return value
    }

    private func loadFile(_ name: String, state: LuaState) throws -> LuaValue {
        let valid = !name.isEmpty && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }
        }
        guard valid else { throw LuaSandboxError.moduleNameInvalid(name) }
        guard let dir = options.moduleDirectory else { throw LuaSandboxError.moduleNotFound(name, searched: nil) }
        let relative = name.replacingOccurrences(of: ".", with: "/") + ".lua"
        let file = dir.appendingPathComponent(relative)
        let display = options.moduleDisplayPrefix.isEmpty ? relative : options.moduleDisplayPrefix + "/" + relative
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw LuaSandboxError.moduleNotFound(name, searched: display)
        }
        let realDir = dir.resolvingSymlinksInPath().standardizedFileURL.path
        let realFile = file.resolvingSymlinksInPath().standardizedFileURL.path
        guard realFile.hasPrefix(realDir + "/") else { throw LuaSandboxError.moduleOutsideFolder(name) }
        let attributes = try? FileManager.default.attributesOfItem(atPath: realFile)
        if let size = attributes?[.size] as? Int, size > LuaSandboxOptions.maxModuleBytes {
            throw LuaSandboxError.moduleTooLarge(name)
        }
        guard let data = FileManager.default.contents(atPath: realFile) else {
            throw LuaSandboxError.moduleNotFound(name, searched: display)
        }
        let chunk = try state.load(bytes: Array(data), chunkName: "@" + display)
        state.push(reference: chunk)
        state.push(.string(LuaString(name)))
        try state.pcall(arguments: 1, results: 1)
        defer { state.pop() }
        if lua_type(state.L, -1) == LUA_TNIL { return .boolean(true) }
        return .reference(state.reference(at: -1))
    }
}
