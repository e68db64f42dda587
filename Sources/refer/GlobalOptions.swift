import ArgumentParser
import Foundation
import Store

/// Flags every command shares: which practice, and machine-readable output.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The practice folder (default: $REFER_PRACTICE, then the nearest folder above with refer.toml).", valueName: "dir"))
    var practice: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    /// The practice this command works on.
    func openPractice() throws -> Practice {
        do {
            return try Practice.locate(explicit: practice)
        } catch let error as PracticeError {
            throw CLIError(error.description)
        }
    }
}

/// An error the user reads: one line, what happened and what to do. Exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
