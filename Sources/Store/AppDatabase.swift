import Foundation
import GRDB
import Model

/// The practice's store: one SQLite file in WAL mode, with foreign keys on and named,
/// append-only migrations. Every write API runs in one transaction and records its
/// `StoreEvent`s in that same transaction.
public struct AppDatabase: Sendable {
    /// The version of the store layout this build writes. An older `refer` that finds a
    /// higher version in `PRAGMA user_version` refuses to open the store.
    public static let storeVersion = 6

    let writer: any DatabaseWriter
    /// Where the store lives, for messages (":memory:" in tests).
    public let path: String
    let busyTimeout: Double

    init(writer: any DatabaseWriter, path: String, busyTimeout: Double) throws {
        self.writer = writer
        self.path = path
        self.busyTimeout = busyTimeout
        try guarded { try Self.migrate(writer, path: path) }
    }

    /// Opens (and if needed creates and migrates) the store of `practice`.
    /// The busy timeout comes from `[store] busy_timeout_seconds`, or `$REFER_BUSY_TIMEOUT`.
    public static func open(
        _ practice: Practice,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AppDatabase {
        var timeout = practice.config.store.busyTimeoutSeconds
        if let text = environment["REFER_BUSY_TIMEOUT"], let seconds = Double(text), seconds >= 0 {
            timeout = seconds
        }
        return try open(path: practice.storeFile.path, busyTimeout: timeout)
    }

    /// Opens the store file at `path`, waiting up to `busyTimeout` seconds for other writers.
    public static func open(path: String, busyTimeout: Double = PracticeConfig.StoreSettings.defaultBusyTimeoutSeconds) throws -> AppDatabase {
        let folder = (path as NSString).deletingLastPathComponent
        if !FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) {
            throw StoreError.readOnly(path: path)
        }
        let writer: DatabasePool
        do {
            writer = try DatabasePool(path: path, configuration: configuration(busyTimeout: busyTimeout))
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
        return try AppDatabase(writer: writer, path: path, busyTimeout: busyTimeout)
    }

    /// Opens the store of `practice` for reading only: nothing, not even SQLite's own
    /// bookkeeping, writes to the file (dry runs promise a byte-identical store).
    public static func openReadOnly(_ practice: Practice) throws -> AppDatabase {
        let path = practice.storeFile.path
        var config = configuration(busyTimeout: practice.config.store.busyTimeoutSeconds)
        config.readonly = true
        let reader: DatabaseQueue
        do {
            reader = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: practice.config.store.busyTimeoutSeconds)
        }
        let found = try reader.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        if found > storeVersion {
            throw StoreError.newerStore(path: path, found: found, supported: storeVersion)
        }
        return AppDatabase(unmigrated: reader, path: path, busyTimeout: practice.config.store.busyTimeoutSeconds)
    }

    private init(unmigrated writer: any DatabaseWriter, path: String, busyTimeout: Double) {
        self.writer = writer
        self.path = path
        self.busyTimeout = busyTimeout
    }

    /// Whether the store is at this build's version (nothing to migrate).
    public func isCurrentVersion() throws -> Bool {
        try read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") == Self.storeVersion }
    }

    /// A fresh store in memory, for tests.
    public static func inMemory() throws -> AppDatabase {
        let queue = try DatabaseQueue(configuration: configuration(busyTimeout: 0))
        return try AppDatabase(writer: queue, path: ":memory:", busyTimeout: 0)
    }

    static func configuration(busyTimeout: Double) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = busyTimeout > 0 ? .timeout(busyTimeout) : .immediateError
        config.label = "refer"
        config.prepareDatabase { db in
            // Pages read through a memory map rather than a read() call each: listing
            // 100,000 contacts by name reads them in name order, all over the file.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            // 16 KiB pages for a new store (an existing one keeps its own): a large import
            // writes a quarter as many pages through the WAL, each a system call or two.
            try db.execute(sql: "PRAGMA page_size = 16384")
            SearchFunction.register(on: db)
        }
        return config
    }

    /// Runs `body`, turning SQLite errors into `StoreError`s a user can act on.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StoreError.wrap(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// One write transaction: the change and its events commit together or not at all.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try guarded { try writer.write(body) }
    }

    /// One write transaction, as `write`, with SQLite's foreign key checks off: for bulk
    /// writes whose references the code has just made itself (an import's key rows name
    /// the ids its inserts returned), where checking each of 200,000 rows against its
    /// contact took a third of writing them. The checks are on again afterwards.
    func writeTrustingReferences<T>(_ body: (Database) throws -> T) throws -> T {
        try guarded {
            try writer.writeWithoutTransaction { db in
                // The pragma does nothing inside a transaction, so it goes around one.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
    }

    /// A read from a consistent snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try guarded { try writer.read(body) }
    }

    /// Frees what the store holds between uses: SQLite's page and statement caches, and
    /// idle read connections. For a process that stays up, idle, between short bursts.
    public func releaseMemory() {
        if let pool = writer as? DatabasePool {
            pool.releaseMemory()
        } else if let queue = writer as? DatabaseQueue {
            queue.releaseMemory()
        }
    }

    /// `PRAGMA integrity_check`; "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }

    /// Row counts of every table, for checks and `--dry-run` summaries.
    public func rowCounts() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in Self.tables {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }
}

extension PracticeSetup {
    /// Creates the empty store of a new practice (refer.sqlite, WAL mode, migrated).
    static func createStore(for practice: Practice) throws {
        _ = try AppDatabase.open(practice)
    }
}
