import Foundation

/// One thing a template needs that the data does not give, and where it is asked for.
public struct TemplateProblem: Sendable, Equatable, CustomStringConvertible {
    /// What is missing.
    public enum Kind: Sendable, Equatable {
        /// `{{name}}` (or `{{> *name}}`) names a value the data does not hold.
        case missingVariable(String)
        /// `{{> name}}` or `{{< name}}` names a template no template folder holds.
        case missingPartial(String)
        /// Partials include each other deeper than the renderer follows (a loop).
        case partialsTooDeep(String)
    }

    /// The template file that asks for it.
    public let file: String
    /// The 1-based line of the tag in that file.
    public let line: Int
    /// What is missing.
    public let kind: Kind

    /// Creates a problem report for `file:line`.
    public init(file: String, line: Int, kind: Kind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .missingVariable(let name):
            return "\(file):\(line): {{\(name)}} is not in the data"
        case .missingPartial(let name):
            return "\(file):\(line): partial \"\(name)\" is not in any template folder"
        case .partialsTooDeep(let name):
            return "\(file):\(line): partial \"\(name)\" includes itself (directly or through others)"
        }
    }
}

/// Why a template could not be rendered, a message could not be built or delivered,
/// or an outbox action was refused. Each case names the file, line or message id.
public enum OutreachError: Error, Equatable, CustomStringConvertible {
    case templateNotFound(name: String, searched: [String])
    case templateUnreadable(file: String, reason: String)
    case templateSyntaxError(file: String, line: Int, column: Int, reason: String)
    case templateDataIncomplete(template: String, problems: [TemplateProblem])
    case templateHasNoSubject(template: String)
    case invalidAddress(String, reason: String)
    case messageHasNoRecipients(messageID: String)
    case messageLineTooLong(messageID: String, line: Int)
    case deliveryCommandEmpty
    case deliveryCommandMalformed(command: String, reason: String)
    case deliveryCommandNotFound(command: String)
    case deliveryCommandFailed(command: String, messageID: String, status: Int32, stderr: String)
    case deliveryCommandTimedOut(command: String, messageID: String, seconds: Double, stderr: String)
    case emlWriteFailed(directory: String, messageID: String, reason: String)
    case outboxMessageNotFound(id: Int64)
    case outboxActionNotAllowed(id: Int64, action: String, state: OutboxState)
    case outboxMessageChangedConcurrently(id: Int64)
    case outboxMessageUnreadable(id: Int64, reason: String)
    case referralKitProfileIncomplete(missing: [String])
    case unknownTimeZone(String)

    public var description: String {
        switch self {
        case .templateNotFound(let name, let searched):
            let folders = searched.isEmpty ? "(no template folders)" : searched.joined(separator: ", ")
            return "template \"\(name)\" was not found: no \(name).txt.mustache in \(folders)"
        case .templateUnreadable(let file, let reason):
            return "\(file): cannot read the template: \(reason)"
        case .templateSyntaxError(let file, let line, let column, let reason):
            return "\(file):\(line):\(column): template syntax error: \(reason)"
        case .templateDataIncomplete(let template, let problems):
            let list = problems.map { "  " + $0.description }.joined(separator: "\n")
            return "template \"\(template)\" needs data it was not given:\n\(list)\nPass these values (or wrap optional parts in {{#name}}…{{/name}})."
        case .templateHasNoSubject(let template):
            return "template \"\(template)\" has no subject: start \(template).txt.mustache with a line \"Subject: …\""
        case .invalidAddress(let address, let reason):
            return "\"\(address)\" is not a usable e-mail address: \(reason)"
        case .messageHasNoRecipients(let id):
            return "message \(id) has no To, Cc or Bcc recipient"
        case .messageLineTooLong(let id, let line):
            return "message \(id): line \(line) would be longer than 998 octets, which mail servers reject"
        case .deliveryCommandEmpty:
            return "the delivery command is empty; set a sendmail command (e.g. \"sendmail -t -i\") or use .eml files"
        case .deliveryCommandMalformed(let command, let reason):
            return "the delivery command \"\(command)\" cannot be read: \(reason)"
        case .deliveryCommandNotFound(let command):
            return "the delivery command \"\(command)\" was not found on PATH; install it or give its full path"
        case .deliveryCommandFailed(let command, let id, let status, let stderr):
            return "delivering message \(id) with \"\(command)\" failed (exit status \(status)): \(Self.trimmed(stderr))"
        case .deliveryCommandTimedOut(let command, let id, let seconds, let stderr):
            return "delivering message \(id) with \"\(command)\" took longer than \(seconds) s and was stopped: \(Self.trimmed(stderr))"
        case .emlWriteFailed(let directory, let id, let reason):
            return "cannot write message \(id) into \(directory): \(reason); the message stays in the outbox"
        case .outboxMessageNotFound(let id):
            return "outbox message \(id) does not exist; `refer outbox` lists the messages"
        case .outboxActionNotAllowed(let id, let action, let state):
            return "outbox message \(id) is \(state.rawValue), so it cannot be \(action)"
        case .outboxMessageChangedConcurrently(let id):
            return "outbox message \(id) was changed by another `refer` run at the same time; run the command again"
        case .outboxMessageUnreadable(let id, let reason):
            return "outbox message \(id) cannot be read from the store: \(reason); it was written by a different version of refer or changed by hand"
        case .referralKitProfileIncomplete(let missing):
            return "a referral kit needs \(missing.joined(separator: ", ")) in the [practice] section of refer.toml; add them (see the commented examples there)"
        case .unknownTimeZone(let zone):
            return "\"\(zone)\" is not a known IANA time zone (e.g. \"Europe/Bucharest\")"
        }
    }

    private static func trimmed(_ text: String) -> String {
        let clean = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return clean.isEmpty ? "(nothing on stderr)" : clean
    }
}
