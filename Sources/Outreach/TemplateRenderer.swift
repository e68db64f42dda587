import Foundation
import Mustache

/// What a template produced: an optional subject, the plain-text body and, when the
/// template has an HTML twin, the HTML body.
public struct RenderedTemplate: Sendable, Equatable {
    /// The text after `Subject:` on the first line of the text template, if it has one.
    public var subject: String?
    /// The plain-text body (without the subject line and the blank line after it).
    public var text: String
    /// The HTML body, from `NAME.html.mustache`, when that file exists.
    public var html: String?

    /// Creates a rendered result.
    public init(subject: String?, text: String, html: String?) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}

/// Renders Mustache templates found in a list of folders, highest priority first.
///
/// Files and names:
/// - `NAME.txt.mustache` — the plain-text body, required for a template used as a message.
///   If its first line starts with `Subject:`, the rest of that line (rendered) is the
///   subject; that line and one blank line after it are not part of the body.
/// - `NAME.html.mustache` — an optional HTML body, rendered with HTML escaping.
/// - `NAME.mustache` — a partial usable from both kinds.
///
/// A partial `{{> footer}}` in a text template resolves to `footer.txt.mustache`, then
/// `footer.mustache`; in an HTML template to `footer.html.mustache`, then `footer.mustache`.
/// Text templates are rendered without HTML escaping.
///
/// Overrides work per name: the first folder that holds any file for a name supplies
/// all of that name's files, so a practice's `templates/thank-you.txt.mustache` replaces
/// a pack's `thank-you.txt.mustache` *and* `thank-you.html.mustache` together.
///
/// A missing value is an error, never an empty hole: before rendering, every tag the
/// template and its partials would render is checked against the data, and all gaps
/// are reported with file and line (see ``render(_:data:)``).
public struct TemplateRenderer: Sendable {
    enum Flavor: Sendable, CaseIterable {
        case text, html
    }

    /// One template file as found on disk (or built in), parsed for one flavor.
    struct Loaded: Sendable {
        let path: String
        let template: Result<MustacheTemplate, OutreachError>
        let nodes: [MustacheNode]
    }

    /// The files of one name, from the folder that won for that name.
    struct NameSet: Sendable {
        var text: String?
        var html: String?
        var any: String?
    }

    let searched: [String]
    let names: [String: NameSet]
    let loaded: [Flavor: [String: Loaded]]
    let libraries: [Flavor: MustacheLibrary]

    /// Loads every `*.mustache` under `folders` (first folder wins per name), then
    /// `builtIn` templates (file name → text) as the lowest priority. Folders that
    /// do not exist are skipped; unreadable or broken files are reported when used.
    public init(folders: [URL], builtIn: [String: String] = [:]) {
        var sources: [String: (path: String, text: Result<String, OutreachError>)] = [:]
        var names: [String: NameSet] = [:]
        let layers = folders.map { Self.listFiles(in: $0) } + [Self.builtInFiles(builtIn)]
        for layer in layers {
            var layerNames: [String: NameSet] = [:]
            for file in layer {
                guard let (name, flavor) = Self.split(file.relative) else { continue }
                guard names[name] == nil else { continue }
                switch flavor {
                case .some(.text): layerNames[name, default: NameSet()].text = file.path
                case .some(.html): layerNames[name, default: NameSet()].html = file.path
                case .none: layerNames[name, default: NameSet()].any = file.path
                }
                sources[file.path] = (file.path, file.read())
            }
            names.merge(layerNames) { first, _ in first }
        }

        var loaded: [Flavor: [String: Loaded]] = [:]
        var libraries: [Flavor: MustacheLibrary] = [:]
        for flavor in Flavor.allCases {
            var library = MustacheLibrary()
            var byName: [String: Loaded] = [:]
            for (name, set) in names {
                let chosen = flavor == .text ? (set.text ?? set.any) : (set.html ?? set.any)
                guard let path = chosen, let source = sources[path] else { continue }
                let item = Self.parse(path: path, text: source.text, flavor: flavor)
                byName[name] = item
                if case .success(let template) = item.template {
                    library.register(template, named: name)
                }
            }
            loaded[flavor] = byName
            libraries[flavor] = library
        }
        self.searched = folders.map(\.path)
        self.names = names
        self.loaded = loaded
        self.libraries = libraries
    }

    /// Whether a message template `name` (its `NAME.txt.mustache`) exists.
    public func hasTemplate(_ name: String) -> Bool {
        names[name]?.text != nil
    }

    /// Renders template `name` with `data`.
    ///
    /// - Throws: ``OutreachError/templateNotFound(name:searched:)`` when no folder holds
    ///   `NAME.txt.mustache`; ``OutreachError/templateSyntaxError(file:line:column:reason:)``
    ///   for the first broken file the template uses;
    ///   ``OutreachError/templateDataIncomplete(template:problems:)`` listing every tag
    ///   (with file and line) whose value is missing, and every missing partial.
    ///   Sections (`{{#x}}…{{/x}}`) and inverted sections treat a missing `x` as false:
    ///   that is how a template marks a part as optional.
    public func render(_ name: String, data: [String: TemplateValue]) throws -> RenderedTemplate {
        guard let set = names[name], set.text != nil else {
            throw OutreachError.templateNotFound(name: name, searched: searched)
        }
        let root = TemplateValue.dict(data)
        var flavors: [Flavor] = [.text]
        if set.html != nil { flavors.append(.html) }

        var problems: [TemplateProblem] = []
        for flavor in flavors {
            problems += try check(name, flavor: flavor, data: root)
        }
        if !problems.isEmpty {
            throw OutreachError.templateDataIncomplete(template: name, problems: problems)
        }

        let object = root.mustacheObject
        let text = libraries[.text]?.render(object, withTemplate: name) ?? ""
        let html = set.html == nil ? nil : libraries[.html]?.render(object, withTemplate: name)
        let (subject, body) = Self.splitSubject(text)
        return RenderedTemplate(subject: subject, text: body, html: html)
    }

    /// Splits a leading `Subject: …` line (and one blank line after it) from `text`.
    static func splitSubject(_ text: String) -> (String?, String) {
        guard text.hasPrefix("Subject:") else { return (nil, text) }
        let firstLineEnd = text.firstIndex(where: \.isNewline) ?? text.endIndex
        let subject = text[text.index(text.startIndex, offsetBy: 8)..<firstLineEnd]
            .trimmingCharacters(in: .whitespaces)
        var rest = text[firstLineEnd...].dropFirst()
        if let first = rest.first, first.isNewline { rest = rest.dropFirst() }
        return (subject, String(rest))
    }
}
