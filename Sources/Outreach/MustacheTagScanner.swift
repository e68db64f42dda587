import Foundation

/// A Mustache tag that reads data, with the line it sits on.
///
/// swift-mustache does not expose its parsed tokens, so the renderer finds the names
/// a template needs with this small scanner. It runs only on text that swift-mustache
/// has already parsed without error, so it can stay lenient.
indirect enum MustacheNode: Equatable {
    /// `{{name}}`, `{{{name}}}`, `{{&name}}`; `hasTransforms` for `fn(name)`.
    case variable(name: String, hasTransforms: Bool, line: Int)
    /// `{{#name}}…{{/name}}` or, when `inverted`, `{{^name}}…{{/name}}`.
    case section(name: String, inverted: Bool, children: [MustacheNode], line: Int)
    /// `{{> name}}`; `dynamic` for `{{> *name}}`, whose name is itself a variable.
    case partial(name: String, dynamic: Bool, line: Int)
    /// `{{< name}}…{{/name}}`: a parent template with block overrides.
    case parent(name: String, blocks: [MustacheNode], line: Int)
    /// `{{$ name}}…{{/name}}`: a block, its children the default or the override.
    case block(name: String, children: [MustacheNode], line: Int)
}

/// Scans Mustache text into the tags that matter for checking data.
enum MustacheTagScanner {
    private struct Open {
        var sigil: Character
        var name: String
        var line: Int
        var children: [MustacheNode] = []
    }

    /// The tag tree of `text`. Comments, pragmas and delimiter changes are consumed.
    static func scan(_ text: String) -> [MustacheNode] {
        var openDelimiter = "{{"
        var closeDelimiter = "}}"
        var stack: [Open] = [Open(sigil: " ", name: "", line: 0)]
        var position = text.startIndex
        var line = 1

        func append(_ node: MustacheNode) { stack[stack.count - 1].children.append(node) }

        while let open = text.range(of: openDelimiter, range: position..<text.endIndex) {
            line += text[position..<open.lowerBound].count(where: \.isNewline)
            var contentStart = open.upperBound
            var closing = closeDelimiter
            if openDelimiter == "{{", contentStart < text.endIndex, text[contentStart] == "{" {
                contentStart = text.index(after: contentStart)
                closing = "}" + closeDelimiter
            }
            guard let close = text.range(of: closing, range: contentStart..<text.endIndex) else { break }
            let raw = text[contentStart..<close.lowerBound]
            let tagLine = line
            line += raw.count(where: \.isNewline)
            position = close.upperBound

            let content = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if closing != closeDelimiter {
                append(variable(content, line: tagLine))
                continue
            }
            guard let sigil = content.first else { continue }
            let rest = content.dropFirst().trimmingCharacters(in: .whitespacesAndNewlines)
            switch sigil {
            case "!", "%":
                continue
            case "=":
                let parts = rest.dropLast(rest.hasSuffix("=") ? 1 : 0).split(whereSeparator: \.isWhitespace)
                if parts.count == 2 {
                    openDelimiter = String(parts[0])
                    closeDelimiter = String(parts[1])
                }
            case "&":
                append(variable(rest, line: tagLine))
            case "#", "^", "<", "$":
                stack.append(Open(sigil: sigil, name: rest, line: tagLine))
            case "/":
                guard stack.count > 1 else { continue }
                let done = stack.removeLast()
                append(node(closing: done))
            case ">":
                if rest.hasPrefix("*") {
                    append(.partial(name: String(rest.dropFirst()), dynamic: true, line: tagLine))
                } else {
                    append(.partial(name: rest, dynamic: false, line: tagLine))
                }
            default:
                append(variable(content, line: tagLine))
            }
        }
        while stack.count > 1 {
            let done = stack.removeLast()
            append(node(closing: done))
        }
        return stack[0].children
    }

    private static func node(closing open: Open) -> MustacheNode {
        switch open.sigil {
        case "<":
            return .parent(name: open.name, blocks: open.children, line: open.line)
        case "$":
            return .block(name: open.name, children: open.children, line: open.line)
        default:
            let (name, _) = innermostName(open.name)
            return .section(name: name, inverted: open.sigil == "^", children: open.children, line: open.line)
        }
    }

    private static func variable(_ text: String, line: Int) -> MustacheNode {
        let (name, transformed) = innermostName(text)
        return .variable(name: name, hasTransforms: transformed, line: line)
    }

    /// `uppercased(partner.name)` → (`partner.name`, true); `name` → (`name`, false).
    static func innermostName(_ text: String) -> (String, Bool) {
        guard let open = text.lastIndex(of: "(") else { return (text, false) }
        let inner = text[text.index(after: open)...].prefix(while: { $0 != ")" })
        return (String(inner), true)
    }
}
