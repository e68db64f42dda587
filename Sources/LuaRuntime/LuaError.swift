import Foundation

/// Which per-run limit stopped a plugin.
public enum LuaLimitKind: String, Sendable, Equatable, CustomStringConvertible {
    case memory
    case instructions
    case time
    case cancelled

    public var description: String {
        switch self {
        case .memory: return "memory limit"
        case .instructions: return "instruction limit"
        case .time: return "time limit"
        case .cancelled: return "cancellation"
        }
    }
}

/// An error that came out of Lua: a runtime or syntax error, or a limit.
///
/// `message` is the error without its position; `chunk` and `line` say where it was
/// raised when Lua knew; `traceback` is Lua's stack traceback when one was taken.
public struct LuaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// An error raised by `error()` or by the Lua VM or a library function.
        case runtime
        /// The chunk did not compile.
        case syntax
        /// A per-run limit stopped the code.
        case limit(LuaLimitKind)
        /// The error handler itself failed (e.g. the stack overflowed twice).
        case errorHandling
    }

    public var kind: Kind
    public var message: String
    public var chunk: String?
    public var line: Int?
    public var traceback: String?

    public init(kind: Kind, message: String, chunk: String? = nil, line: Int? = nil, traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.chunk = chunk
        self.line = line
        self.traceback = traceback
    }

    /// "chunk:line: message", or just the message when the position is unknown.
    public var description: String {
        if let chunk, let line { return "\(chunk):\(line): \(message)" }
        if let chunk { return "\(chunk): \(message)" }
        return message
    }

    /// The position of the innermost Lua function in a traceback ("\tchunk:12: in ...").
    static func firstLuaFrame(in traceback: String) -> (String, Int)? {
        for raw in traceback.split(separator: "\n").dropFirst() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[C]") || line.hasPrefix("(...") { continue }
            let parsed = LuaError.parse(line, kind: .runtime, traceback: nil)
            if let chunk = parsed.chunk, let n = parsed.line { return (chunk, n) }
        }
        return nil
    }

    /// Splits Lua's "chunk:line: message" form into its parts.
    static func parse(_ text: String, kind: Kind, traceback: String?) -> LuaError {
        // The position is the first ":<digits>: " in the text.
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == ":" {
                var j = i + 1
                while j < scalars.count, ("0"..."9").contains(scalars[j]) { j += 1 }
                if j > i + 1, j + 1 < scalars.count, scalars[j] == ":", scalars[j + 1] == " " {
                    let chunk = String(String.UnicodeScalarView(scalars[0..<i]))
                    let line = Int(String(String.UnicodeScalarView(scalars[(i + 1)..<j])))
                    let message = String(String.UnicodeScalarView(scalars[(j + 2)...]))
                    if !chunk.contains("\n") {
                        // Errors re-raised through coroutine.wrap or a host call carry
                        // the same position twice; say it once.
                        var message = message
                        let prefix = "\(chunk):\(line ?? 0): "
                        while message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
                        return LuaError(kind: kind, message: message, chunk: chunk, line: line, traceback: traceback)
                    }
                }
            }
            i += 1
        }
        return LuaError(kind: kind, message: text, traceback: traceback)
    }
}

/// Thrown by a host function to report a bad argument, which Lua words as
/// `bad argument #1 to 'draft' (table expected, got nil)`.
public struct LuaArgumentError: Error, Sendable {
    public var index: Int32
    public var message: String
    public init(index: Int32, _ message: String) {
        self.index = index
        self.message = message
    }
}
