import Foundation
import GRDBSQLite

/// What `refer daemon` reads between ticks: the newest event, and when something next
/// needs a tick (the earliest schedule check, retry or claim lease).
///
/// Read through SQLite's C API on a read-only connection opened for the read, not
/// through `AppDatabase`: opening a GRDB pool writes to the write-ahead log (GRDB makes
/// sure the log exists), the daemon wakes when the log is written, and it would wake
/// itself. A read-only connection writes nothing and keeps nothing between reads.
public struct SchedulerGlance: Equatable, Sendable {
    /// The id of the newest event, 0 when there is none.
    public var newestEvent: Int64
    /// When a tick is next needed; `distantPast` when one is needed now, nil when only
    /// a new event or a changed plugin can make one needed.
    public var nextWake: Date?

    public init(newestEvent: Int64, nextWake: Date?) {
        self.newestEvent = newestEvent
        self.nextWake = nextWake
    }

    static let sql = """
        SELECT
          (SELECT coalesce(max(id), 0) FROM events),
          (SELECT min(at) FROM (
            -- A schedule never looked at needs a look now (0 is 1970).
            SELECT CASE WHEN count(*) > count(next_check_at) THEN 0
                        ELSE (julianday(min(next_check_at)) - 2440587.5) * 86400 END AS at
              FROM plugin_index WHERE error IS NULL AND every IS NOT NULL
            UNION ALL
            SELECT (julianday(min(next_attempt_at)) - 2440587.5) * 86400 FROM job_runs WHERE state = 'failed'
            UNION ALL
            SELECT (julianday(min(lease_until)) - 2440587.5) * 86400 FROM job_runs WHERE state = 'claimed'))
        """

    /// Reads the store at `path`, waiting up to `busyTimeout` seconds for a writer that
    /// holds it (a checkpoint, say).
    public static func read(storePath path: String, busyTimeout: Double) throws -> SchedulerGlance {
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let connection else {
            throw failure(connection, path: path)
        }
        sqlite3_busy_timeout(connection, Int32(min(max(busyTimeout, 0) * 1000, Double(Int32.max))))
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure(connection, path: path)
        }
        guard sqlite3_step(statement) == SQLITE_ROW else { throw failure(connection, path: path) }
        let wake = sqlite3_column_type(statement, 1) == SQLITE_NULL
            ? nil : Date(timeIntervalSince1970: sqlite3_column_double(statement, 1))
        return SchedulerGlance(newestEvent: sqlite3_column_int64(statement, 0), nextWake: wake)
    }

    private static func failure(_ connection: OpaquePointer?, path: String) -> StoreError {
        let code = connection.map { sqlite3_errcode($0) } ?? SQLITE_CANTOPEN
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open"
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: return .locked(path: path, seconds: 0)
        default: return .sqlite(path: path, message: message)
        }
    }
}
