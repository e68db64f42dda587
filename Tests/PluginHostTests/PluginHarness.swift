import Foundation
import LuaRuntime
import Model
import PluginHost
import Store
import TestSupport

/// A temporary practice with a store and a few rows, and a way to write plugins into it.
final class PluginHarness {
    let temp: TemporaryDirectory
    let practice: Practice
    let store: AppDatabase
    let lines = Lines()
    var radu: Contact!
    var ana: Contact!
    var partner: Partner!
    var referral: Referral!

    init() throws {
        temp = try TemporaryDirectory("refer-pluginhost")
        let root = temp.url.appendingPathComponent("practice")
        _ = try PracticeSetup.create(at: root, name: "Harness", timezone: "Europe/Bucharest")
        var config = try String(contentsOf: root.appendingPathComponent("refer.toml"), encoding: .utf8)
        config = config.replacingOccurrences(of: "[practice]\n", with: "[practice]\nemail = \"office@harness.ro\"\nowner = \"Maria Harness\"\n")
        config = config.replacingOccurrences(of: "# memory_mib = 64", with: "effects = 5")
        try config.write(to: root.appendingPathComponent("refer.toml"), atomically: true, encoding: .utf8)
        practice = try Practice.open(at: root)
        store = try AppDatabase.open(practice)
        radu = try store.addContact(Contact(name: "Radu Popa", kind: .professional, category: "attorney", emails: ["radu@lex.ro"]))
        ana = try store.addContact(Contact(name: "Ana Pop", kind: .prospect, emails: ["ana@example.com"]))
        partner = try store.addPartner(Partner(contactId: radu.id!, tier: .a))
        referral = try store.addReferral(Referral(partnerId: partner.id!, prospectId: ana.id!))
    }

    /// Writes plugins/NAME/plugin.lua (and templates) in the practice.
    func plugin(_ name: String, _ source: String, templates: [String: String] = [:]) throws {
        let dir = practice.pluginsDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try source.write(to: dir.appendingPathComponent("plugin.lua"), atomically: true, encoding: .utf8)
        for (file, text) in templates {
            try text.write(to: dir.appendingPathComponent("templates/\(file)"), atomically: true, encoding: .utf8)
        }
    }

    var runner: PluginRunner {
        let lines = self.lines
        return PluginRunner(practice: practice, store: store, output: { lines.append($0) })
    }

    func counts() throws -> [String: Int] { try store.rowCounts() }
}

/// Lines a plugin printed.
final class Lines: @unchecked Sendable {
    // Written by the one thread running the plugin, read after the run.
    var all: [String] = []
    func append(_ s: String) { all.append(s) }
}
