import Foundation

/// Delivers through a sendmail-compatible command that reads the message (with its
/// recipients in the headers) on stdin: `sendmail -t -i`, `msmtp -t`, …
///
/// The command line is split into words like a shell would (quotes, backslashes) but
/// no shell runs it. Exit status 0 means the command accepted the message; anything
/// else, or running past the timeout (the command is then stopped), is a failure that
/// carries the command's stderr.
public struct SendmailTransport: MailTransport {
    /// The command line as configured.
    public let commandLine: String
    /// The full path of the program.
    public let executable: String
    /// The arguments after the program.
    public let arguments: [String]
    /// Seconds a delivery may take.
    public let timeout: TimeInterval

    /// Prepares `commandLine` (e.g. `msmtp -t --host=127.0.0.1 --port=2525 --from=x@y`).
    /// - Throws: ``OutreachError/deliveryCommandEmpty``,
    ///   ``OutreachError/deliveryCommandMalformed(command:reason:)`` or
    ///   ``OutreachError/deliveryCommandNotFound(command:)``.
    public init(commandLine: String, timeout: TimeInterval = 60) throws {
        let words = try CommandLineSplitter.split(commandLine).get()
        guard let program = CommandRunner.resolve(words[0]) else {
            throw OutreachError.deliveryCommandNotFound(command: words[0])
        }
        self.commandLine = commandLine
        self.executable = program
        self.arguments = Array(words.dropFirst())
        self.timeout = timeout
    }

    /// Runs the command with the message's bytes on stdin.
    /// - Throws: ``OutreachError/deliveryCommandFailed(command:messageID:status:stderr:)``
    ///   or ``OutreachError/deliveryCommandTimedOut(command:messageID:seconds:stderr:)``.
    public func deliver(_ message: MailMessage) async throws {
        let bytes = try message.rfc5322Data()
        let outcome: CommandRunner.Outcome
        do {
            outcome = try await CommandRunner.run(executable, arguments: arguments, input: bytes, timeout: timeout)
        } catch {
            throw OutreachError.deliveryCommandFailed(
                command: commandLine, messageID: message.messageID, status: -1,
                stderr: "it could not be started: \(error.localizedDescription)")
        }
        if outcome.timedOut {
            throw OutreachError.deliveryCommandTimedOut(
                command: commandLine, messageID: message.messageID, seconds: timeout, stderr: outcome.stderr)
        }
        guard outcome.status == 0 else {
            throw OutreachError.deliveryCommandFailed(
                command: commandLine, messageID: message.messageID, status: outcome.status, stderr: outcome.stderr)
        }
    }
}
