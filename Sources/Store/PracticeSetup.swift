import Foundation
import Model

/// Makes new practice folders (`refer init`).
public enum PracticeSetup {
    /// Creates the practice folder at `root`: refer.toml, the store, plugins/, packs/, outbox/.
    /// Nothing is written when `root` already holds a practice.
    public static func create(at root: URL, name: String, timezone: String) throws -> Practice {
        let fm = FileManager.default
        let root = root.standardizedFileURL
        let configFile = root.appendingPathComponent(Practice.configFileName)
        if fm.fileExists(atPath: configFile.path) {
            throw PracticeError.alreadyAPractice(root.path)
        }
        guard TimeZone(identifier: timezone) != nil else {
            throw PracticeError.invalidConfig(configFile.path, line: nil, reason: "\"\(timezone)\" is not a known IANA time zone (e.g. \"Europe/Bucharest\")")
        }
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
            for sub in ["plugins", "packs", "outbox"] {
                try fm.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            try defaultConfig(name: name, timezone: timezone)
                .write(to: configFile, atomically: true, encoding: .utf8)
        } catch {
            throw PracticeError.unreadableConfig(root.path, reason: "cannot write the practice folder: \(error.localizedDescription)")
        }
        let practice = try Practice.open(at: root)
        try PracticeSetup.createStore(for: practice)
        return practice
    }

    /// The `refer.toml` of a new practice, every setting shown with its default.
    public static func defaultConfig(name: String, timezone: String) -> String {
        """
        # refer.toml — this practice's settings. Every key is optional; the values shown
        # commented out are the defaults.

        [practice]
        name = \(tomlString(name))
        # IANA time zone used for schedules, dates and reports.
        timezone = \(tomlString(timezone))
        # The referral kit (R8, R9, R15): whom you serve best, what you solve, and what
        # happens to a prospect a partner sends you. Plugins and outreach templates read these.
        # ideal_prospect = "Owner-managed firms with 10 to 50 staff that outgrew their bookkeeper"
        # problems_solved = [
        #   "Month-end close that takes three weeks",
        #   "Surprise tax bills",
        # ]
        # process_steps = [
        #   "We call the prospect within one working day",
        #   "A free 45-minute review of their books",
        #   "A fixed-fee proposal within a week",
        #   "We tell you how it went",
        # ]
        # owner = "Ana Ionescu"
        # email = "ana@example.com"
        # phone = "+40 722 000 000"
        # website = "https://example.com"
        # currency = "EUR"

        [limits]
        # Ceilings for every plugin run. A run that passes one is stopped and nothing it
        # asked for is written.
        # memory_mib = \(PluginLimits.defaultMemoryMiB)
        # timeout_seconds = \(Int(PluginLimits.defaultTimeoutSeconds))
        # instructions = \(PluginLimits.defaultInstructions)

        [store]
        # How long a command waits for another writer before giving up, in seconds.
        # busy_timeout_seconds = \(Int(PracticeConfig.StoreSettings.defaultBusyTimeoutSeconds))

        [packs]
        # Install packs that carry no signature from a key in trusted-keys/.
        # allow_unsigned = false

        [scheduler]
        # How late a missed scheduled run may still run, in hours (`refer tick`, `refer daemon`).
        # grace_hours = \(Int(SchedulerSettings.defaultGraceHours))
        # How often an idle `refer daemon` looks for new events where it cannot watch the folders, in seconds.
        # poll_seconds = \(Int(SchedulerSettings.defaultPollSeconds))

        [delivery]
        # Drafted messages wait for `refer outbox approve ID` before `refer send` delivers them.
        # require_approval = true
        # A sendmail-compatible command that reads each message on standard input, e.g.
        # "sendmail -t -i" or "msmtp -t". Without one, `refer send` writes .eml files into outbox/.
        # command = ""

        """
    }

    static func tomlString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
