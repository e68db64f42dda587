import Foundation
import GRDB

extension AppDatabase {
    /// Every table the store holds, in dependency order.
    public static let tables = [
        "contacts", "contact_keys", "partners", "referrals", "referral_status_changes",
        "touches", "gifts", "gift_log", "activities", "appreciation_events",
        "event_invitations", "tasks", "events", "effect_keys", "alerts", "outbox",
        "job_runs", "job_cursors", "plugin_index", "plugin_catalog",
    ]

    /// The migrations, named and append-only: never edit one that has shipped; add another.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-practice-data") { db in
            try createPracticeTables(db)
        }
        migrator.registerMigration("v2-plugin-effects") { db in
            try createPluginTables(db)
        }
        migrator.registerMigration("v3-scheduler") { db in
            try createJobTables(db)
        }
        migrator.registerMigration("v4-report-indexes") { db in
            try createReportIndexes(db)
        }
        migrator.registerMigration("v5-contact-search-index") { db in
            try createContactSearchIndex(db)
        }
        migrator.registerMigration("v6-plugin-catalog") { db in
            try createPluginCatalogTable(db)
        }
        return migrator
    }

    static func migrate(_ writer: any DatabaseWriter, path: String) throws {
        let found = try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        if found > storeVersion {
            throw StoreError.newerStore(path: path, found: found, supported: storeVersion)
        }
        let superseded = try writer.read { db in try migrator.hasBeenSuperseded(db) }
        if superseded {
            throw StoreError.newerStore(path: path, found: max(found, storeVersion + 1), supported: storeVersion)
        }
        try migrator.migrate(writer)
        if found < storeVersion {
            try writer.write { db in try db.execute(sql: "PRAGMA user_version = \(storeVersion)") }
        }
    }

    /// `refer report` reads a window of referrals, and every referral still open, from
    /// indexes alone: looking each row up in the table cost seconds on a 300,000-referral
    /// store. Each new index starts with the columns of the one it replaces, so the
    /// queries that used the old ones still find what they need.
    private static func createReportIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX referrals_by_arrival_for_report ON referrals(
              arrived_at, direction, partner_id, status, first_response_at, thanked_at, value, colleague_id);
            DROP INDEX referrals_by_arrival;
            CREATE INDEX referrals_by_status_and_arrival ON referrals(status, direction, arrived_at);
            DROP INDEX referrals_by_status;
            CREATE INDEX status_changes_by_referral_and_time ON referral_status_changes(referral_id, changed_at, "to");
            DROP INDEX status_changes_by_referral;
            """)
    }

    private static func createPracticeTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE contacts (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL,
              given_name TEXT, family_name TEXT,
              kind TEXT NOT NULL DEFAULT 'prospect',
              category TEXT, market TEXT, company TEXT, job_title TEXT,
              emails TEXT NOT NULL DEFAULT '',   -- one per line
              phones TEXT NOT NULL DEFAULT '',   -- one per line
              address TEXT, birthday TEXT, note TEXT,
              tags TEXT NOT NULL DEFAULT '',     -- one per line
              preferred_channel TEXT,
              added_at TEXT NOT NULL,
              source TEXT,
              search TEXT NOT NULL DEFAULT ''    -- folded name, company, emails, phones
            );
            CREATE INDEX contacts_by_name ON contacts(name COLLATE NOCASE);
            CREATE INDEX contacts_by_added ON contacts(added_at);
            -- Kind, category and tags are filtered by scanning (tags live folded in
            -- `search` as #tag#): fewer indexes keep a 100,000-contact import fast.

            -- Normalised emails and phones: how imports match existing contacts. Keys are
            -- removed by value when a contact changes, so no index on contact_id is needed.
            CREATE TABLE contact_keys (
              contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
              kind TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
              value TEXT NOT NULL,
              PRIMARY KEY (kind, value, contact_id)
            ) WITHOUT ROWID;

            CREATE TABLE partners (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              contact_id INTEGER NOT NULL UNIQUE REFERENCES contacts(id) ON DELETE RESTRICT,
              tier TEXT NOT NULL DEFAULT 'B',
              benefit TEXT,
              actions_wanted TEXT NOT NULL DEFAULT '[]',
              relationship_start TEXT NOT NULL,
              plan TEXT, note TEXT
            );
            CREATE INDEX partners_by_tier ON partners(tier);

            CREATE TABLE referrals (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
              partner_id INTEGER REFERENCES partners(id) ON DELETE RESTRICT,
              prospect_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE RESTRICT,
              colleague_id INTEGER REFERENCES contacts(id) ON DELETE RESTRICT,
              status TEXT NOT NULL,
              arrived_at TEXT NOT NULL,
              first_response_at TEXT, thanked_at TEXT,
              outcome TEXT, value REAL, note TEXT
            );
            CREATE INDEX referrals_by_partner ON referrals(partner_id, arrived_at);
            CREATE INDEX referrals_by_status ON referrals(status);
            CREATE INDEX referrals_by_arrival ON referrals(arrived_at);
            CREATE INDEX referrals_by_prospect ON referrals(prospect_id);
            CREATE INDEX referrals_by_colleague ON referrals(colleague_id);

            CREATE TABLE referral_status_changes (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
              "from" TEXT, "to" TEXT NOT NULL,
              changed_at TEXT NOT NULL, note TEXT
            );
            CREATE INDEX status_changes_by_referral ON referral_status_changes(referral_id, changed_at);

            CREATE TABLE touches (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
              channel TEXT NOT NULL,
              purpose TEXT NOT NULL CHECK (purpose IN ('service', 'relationship')),
              note TEXT, at TEXT NOT NULL
            );
            CREATE INDEX touches_by_contact ON touches(contact_id, at);
            CREATE INDEX touches_by_time ON touches(at);

            CREATE TABLE gifts (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL, cost REAL NOT NULL DEFAULT 0, category TEXT,
              sold_by_practice INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE gift_log (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              gift_id INTEGER NOT NULL REFERENCES gifts(id) ON DELETE RESTRICT,
              partner_id INTEGER NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
              referral_id INTEGER REFERENCES referrals(id) ON DELETE SET NULL,
              given_at TEXT NOT NULL, note TEXT
            );
            CREATE INDEX gift_log_by_partner ON gift_log(partner_id, given_at);

            CREATE TABLE activities (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              kind TEXT NOT NULL, title TEXT NOT NULL, at TEXT NOT NULL,
              audience TEXT, note TEXT
            );
            CREATE INDEX activities_by_time ON activities(at);

            CREATE TABLE appreciation_events (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL, at TEXT NOT NULL, venue TEXT, cost REAL, follow_up TEXT
            );
            CREATE TABLE event_invitations (
              event_id INTEGER NOT NULL REFERENCES appreciation_events(id) ON DELETE CASCADE,
              contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
              attended INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (event_id, contact_id)
            );

            CREATE TABLE tasks (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              title TEXT NOT NULL, due_at TEXT,
              contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
              referral_id INTEGER REFERENCES referrals(id) ON DELETE SET NULL,
              done_at TEXT, note TEXT,
              origin TEXT NOT NULL DEFAULT 'cli',
              created_at TEXT NOT NULL
            );
            CREATE INDEX tasks_by_due ON tasks(done_at, due_at);

            -- What happened, for plugins that run on events. Subjects may be removed later,
            -- so no foreign keys here.
            CREATE TABLE events (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              kind TEXT NOT NULL,
              contact_id INTEGER, partner_id INTEGER, referral_id INTEGER,
              payload TEXT NOT NULL DEFAULT '{}',
              created_at TEXT NOT NULL
            );
            CREATE INDEX events_by_kind ON events(kind, id);
            """)
    }
}
