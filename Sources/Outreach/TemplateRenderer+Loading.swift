import Foundation
import Mustache

extension TemplateRenderer {
    /// A template file found in a folder (or built in), not yet read.
    struct FoundFile {
        /// Path below the folder, e.g. `thank-you.txt.mustache` or `partials/footer.mustache`.
        let relative: String
        /// What errors show: the full path, or `built-in:NAME` for built-in templates.
        let path: String
        let read: @Sendable () -> Result<String, OutreachError>
    }

    /// The pragma that turns HTML escaping off for text templates. It sits on a line of
    /// its own, which Mustache drops, so lines below it are one further down than in
    /// the file: ``parse(path:text:flavor:)`` subtracts that line again.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}\n"

    static func listFiles(in folder: URL) -> [FoundFile] {
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [FoundFile] = []
        for case let relative as String in enumerator where relative.hasSuffix(".mustache") {
            let path = base + "/" + relative
            found.append(FoundFile(relative: relative, path: path) {
                do {
                    let data = try Data(contentsOf: URL(fileURLWithPath: path))
                    guard let text = String(data: data, encoding: .utf8) else {
                        return .failure(.templateUnreadable(file: path, reason: "it is not UTF-8 text"))
                    }
                    return .success(text)
                } catch {
                    return .failure(.templateUnreadable(file: path, reason: error.localizedDescription))
                }
            })
        }
        return found.sorted { $0.relative < $1.relative }
    }

    static func builtInFiles(_ builtIn: [String: String]) -> [FoundFile] {
        builtIn.keys.sorted().map { name in
            let text = builtIn[name] ?? ""
            return FoundFile(relative: name, path: "built-in:" + name) { .success(text) }
        }
    }

    /// `a/b.txt.mustache` → (`a/b`, .text); `b.html.mustache` → (`b`, .html);
    /// `b.mustache` → (`b`, nil), a partial for both flavors.
    static func split(_ relative: String) -> (String, Flavor?)? {
        guard relative.hasSuffix(".mustache") else { return nil }
        let stem = String(relative.dropLast(".mustache".count))
        if stem.hasSuffix(".txt") { return (String(stem.dropLast(4)), .text) }
        if stem.hasSuffix(".html") { return (String(stem.dropLast(5)), .html) }
        return (stem, nil)
    }

    static func parse(path: String, text: Result<String, OutreachError>, flavor: Flavor) -> Loaded {
        let source: String
        switch text {
        case .failure(let error):
            return Loaded(path: path, template: .failure(error), nodes: [])
        case .success(let value):
            source = value
        }
        let lineOffset = flavor == .text ? 1 : 0
        let full = flavor == .text ? textPragma + source : source
        do {
            let template = try MustacheTemplate(string: full)
            return Loaded(path: path, template: .success(template), nodes: MustacheTagScanner.scan(source))
        } catch let error as MustacheTemplate.ParserError {
            // An unfinished tag is found only at the end of the text; name the last line
            // that has text rather than the empty one after the final newline.
            let lastLine = max(1, source.split(separator: "\n", omittingEmptySubsequences: false).count
                - (source.hasSuffix("\n") ? 1 : 0))
            let syntax = OutreachError.templateSyntaxError(
                file: path,
                line: min(lastLine, max(1, error.context.lineNumber - lineOffset)),
                column: error.context.columnNumber,
                reason: describe(error.error))
            return Loaded(path: path, template: .failure(syntax), nodes: [])
        } catch {
            let syntax = OutreachError.templateSyntaxError(file: path, line: 1, column: 1, reason: "\(error)")
            return Loaded(path: path, template: .failure(syntax), nodes: [])
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else {
            return "the tag is not finished (a closing delimiter is missing)"
        }
        switch error {
        case .sectionCloseNameIncorrect: return "the closing tag does not match the section it closes"
        case .unfinishedName: return "the tag is not finished or its name has characters a name cannot have"
        case .expectedSectionEnd: return "a section is opened but never closed"
        case .invalidSetDelimiter: return "the set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a block cannot take a transform"
        case .illegalTokenInsideInheritSection: return "only blocks ({{$name}}) may appear inside a parent tag"
        case .textInsideInheritSection: return "text may not appear inside a parent tag"
        case .invalidConfigVariableSyntax: return "the pragma tag is malformed"
        case .unrecognisedConfigVariable: return "the pragma is not known"
        }
    }
}
