import ArgumentParser
import Foundation
import Store

extension Refer {
    /// `refer init [DIR]`: make a practice folder.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Make a new practice folder.",
            discussion: """
            Creates refer.toml (with commented defaults), an empty store (refer.sqlite),
            and the plugins/, packs/ and outbox/ folders. Refuses to touch a folder that
            already holds a practice.

            Example:
              refer init ~/practices/ionescu-accounting --name "Ionescu Accounting" --timezone Europe/Bucharest
            """
        )

        @Argument(help: "Where to make the practice (default: the current folder).")
        var directory: String = "."

        @Option(help: "The practice's name, written to refer.toml.")
        var name: String?

        @Option(help: "The practice's IANA time zone (default: this machine's).")
        var timezone: String?

        func run() throws {
            let url = URL(fileURLWithPath: directory)
            do {
                let practice = try PracticeSetup.create(
                    at: url,
                    name: name ?? url.standardizedFileURL.lastPathComponent,
                    timezone: timezone ?? TimeZone.current.identifier)
                print("Made a practice in \(practice.root.path)")
            } catch let error as PracticeError {
                throw CLIError(error.description)
            }
        }
    }
}
