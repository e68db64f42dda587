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

        [limits]
        # Ceilings for every plugin run. A run that passes one is stopped and nothing it
        # asked for is written.
        # memory_mib = \(PluginLimits.defaultMemoryMiB)
        # timeout_seconds = \(Int(PluginLimits.defaultTimeoutSeconds))
        # instructions = \(PluginLimits.defaultInstructions)

        [packs]
        # Install packs that carry no signature from a key in trusted-keys/.
        # allow_unsigned = false

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
