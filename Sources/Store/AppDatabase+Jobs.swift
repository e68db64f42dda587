import Foundation
import GRDB
import Model

/// Who is claiming a job: this host and process, and a token unique to the claim.
///
/// A claim expires at its lease; a claim whose process is gone (same host, pid no
/// longer alive) can be taken over at once, so a crashed `refer tick` does not hold
/// its job for the whole lease.
public struct JobOwner: Sendable, Equatable {
    public var host: String
    public var pid: Int32

    public init(host: String, pid: Int32) {
        self.host = host
        self.pid = pid
    }

    /// This process.
    public static var current: JobOwner {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "localhost"
        return JobOwner(host: host, pid: getpid())
    }

    /// "host:pid", as stored in `job_runs.owner`.
    public var text: String { "\(host):\(pid)" }

    /// Whether the process that wrote `owner` has certainly ended: it ran on this host
    /// and its pid is ours (a previous process; this one holds no claim between runs)
    /// or no longer exists. A claim from another host is only ever released by its lease.
    public func outlived(_ owner: String?) -> Bool {
        guard let owner, let colon = owner.lastIndex(of: ":"), let pid = Int32(owner[owner.index(after: colon)...]) else { return true }
        guard owner[..<colon] == host else { return false }
        if pid == self.pid { return true }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

extension AppDatabase {
    static func createJobTables(_ db: Database) throws {
        try db.execute(sql: """
            -- One row per schedule occurrence or event delivery a plugin was given.
            -- event_id is 0 for schedule occurrences so that the UNIQUE key holds
            -- (SQLite never treats two NULLs as equal).
            CREATE TABLE job_runs (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              plugin TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('schedule', 'event')),
              scheduled_at TEXT NOT NULL,
              event_id INTEGER NOT NULL DEFAULT 0,
              event_kind TEXT,
              state TEXT NOT NULL CHECK (state IN ('claimed', 'done', 'failed', 'dead', 'skipped')),
              attempts INTEGER NOT NULL DEFAULT 0,
              lease_until TEXT,
              next_attempt_at TEXT,
              error TEXT,
              changes INTEGER,
              skipped_count INTEGER NOT NULL DEFAULT 0,
              owner TEXT,
              claim_token TEXT,
              started_at TEXT,
              finished_at TEXT,
              UNIQUE (plugin, scheduled_at, event_id)
            );
            CREATE INDEX job_runs_open ON job_runs(state, next_attempt_at) WHERE state IN ('claimed', 'failed');
            CREATE INDEX job_runs_by_plugin ON job_runs(plugin, kind, scheduled_at);

            -- Per plugin: every event up to last_event_id has been delivered (or given up).
            CREATE TABLE job_cursors (
              plugin TEXT PRIMARY KEY,
              last_event_id INTEGER NOT NULL
            ) WITHOUT ROWID;

            -- What each plugin.lua declares, kept while its mtime and size stay the same,
            -- so that a tick learns every schedule without loading a Lua state.
            CREATE TABLE plugin_index (
              plugin TEXT PRIMARY KEY,
              path TEXT NOT NULL,
              mtime REAL NOT NULL,
              size INTEGER NOT NULL,
              every TEXT,
              events TEXT NOT NULL DEFAULT '',   -- one kind per line
              error TEXT,
              next_check_at TEXT
            ) WITHOUT ROWID;
            """)
    }

    /// The fingerprint of the plugin files the index was read from: a tick that finds the
    /// same files on disk reads only the index rows it needs, not all of them, through
    /// two partial indexes (the schedules by next check; the plugins that listen).
    static func createPluginCatalogTable(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE plugin_catalog (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              fingerprint INTEGER NOT NULL
            );
            CREATE INDEX plugin_index_schedules ON plugin_index(next_check_at) WHERE error IS NULL AND every IS NOT NULL;
            CREATE INDEX plugin_index_listeners ON plugin_index(plugin) WHERE error IS NULL AND events != '';
            """)
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken before
    /// anything is read, so two processes deciding on the same job queue up instead of
    /// both seeing it free.
    func claimTransaction<T>(_ body: (Database) throws -> T?) throws -> T? {
        try guarded {
            try writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return result == nil ? .rollback : .commit
                }
                return result
            }
        }
    }

    /// Claims the schedule occurrence `occurrence` of `plugin`, recording `skipped`
    /// missed occurrences (as one `skipped` row at `skippedAt`) and when to look at the
    /// schedule next, all in one transaction. Returns the claimed run and its token, or
    /// nil (and nothing written) when the occurrence is taken: another process claimed
    /// or ran it.
    /// `lastRun` is the newest occurrence the decision was based on; when another
    /// process recorded a newer one meanwhile, nothing is written either.
    public func claimOccurrence(
        plugin: String, occurrence: Date, after lastRun: Date?, skipped: Int, skippedAt: Date?, nextCheck: Date?,
        owner: JobOwner, leaseUntil: Date, startedAt: Date
    ) throws -> (run: JobRun, token: String)? {
        let token = UUID().uuidString
        // A tick claims and finishes every due job: statements are cached, and dates bound as
        // the text GRDB stores (GRDB formats each Date with a DateFormatter).
        return try claimTransaction { db in
            guard try Self.lastOccurrence(of: plugin, db) == lastRun else { return nil }
            try db.cachedStatement(sql: "UPDATE plugin_index SET next_check_at = ? WHERE plugin = ?")
                .execute(arguments: [nextCheck.map(UTCDateText.stored), plugin])
            if skipped > 0, let skippedAt { try Self.insertSkipped(plugin, count: skipped, at: skippedAt, finishedAt: startedAt, db) }
            try db.cachedStatement(sql: """
                INSERT INTO job_runs (plugin, kind, scheduled_at, state, attempts, lease_until, owner, claim_token, started_at)
                VALUES (?, 'schedule', ?, 'claimed', 1, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """).execute(arguments: [plugin, UTCDateText.stored(occurrence), UTCDateText.stored(leaseUntil), owner.text, token,
                                         UTCDateText.stored(startedAt)])
            guard db.changesCount == 1 else { return nil }
            // Built here rather than read back: a tick over many due plugins claims each one.
            let run = JobRun(id: db.lastInsertedRowID, plugin: plugin, kind: .schedule, scheduledAt: occurrence, state: .claimed,
                             attempts: 1, leaseUntil: leaseUntil, owner: owner.text, startedAt: startedAt)
            return (run: run, token: token)
        }
    }

    /// Records `count` missed occurrences of `plugin` that will not run, as one row at
    /// `at`, with when to look at its schedule next; false when another process did.
    @discardableResult
    public func recordSkipped(plugin: String, count: Int, at: Date, after lastRun: Date?, nextCheck: Date?, finishedAt: Date) throws -> Bool {
        try claimTransaction { db -> Bool? in
            guard try Self.lastOccurrence(of: plugin, db) == lastRun else { return nil }
            try db.execute(sql: "UPDATE plugin_index SET next_check_at = ? WHERE plugin = ?", arguments: [nextCheck, plugin])
            try Self.insertSkipped(plugin, count: count, at: at, finishedAt: finishedAt, db)
            return db.changesCount == 1 ? true : nil
        } ?? false
    }

    static func lastOccurrence(of plugin: String, _ db: Database) throws -> Date? {
        try Date.fetchOne(db.cachedStatement(sql: "SELECT max(scheduled_at) FROM job_runs WHERE plugin = ? AND kind = 'schedule'"), arguments: [plugin])
    }

    private static func insertSkipped(_ plugin: String, count: Int, at: Date, finishedAt: Date, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO job_runs (plugin, kind, scheduled_at, state, skipped_count, finished_at, error)
            VALUES (?, 'schedule', ?, 'skipped', ?, ?, ?) ON CONFLICT DO NOTHING
            """, arguments: [plugin, at, count, finishedAt, "\(count) missed occurrence(s) not run: catch-up runs only the newest"])
    }

    /// Claims the delivery of `event` to `plugin`; nil when another process has it.
    public func claimEvent(plugin: String, event: StoreEvent, owner: JobOwner, leaseUntil: Date, startedAt: Date) throws -> (run: JobRun, token: String)? {
        guard let eventId = event.id else { return nil }
        let token = UUID().uuidString
        return try claimTransaction { db in
            try db.execute(sql: """
                INSERT INTO job_runs (plugin, kind, scheduled_at, event_id, event_kind, state, attempts, lease_until, owner, claim_token, started_at)
                VALUES (?, 'event', ?, ?, ?, 'claimed', 1, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """, arguments: [plugin, event.createdAt, eventId, event.kind.rawValue, leaseUntil, owner.text, token, startedAt])
            guard db.changesCount == 1 else { return nil }
            let run = JobRun(id: db.lastInsertedRowID, plugin: plugin, kind: .event, scheduledAt: event.createdAt, eventId: eventId,
                             eventKind: event.kind.rawValue, state: .claimed, attempts: 1, leaseUntil: leaseUntil,
                             owner: owner.text, startedAt: startedAt)
            return (run: run, token: token)
        }
    }

    /// Claims again a run that is still open: a failed run whose retry time has come
    /// (`now` is the scheduler's time), or a claim whose lease ran out before `realNow`
    /// or whose process `owner` knows to have ended. Nil when it is not (or no longer)
    /// reclaimable.
    public func reclaim(_ id: Int64, now: Date, realNow: Date, owner: JobOwner, leaseUntil: Date) throws -> (run: JobRun, token: String)? {
        let token = UUID().uuidString
        return try claimTransaction { db in
            guard let run = try JobRun.fetchOne(db, key: id) else { return nil }
            switch run.state {
            case .failed:
                guard let next = run.nextAttemptAt, next <= now else { return nil }
            case .claimed:
                let expired = (run.leaseUntil ?? .distantPast) < realNow
                guard expired || owner.outlived(run.owner) else { return nil }
            default:
                return nil
            }
            try db.execute(sql: """
                UPDATE job_runs SET state = 'claimed', attempts = attempts + 1, lease_until = ?, owner = ?,
                  claim_token = ?, started_at = ?, next_attempt_at = NULL WHERE id = ?
                """, arguments: [leaseUntil, owner.text, token, realNow, id])
            let claimed = try JobRun.fetchOne(db, key: id)
            return claimed.map { (run: $0, token: token) }
        }
    }

    /// Applies a claimed run's effects and marks it done, in one transaction: either
    /// both happen or neither. For an event, the plugin's cursor moves past it. Nil
    /// (and nothing written) when the claim was lost to another process meanwhile.
    public func finishRun(_ run: JobRun, token: String, effects: [PluginEffect], at time: Date, finishedAt: Date) throws -> EffectsApplied? {
        guard let id = run.id else { return nil }
        return try claimTransaction { db in
            guard try Self.holdsClaim(id, token: token, db) else { return nil }
            let applied = try Self.apply(effects, db, at: time)
            try db.cachedStatement(sql: """
                UPDATE job_runs SET state = 'done', finished_at = ?, changes = ?, error = NULL,
                  lease_until = NULL, next_attempt_at = NULL, claim_token = NULL WHERE id = ?
                """).execute(arguments: [UTCDateText.stored(finishedAt), applied.applied, id])
            if run.kind == .event { try Self.advanceCursor(run.plugin, to: run.eventId, db) }
            return applied
        }
    }

    /// Records a failure of a claimed run: `failed` with its next attempt, or `dead`
    /// when `nextAttemptAt` is nil. A dead event no longer holds back later events.
    /// False when the claim was lost meanwhile.
    @discardableResult
    public func failRun(_ run: JobRun, token: String?, error: String, nextAttemptAt: Date?, finishedAt: Date) throws -> Bool {
        guard let id = run.id else { return false }
        return try claimTransaction { db -> Bool? in
            if let token {
                guard try Self.holdsClaim(id, token: token, db) else { return nil }
            }
            try db.execute(sql: """
                UPDATE job_runs SET state = ?, error = ?, next_attempt_at = ?, finished_at = ?,
                  lease_until = NULL, claim_token = NULL WHERE id = ?
                """, arguments: [nextAttemptAt == nil ? "dead" : "failed", error, nextAttemptAt, finishedAt, id])
            if nextAttemptAt == nil, run.kind == .event { try Self.advanceCursor(run.plugin, to: run.eventId, db) }
            return true
        } ?? false
    }

    /// Takes over a stale claim that has used all its attempts and marks it dead.
    public func buryStaleClaim(_ id: Int64, realNow: Date, owner: JobOwner, error: String) throws -> Bool {
        try claimTransaction { db -> Bool? in
            guard let run = try JobRun.fetchOne(db, key: id), run.state == .claimed,
                  (run.leaseUntil ?? .distantPast) < realNow || owner.outlived(run.owner) else { return nil }
            try db.execute(sql: """
                UPDATE job_runs SET state = 'dead', error = ?, finished_at = ?, lease_until = NULL, claim_token = NULL WHERE id = ?
                """, arguments: [error, realNow, id])
            if run.kind == .event { try Self.advanceCursor(run.plugin, to: run.eventId, db) }
            return true
        } ?? false
    }

    private static func holdsClaim(_ id: Int64, token: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM job_runs WHERE id = ? AND state = 'claimed' AND claim_token = ?"), arguments: [id, token]) ?? false
    }

    private static func advanceCursor(_ plugin: String, to eventId: Int64, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO job_cursors (plugin, last_event_id) VALUES (?, ?)
            ON CONFLICT(plugin) DO UPDATE SET last_event_id = max(last_event_id, excluded.last_event_id)
            """, arguments: [plugin, eventId])
    }
}

extension JobRun: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "job_runs"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
