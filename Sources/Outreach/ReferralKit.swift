import Foundation

/// What a partner needs to refer well (R8, R15): whom the practice serves, which
/// problems it solves, what happens to someone referred, and how to introduce them.
public struct ReferralKitProfile: Sendable, Equatable {
    /// The practice's name.
    public var practiceName: String
    /// The ideal prospect, in a sentence or two.
    public var idealProspect: String
    /// The problems the practice solves, one per entry.
    public var problemsSolved: [String]
    /// The steps a referred prospect goes through, in order.
    public var processSteps: [String]
    /// How a partner should make an introduction.
    public var howToIntroduce: String
    /// How to reach the practice (name, phone, e-mail), if it should be on the kit.
    public var contact: String?

    /// Creates a profile.
    public init(
        practiceName: String, idealProspect: String, problemsSolved: [String],
        processSteps: [String], howToIntroduce: String, contact: String? = nil
    ) {
        self.practiceName = practiceName
        self.idealProspect = idealProspect
        self.problemsSolved = problemsSolved
        self.processSteps = processSteps
        self.howToIntroduce = howToIntroduce
        self.contact = contact
    }
}

/// A referral kit for one partner: a printable, self-contained HTML page (inline CSS,
/// print styles, no external resources) and the same content as Markdown.
public struct ReferralKit: Sendable, Equatable {
    /// The HTML page.
    public var html: String
    /// The Markdown text.
    public var markdown: String
}

/// Renders referral kits from the profile with the `referral-kit` templates.
///
/// The built-in templates (``ReferralKitRenderer/builtInTemplates``) are used unless a
/// template folder (e.g. the practice's `templates/`) holds its own
/// `referral-kit.txt.mustache` (the Markdown) and `referral-kit.html.mustache`.
/// Profile text goes into the Markdown as written, so it may use Markdown itself.
///
/// Template data: `practice_name`, `partner_name`, `ideal_prospect`, `problems` (list of
/// `{text}`), `steps` (list of `{number, text}`), `how_to_introduce`, optional `contact`
/// and `date`.
public struct ReferralKitRenderer: Sendable {
    /// The template name.
    public static let templateName = "referral-kit"
    let renderer: TemplateRenderer

    /// Creates a renderer; `templateFolders` come before the built-in templates.
    public init(templateFolders: [URL] = []) {
        renderer = TemplateRenderer(folders: templateFolders, builtIn: Self.builtInTemplates)
    }

    /// The kit for `partnerName`; `date` (e.g. "29 November 2026") is printed when given.
    /// - Throws: the template errors of ``TemplateRenderer/render(_:data:)``.
    public func render(_ profile: ReferralKitProfile, partnerName: String, date: String? = nil) throws -> ReferralKit {
        var data: [String: TemplateValue] = [
            "practice_name": .string(profile.practiceName),
            "partner_name": .string(partnerName),
            "ideal_prospect": .string(profile.idealProspect),
            "problems": .list(profile.problemsSolved.map { .dict(["text": .string($0)]) }),
            "steps": .list(profile.processSteps.enumerated().map { index, step in
                .dict(["number": .number(Double(index + 1)), "text": .string(step)])
            }),
            "how_to_introduce": .string(profile.howToIntroduce),
        ]
        if let contact = profile.contact { data["contact"] = .string(contact) }
        if let date { data["date"] = .string(date) }
        let rendered = try renderer.render(Self.templateName, data: data)
        return ReferralKit(html: rendered.html ?? "", markdown: rendered.text)
    }
}
