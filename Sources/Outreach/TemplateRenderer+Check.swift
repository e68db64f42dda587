import Foundation

extension TemplateRenderer {
    /// How deep partials may include partials before the renderer calls it a loop.
    static let maxPartialDepth = 24

    /// Walks `name` (and the partials it reaches) the way Mustache would render it with
    /// `data`, and returns every tag whose value is missing. Throws the first syntax or
    /// read error of a file on the way.
    func check(_ name: String, flavor: Flavor, data: TemplateValue) throws -> [TemplateProblem] {
        guard let root = loaded[flavor]?[name] else { return [] }
        var walker = Walker(renderer: self, flavor: flavor)
        try walker.walk(root, stack: [data], depth: 0)
        return walker.problems
    }

    /// The state of one check: the problems found so far, without repeats.
    struct Walker {
        let renderer: TemplateRenderer
        let flavor: Flavor
        var problems: [TemplateProblem] = []
        var seen: Set<String> = []

        mutating func report(_ problem: TemplateProblem) {
            let key = problem.description
            if seen.insert(key).inserted { problems.append(problem) }
        }

        mutating func walk(_ file: Loaded, stack: [TemplateValue], depth: Int) throws {
            if case .failure(let error) = file.template { throw error }
            try walk(file.nodes, file: file.path, stack: stack, depth: depth, blocks: [:])
        }

        mutating func walk(
            _ nodes: [MustacheNode], file: String, stack: [TemplateValue], depth: Int,
            blocks: [String: [MustacheNode]]
        ) throws {
            for node in nodes {
                switch node {
                case .variable(let name, let hasTransforms, let line):
                    if name.isEmpty && hasTransforms { continue }
                    if Self.lookup(name, in: stack) == nil {
                        report(TemplateProblem(file: file, line: line, kind: .missingVariable(name)))
                    }
                case .section(let name, let inverted, let children, _):
                    let value = name.isEmpty ? stack.last : Self.lookup(name, in: stack)
                    if inverted {
                        if !(value?.isTruthy ?? false) {
                            try walk(children, file: file, stack: stack, depth: depth, blocks: blocks)
                        }
                        continue
                    }
                    guard let value, value.isTruthy else { continue }
                    switch value {
                    case .list(let items):
                        for item in items {
                            try walk(children, file: file, stack: stack + [item], depth: depth, blocks: blocks)
                        }
                    case .bool:
                        try walk(children, file: file, stack: stack, depth: depth, blocks: blocks)
                    default:
                        try walk(children, file: file, stack: stack + [value], depth: depth, blocks: blocks)
                    }
                case .partial(let name, let dynamic, let line):
                    var partialName = name
                    if dynamic {
                        guard case .string(let resolved)? = Self.lookup(name, in: stack) else {
                            report(TemplateProblem(file: file, line: line, kind: .missingVariable(name)))
                            continue
                        }
                        partialName = resolved
                    }
                    try include(partialName, from: file, line: line, stack: stack, depth: depth, blocks: blocks)
                case .parent(let name, let overrides, let line):
                    var own: [String: [MustacheNode]] = [:]
                    for case .block(let blockName, let children, _) in overrides {
                        own[blockName] = children
                    }
                    // Overrides from an outer parent win over this one's, as in Mustache.
                    try include(name, from: file, line: line, stack: stack, depth: depth,
                                blocks: own.merging(blocks) { _, outer in outer })
                case .block(let name, let children, _):
                    try walk(blocks[name] ?? children, file: file, stack: stack, depth: depth, blocks: blocks)
                }
            }
        }

        mutating func include(
            _ name: String, from file: String, line: Int, stack: [TemplateValue], depth: Int,
            blocks: [String: [MustacheNode]]
        ) throws {
            guard let partial = renderer.loaded[flavor]?[name] else {
                report(TemplateProblem(file: file, line: line, kind: .missingPartial(name)))
                return
            }
            guard depth < TemplateRenderer.maxPartialDepth else {
                report(TemplateProblem(file: file, line: line, kind: .partialsTooDeep(name)))
                return
            }
            if case .failure(let error) = partial.template { throw error }
            try walk(partial.nodes, file: partial.path, stack: stack, depth: depth + 1, blocks: blocks)
        }

        /// Resolves a Mustache name against the context stack: `.` is the top, a dotted
        /// name looks its first part up the stack and the rest strictly inside it.
        static func lookup(_ name: String, in stack: [TemplateValue]) -> TemplateValue? {
            if name == "." { return stack.last }
            let parts = name.split(separator: ".").map(String.init)
            guard let first = parts.first else { return nil }
            var found: TemplateValue?
            if name.hasPrefix(".") {
                found = stack.last?[first]
            } else {
                for frame in stack.reversed() {
                    if let value = frame[first] {
                        found = value
                        break
                    }
                }
            }
            for part in parts.dropFirst() {
                found = found?[part]
            }
            return found
        }
    }
}
