import ArgumentParser
import Foundation
import Outreach
import Store

extension Refer {
    /// `refer kit PARTNER`: the referral kit for one partner (R15).
    struct Kit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kit",
            abstract: "Make a partner's referral kit from the practice profile.",
            discussion: """
            The kit says whom the practice serves best, the problems it solves, what
            happens to someone referred, and how to introduce them ([practice]
            ideal_prospect, problems_solved, process_steps in refer.toml, and the
            partner's actions wanted). Without --html or --markdown the Markdown is
            printed. A practice's templates/referral-kit.txt.mustache and
            referral-kit.html.mustache replace the built-in layout.
            Examples:
              refer kit "Radu Ionescu" --html radu-kit.html
              refer kit radu@lex.ro --markdown kit.md --html kit.html
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The partner: partner id, email or exact name.") var partner: String
        @Option(help: ArgumentHelp("Write the printable HTML page here.", valueName: "file")) var html: String?
        @Option(help: ArgumentHelp("Write the Markdown here.", valueName: "file")) var markdown: String?

        func run() throws {
            let ctx = try global.context()
            let found = try storeCall { try ctx.store.resolvePartner(partner) }
            let detail = try storeCall { try ctx.store.partner(id: found.id!) }
            let kit = try outreachCall {
                let profile = try ReferralKitProfile(practice: ctx.practice.config.practice,
                                                     actionsWanted: detail.partner.actionsWanted)
                let renderer = ReferralKitRenderer(templateFolders: [ctx.practice.root.appendingPathComponent("templates")])
                return try renderer.render(profile, partnerName: detail.contact.name, date: Self.longDate(Date(), ctx.timeZone))
            }
            if html == nil && markdown == nil {
                FileHandle.standardOutput.write(Data(kit.markdown.utf8))
                return
            }
            var written: [String] = []
            for (path, text) in [(html, kit.html), (markdown, kit.markdown)] {
                guard let path else { continue }
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    throw CLIError("cannot write \(path): \((error as NSError).localizedDescription); check the folder exists and is writable.")
                }
                written.append(path)
            }
            print("Wrote the referral kit for \(detail.contact.name): \(written.joined(separator: ", "))")
        }

        /// "29 November 2026", the way the kit prints its date.
        static func longDate(_ date: Date, _ zone: TimeZone) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_GB")
            formatter.timeZone = zone
            formatter.dateFormat = "d MMMM yyyy"
            return formatter.string(from: date)
        }
    }
}
