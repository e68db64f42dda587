import Foundation

/// The files `refer plugin new NAME` writes: a working plugin, a template and a test.
enum PluginScaffold {
    static func write(name: String, to dir: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("tests/basic"), withIntermediateDirectories: true)
        let files: [(String, String)] = [
            ("plugin.lua", """
            -- \(name): describe what this plugin does for the practice.
            local refer = require "refer"

            -- How far back to look (days).
            local WINDOW_DAYS = 30

            return refer.plugin {
              name = "\(name)",
              description = "Adds a task to call each A partner not touched in 30 days",
              permissions = { "read:partners", "read:touches", "tasks" },
              -- every = "every monday 09:00",
              run = function(ctx)
                local since = ctx.now - refer.days(WINDOW_DAYS)
                for partner in ctx.partners{ tier = "A" } do
                  if ctx.touches.count{ contact = partner.contact_id, since = since } == 0 then
                    ctx.tasks.add{ title = "Call " .. partner.name, contact = partner.contact_id, due = ctx.now + refer.days(2) }
                  end
                end
              end,
            }

            """),
            ("templates/hello.txt.mustache", """
            Subject: Hello from {{practice.name}}

            Dear {{recipient.name}},

            {{practice.owner}}

            """),
            ("tests/basic/fixture.json", """
            {
              "now": "2026-03-15T09:00:00Z",
              "contacts": [
                { "ref": "radu", "name": "Radu Popa", "kind": "professional", "category": "attorney", "email": "radu@example.com" },
                { "ref": "ioana", "name": "Ioana Marin", "kind": "professional", "category": "banker", "email": "ioana@example.com" }
              ],
              "partners": [ { "contact": "radu", "tier": "A" }, { "contact": "ioana", "tier": "A" } ],
              "touches": [ { "contact": "ioana", "channel": "phone", "purpose": "relationship", "at": "2026-03-01T10:00:00Z" } ]
            }

            """),
            ("tests/basic/expected.json", """
            {
              "effects": [ { "kind": "task", "title": "Call Radu Popa", "contact": "radu" } ],
              "exact": true
            }

            """),
        ]
        for (path, text) in files {
            try text.write(to: dir.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
    }
}
