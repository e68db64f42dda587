import ArgumentParser
import Foundation
import Outreach

extension Refer.OutboxCommands {
    /// `refer outbox edit ID`: change a message's subject and text in `$EDITOR`.
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Edit a message's subject and text in $EDITOR (then $VISUAL, then vi).",
            discussion: """
            The editor opens the message's first line "Subject: …", a blank line and the
            plain-text body. Save and quit to keep the change; quit without saving (or
            with the editor's error status) to leave the message as it was. A message
            with an HTML version loses it when its text changes, so that what you wrote
            is what the partner reads. Drafts, approved and failed messages can be edited.
            Example:
              EDITOR=nano refer outbox edit 3
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let box = ctx.outbox()
            let messageId = try parseID(id, "outbox")
            let before = try outreachCall { try box.message(id: messageId) }
            let original = "Subject: \(before.message.subject)\n\n\(before.message.text)"
            let edited = try editText(original, name: "refer-outbox-\(messageId)")
            guard edited != original else {
                print("Message \(messageId) unchanged.")
                return
            }
            let (subject, text) = try Self.split(edited)
            let dropsHTML = before.message.html != nil && text != before.message.text
            let after = try outreachCall {
                try box.edit(id: messageId) { message in
                    message.subject = subject
                    message.text = text
                    if dropsHTML { message.html = nil }
                }
            }
            try ctx.output(OutboxEntry(after, bodies: true)) {
                "Saved message \(messageId): \(after.message.subject)"
                    + (dropsHTML ? "\nIts HTML version was removed, so the text you wrote is what goes out." : "")
            }
        }

        /// The subject line and the body after it (one blank line separates them).
        static func split(_ edited: String) throws -> (subject: String, text: String) {
            let normal = edited.replacingOccurrences(of: "\r\n", with: "\n")
            var lines = normal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let first = lines.first, first.lowercased().hasPrefix("subject:") else {
                throw CLIError("the edited message must start with a line \"Subject: …\"; the message was left as it was.")
            }
            let subject = first.dropFirst("subject:".count).trimmingCharacters(in: .whitespaces)
            guard !subject.isEmpty else { throw CLIError("the subject is empty; the message was left as it was.") }
            lines.removeFirst()
            if lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
            let text = lines.joined(separator: "\n")
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CLIError("the message body is empty; the message was left as it was (use `refer outbox discard` to drop it).")
            }
            return (subject, text)
        }
    }
}

/// Opens `text` in the user's editor and returns what they saved.
func editText(_ text: String, name: String) throws -> String {
    let environment = ProcessInfo.processInfo.environment
    let editor = [environment["EDITOR"], environment["VISUAL"]].compactMap { $0 }
        .first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).txt")
    defer { try? FileManager.default.removeItem(at: file) }
    do {
        try Data(text.utf8).write(to: file)
    } catch {
        throw CLIError("cannot write a temporary file for the editor: \((error as NSError).localizedDescription)")
    }
    // Through the shell, as git does, so that EDITOR may carry arguments ("code --wait").
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", editor + " \"$1\"", editor, file.path]
    do {
        try process.run()
    } catch {
        throw CLIError("cannot start the editor \"\(editor)\": \((error as NSError).localizedDescription); set EDITOR.")
    }
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
        throw CLIError("the editor \"\(editor)\" exited with status \(process.terminationStatus); the message was left as it was.")
    }
    guard let data = FileManager.default.contents(atPath: file.path) else {
        throw CLIError("the editor removed \(file.path); the message was left as it was.")
    }
    return String(decoding: data, as: UTF8.self)
}
