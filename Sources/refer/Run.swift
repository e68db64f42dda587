import ArgumentParser
import Foundation
import PluginHost

extension Refer {
    /// `refer run NAME`: run a plugin by name.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a plugin by name.",
            discussion: """
            Loads plugins/NAME/plugin.lua in a fresh sandbox, checks the table it returns,
            and calls its run function under the limits of refer.toml ([limits]).
            What the plugin prints is shown prefixed with its name. Exit status 0 when
            the plugin succeeds, 1 when it fails (the error names the file and line).

            Examples:
              refer run hello
              refer run thank-you --practice ~/practices/ionescu
            """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The plugin's name (a folder under plugins/).")
        var name: String

        @Flag(name: .long, help: "On failure, also print the Lua traceback.")
        var traceback = false

        func run() throws {
            let practice = try global.openPractice()
            let runner = PluginRunner(practice: practice, output: { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            })
            do {
                try runner.run(name)
            } catch let error as PluginError {
                if traceback, let tb = error.traceback {
                    FileHandle.standardError.write(Data((tb + "\n").utf8))
                }
                throw CLIError(error.description)
            }
        }
    }
}
