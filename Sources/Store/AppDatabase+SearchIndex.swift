import Foundation
import GRDB

extension AppDatabase {
    /// The trigram index that `refer contact find` reads instead of every contact.
    static let searchIndexTable = "contact_search"

    /// Indexes each contact's `search` text by its three-character runs, so that a search
    /// for three characters or more reads the few contacts that hold every run of the
    /// query instead of all of them (a scan of 100,000 contacts took most of a `find`).
    ///
    /// It is an index only: `detail=none` keeps which contacts hold a run and not where,
    /// and `find` checks each candidate's `search` text for the whole query, so the results
    /// are those of the scan. The text itself stays in `contacts` (external content), and
    /// triggers keep the index in step with every write, whichever path makes it. The
    /// text is folded already, so the tokenizer keeps case as it is.
    static func createContactSearchIndex(_ db: Database) throws {
        // Search texts written before a NUL read as a space: the tokenizer stops at one.
        let withNUL = try Int64.fetchAll(db, sql: "SELECT id FROM contacts WHERE instr(CAST(search AS BLOB), X'00') > 0")
        for id in withNUL {
            try db.execute(sql: "UPDATE contacts SET search = ? WHERE id = ?", arguments: [try fetchContact(id, db).searchText, id])
        }
        try db.execute(sql: """
            CREATE VIRTUAL TABLE contact_search USING fts5(
              search, content = 'contacts', content_rowid = 'id',
              tokenize = 'trigram case_sensitive 1', detail = 'none', columnsize = 0);
            INSERT INTO contact_search(contact_search) VALUES ('rebuild');
            CREATE TRIGGER contacts_search_added AFTER INSERT ON contacts BEGIN
              INSERT INTO contact_search(rowid, search) VALUES (new.id, new.search);
            END;
            CREATE TRIGGER contacts_search_removed AFTER DELETE ON contacts BEGIN
              INSERT INTO contact_search(contact_search, rowid, search) VALUES ('delete', old.id, old.search);
            END;
            CREATE TRIGGER contacts_search_changed AFTER UPDATE OF id, search ON contacts
            WHEN old.id IS NOT new.id OR old.search IS NOT new.search BEGIN
              INSERT INTO contact_search(contact_search, rowid, search) VALUES ('delete', old.id, old.search);
              INSERT INTO contact_search(rowid, search) VALUES (new.id, new.search);
            END;
            """)
    }

    /// Adds the contacts above `id` to the index in one statement, with room for all of
    /// their terms: FTS5 writes its pending terms out whenever they pass `hashsize` bytes
    /// (1 MiB by default), and 100,000 contacts make about 60 MiB. The setting is stored,
    /// so it is put back afterwards.
    static func indexContacts(above id: Int64, _ db: Database) throws {
        let table = searchIndexTable
        let hashsize = try Int64.fetchOne(db, sql: "SELECT v FROM \(table)_config WHERE k = 'hashsize'") ?? 1 << 20
        try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('hashsize', ?)", arguments: [Int64(256 << 20)])
        try db.execute(sql: "INSERT INTO \(table)(rowid, search) SELECT id, search FROM contacts WHERE id > ?", arguments: [id])
        try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('hashsize', ?)", arguments: [hashsize])
    }

    /// The index query that finds every contact whose search text may contain one of
    /// `parts`: for each part, all of its three-character runs (`"abc" AND "bcd" …`),
    /// and the parts joined by OR. Nil when a part is shorter than three characters (it
    /// has no run; those searches read every contact) or holds a NUL.
    static func searchIndexQuery(_ parts: [String]) -> String? {
        var alternatives: [String] = []
        for part in parts {
            let scalars = Array(part.unicodeScalars)
            guard scalars.count >= 3, !scalars.contains("\0") else { return nil }
            var runs: [String] = []
            var seen = Set<[UInt32]>()
            for start in 0...(scalars.count - 3) {
                let run = scalars[start..<(start + 3)]
                // Each run once, and at most a few dozen: candidates are checked against
                // the whole part anyway, so fewer runs only admit more candidates.
                guard seen.insert(run.map(\.value)).inserted else { continue }
                var quoted = String.UnicodeScalarView()
                quoted.append("\"")
                for scalar in run {
                    quoted.append(scalar)
                    if scalar == "\"" { quoted.append(scalar) }  // a quote inside the string is doubled
                }
                quoted.append("\"")
                runs.append(String(quoted))
                if runs.count == maxRunsPerPart { break }
            }
            alternatives.append("(" + runs.joined(separator: " AND ") + ")")
        }
        return alternatives.isEmpty ? nil : alternatives.joined(separator: " OR ")
    }

    private static let maxRunsPerPart = 32
}
