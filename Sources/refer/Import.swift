import ArgumentParser
import Foundation
import Model
import Store

extension Refer {
    /// `refer import FILE...`: contacts from vCard and address-book CSV files.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import contacts from vCard (3.0, 4.0) or CSV (Google, Outlook, Apple) files.",
            discussion: """
            Contacts are matched by email or phone, so importing the same file again updates
            instead of duplicating. Everything is imported in one transaction: a file with a
            bad record is refused whole, with every problem listed by file, line and field,
            unless --skip-bad is given.
            Examples:
              refer import contacts.vcf
              refer import google.csv outlook.csv --dry-run
              refer import old-phone.vcf --skip-bad
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The files to import (.vcf or .csv).") var files: [String]
        @Flag(name: .customLong("dry-run"), help: "Show what would change; write nothing.") var dryRun = false
        @Flag(name: .customLong("skip-bad"), help: "Import the good records and list the bad ones.") var skipBad = false

        func run() throws {
            StageTimer.mark("begin")
            let ctx = try global.context()
            StageTimer.mark("open store")
            let readings = try files.map { file in
                try storeCall { try ContactFiles.read(URL(fileURLWithPath: file), displayName: file) }
            }
            StageTimer.mark("read files")
            let source = "import " + files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
            let summary = try storeCall {
                try ctx.store.importReadings(readings, source: source, skipBad: skipBad, dryRun: dryRun)
            }
            releaseInBackground(consume readings)
            StageTimer.mark("commit")
            if ctx.json { return try ctx.printJSON(summary) }
            print(render(summary))
            StageTimer.mark("print")
        }

        func render(_ s: ImportSummary) -> String {
            let verb = s.dryRun ? "Would import" : "Imported"
            var lines = ["\(verb): \(s.added) added, \(s.updated) updated, \(s.unchanged) unchanged."]
            if s.dryRun {
                for c in s.changes {
                    switch c.action {
                    case .add: lines.append("  add     \(c.name)  (\(c.file):\(c.line))")
                    case .update: lines.append("  update  \(c.name) (contact \(c.contactId!)): \(c.fields.joined(separator: ", "))  (\(c.file):\(c.line))")
                    }
                }
                lines.append("Nothing was written (--dry-run).")
            }
            if !s.skipped.isEmpty {
                lines.append("Skipped \(s.skipped.count) problem(s):")
                lines += s.skipped.map { "  \($0)" }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// `refer export vcard|csv`: contacts out again.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export contacts as vCard 4.0 or CSV, or tasks and events as iCalendar.",
            discussion: """
            The CSV uses Google Contacts' column names plus Refer's own (kind, category,
            market, channel, source); both formats import back unchanged.
            Examples:
              refer export vcard --output contacts.vcf
              refer export csv --kind professional > professionals.csv
              refer export ics --output refer.ics     # tasks with a due time and events
            """)
        enum Format: String, ExpressibleByArgument, CaseIterable { case vcard, csv, ics }

        @OptionGroup var global: GlobalOptions
        @Argument(help: "vcard, csv or ics.") var format: Format
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
        @Option(help: "Only this kind.") var kind: String?
        @Option(help: "Only contacts with this tag.") var tag: String?

        func run() throws {
            let ctx = try global.context()
            if format == .ics { return try exportCalendar(ctx) }
            let contacts = try storeCall { try ctx.store.contacts(ContactFilter(kind: try parseOptionalChoice(kind, "--kind"), tag: tag)) }
            let text = format == .vcard ? ContactExport.vCard(contacts) : ContactExport.csv(contacts)
            try emit(text, summary: "Exported \(contacts.count) contact(s)")
        }
    }
}
