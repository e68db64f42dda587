import ArgumentParser
import Foundation

extension Refer {
    /// `refer run NAME`: run a plugin by name.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a plugin by name.",
            discussion: """
            Example:
              refer run thank-you
            """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The plugin's name (a folder under plugins/).")
        var name: String

        func run() async throws {
            _ = try global.openPractice()
            throw CLIError("refer run is not available yet")
        }
    }
}
