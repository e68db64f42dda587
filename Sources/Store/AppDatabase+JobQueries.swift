import Foundation
import GRDB
import Model

/// What the scheduler reads: the plugin index, event cursors, open runs and history.
extension AppDatabase {
    /// The plugin index, by plugin name.
    public func pluginIndex() throws -> [String: PluginIndexEntry] {
        try read { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM plugin_index") ?? 0
            var entries = [String: PluginIndexEntry](minimumCapacity: count)
            try Self.forEachIndexEntry(db) { entries[$0.plugin] = $0 }
            return entries
        }
    }

    /// The index entries of the plugins whose schedule needs a look at `now`: those that
    /// can be scheduled and were never looked at or whose next check has come.
    public func dueSchedules(at now: Date) throws -> [PluginIndexEntry] {
        try read { db in
            // Two range reads of the partial index plugin_index_schedules: with an OR,
            // SQLite would read the whole index.
            var entries: [PluginIndexEntry] = []
            try Self.forEachIndexEntry(db, where: "error IS NULL AND every IS NOT NULL AND next_check_at IS NULL") { entries.append($0) }
            try Self.forEachIndexEntry(db, where: "error IS NULL AND every IS NOT NULL AND next_check_at <= ?",
                                       arguments: [UTCDateText.stored(now)]) { entries.append($0) }
            return entries
        }
    }

    /// The index entries of the plugins that listen to events and can run.
    public func eventListeners() throws -> [PluginIndexEntry] {
        try read { db in
            var entries: [PluginIndexEntry] = []
            try Self.forEachIndexEntry(db, where: "error IS NULL AND events != ''") { entries.append($0) }
            return entries
        }
    }

    /// The names of the indexed plugins that load and whose schedule, if any, reads.
    public func schedulablePlugins() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT plugin FROM plugin_index WHERE error IS NULL")) }
    }

    /// The fingerprint of the plugin files the index was read from (see
    /// `PluginCatalogFingerprint`), or nil before the first index was saved.
    public func pluginCatalogFingerprint() throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT fingerprint FROM plugin_catalog WHERE id = 1") }
    }

    /// Calls `body` with each row of the index that meets `condition`.
    private static func forEachIndexEntry(
        _ db: Database, where condition: String? = nil, arguments: StatementArguments = [], _ body: (PluginIndexEntry) -> Void
    ) throws {
        // next_check_at as milliseconds since 1970, computed by SQLite: reading the
        // stored text through GRDB's Date decoding was a third of this read.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT plugin, path, mtime, size, every, events, error,
              CAST(round((julianday(next_check_at) - 2440587.5) * 86400000) AS INTEGER)
            FROM plugin_index
            """ + (condition.map { " WHERE " + $0 } ?? ""), arguments: arguments)
        while let row = try rows.next() {
            // By position: thousands of rows per tick, and name lookups cost more than the read.
            let events: String = row[5]
            body(PluginIndexEntry(
                plugin: row[0], path: row[1], mtime: row[2], size: row[3], every: row[4],
                on: events.isEmpty ? [] : events.split(separator: "\n").map(String.init), error: row[6],
                nextCheckAt: (row[7] as Int64?).map { Date(timeIntervalSince1970: Double($0) / 1000) }))
        }
    }

    /// Stores what plugins declare, replacing earlier entries of the same names and
    /// dropping `removed` ones. A plugin that listens to events and has no cursor yet
    /// gets one at the newest event: it hears what happens from now on, not the history.
    ///
    /// In the same transaction the fingerprint of the index rows (their paths, times and
    /// sizes) is stored. It is computed from the rows, not from what the caller found on
    /// disk, so that when two ticks save at once the stored fingerprint still describes
    /// the rows that are there: a tick that finds the same fingerprint on disk may trust them.
    public func savePluginIndex(_ entries: [PluginIndexEntry], removed: [String] = []) throws {
        try write { db in
            let newest = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM events") ?? 0
            let upsert = try db.makeStatement(sql: """
                INSERT INTO plugin_index (plugin, path, mtime, size, every, events, error, next_check_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(plugin) DO UPDATE SET path = excluded.path, mtime = excluded.mtime, size = excluded.size,
                  every = excluded.every, events = excluded.events, error = excluded.error, next_check_at = excluded.next_check_at
                """)
            let cursor = try db.makeStatement(sql: "INSERT OR IGNORE INTO job_cursors (plugin, last_event_id) VALUES (?, ?)")
            for e in entries {
                try upsert.execute(arguments: [e.plugin, e.path, e.mtime, e.size, e.every, e.on.joined(separator: "\n"), e.error, e.nextCheckAt])
                if !e.on.isEmpty { try cursor.execute(arguments: [e.plugin, newest]) }
            }
            let delete = try db.makeStatement(sql: "DELETE FROM plugin_index WHERE plugin = ?")
            for name in removed { try delete.execute(arguments: [name]) }
            var fingerprint = PluginCatalogFingerprint()
            let rows = try Row.fetchCursor(db, sql: "SELECT path, mtime, size FROM plugin_index")
            while let row = try rows.next() {
                fingerprint.add(path: row[0], mtime: row[1], size: row[2])
            }
            try db.execute(sql: """
                INSERT INTO plugin_catalog (id, fingerprint) VALUES (1, ?)
                ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint
                """, arguments: [fingerprint.value])
        }
    }

    /// Sets when each plugin's schedule needs a look next (nil: at the next tick).
    public func setNextChecks(_ checks: [(plugin: String, at: Date?)]) throws {
        guard !checks.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: "UPDATE plugin_index SET next_check_at = ? WHERE plugin = ?")
            for check in checks { try statement.execute(arguments: [check.at, check.plugin]) }
        }
    }

    /// The newest schedule occurrence recorded (run, claimed or skipped) for each plugin.
    public func lastOccurrences(of plugins: [String]) throws -> [String: Date] {
        try read { db in
            var result: [String: Date] = [:]
            for plugin in plugins {
                if let date = try Self.lastOccurrence(of: plugin, db) { result[plugin] = date }
            }
            return result
        }
    }

    /// Runs that are not settled: claimed (running, or left by a process that ended)
    /// and failed (waiting for their retry), oldest first.
    public func openRuns(plugin: String? = nil) throws -> [JobRun] {
        try read { db in
            var request = JobRun.filter(sql: "state IN ('claimed', 'failed')")
            if let plugin { request = request.filter(Column("plugin") == plugin) }
            return try request.order(Column("id")).fetchAll(db)
        }
    }

    /// Whether any run is claimed or waiting for its retry.
    public func hasOpenRuns() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM job_runs WHERE state IN ('claimed', 'failed'))") ?? false }
    }

    /// Each listening plugin's event cursor.
    public func eventCursors() throws -> [String: Int64] {
        try read { db in
            var result: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT plugin, last_event_id FROM job_cursors") { result[row[0]] = row[1] }
            return result
        }
    }

    /// The first event after `cursor` of one of `kinds`, or nil.
    public func nextEvent(after cursor: Int64, kinds: [String]) throws -> StoreEvent? {
        try events(after: cursor, kinds: kinds.map { StoreEvent.Kind(rawValue: $0) }, limit: 1).first
    }

    /// How many events after `cursor` are of one of `kinds`.
    public func pendingEventCount(after cursor: Int64, kinds: [String]) throws -> Int {
        guard !kinds.isEmpty else { return 0 }
        return try read { db in
            let marks = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
            var arguments: StatementArguments = [cursor]
            arguments += StatementArguments(kinds)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE id > ? AND kind IN (\(marks))", arguments: arguments) ?? 0
        }
    }

    /// The latest run of each plugin that was not a skip, by plugin.
    public func latestRuns() throws -> [String: JobRun] {
        try read { db in
            let runs = try JobRun.fetchAll(db, sql: """
                SELECT * FROM job_runs WHERE id IN (SELECT max(id) FROM job_runs WHERE state != 'skipped' GROUP BY plugin)
                """)
            return Dictionary(runs.map { ($0.plugin, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Runs newest first, of one plugin or all.
    public func jobHistory(plugin: String? = nil, limit: Int = 50) throws -> [JobRun] {
        try read { db in
            var request = JobRun.order(Column("id").desc).limit(max(1, limit))
            if let plugin { request = request.filter(Column("plugin") == plugin) }
            return try request.fetchAll(db)
        }
    }

    /// Runs that failed too often, oldest first.
    public func deadRuns() throws -> [JobRun] {
        try read { db in try JobRun.filter(Column("state") == JobRun.State.dead.rawValue).order(Column("id")).fetchAll(db) }
    }

    /// Makes a dead or failed run due at `now` with a fresh set of attempts.
    /// Throws when there is no such run or it is not dead or failed.
    public func retryRun(_ id: Int64, at now: Date) throws -> JobRun {
        try write { db in
            guard let run = try JobRun.fetchOne(db, key: id) else { throw StoreError.invalid("no job run with id \(id); see `refer jobs history` or `refer jobs dead`") }
            guard run.state == .dead || run.state == .failed else {
                throw StoreError.invalid("job run \(id) is \(run.state.rawValue); only dead or failed runs can be retried")
            }
            try db.execute(sql: "UPDATE job_runs SET state = 'failed', attempts = 0, next_attempt_at = ? WHERE id = ?", arguments: [now, id])
            return try JobRun.fetchOne(db, key: id) ?? run
        }
    }
}
