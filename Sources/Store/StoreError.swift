import Foundation
import GRDB
import Model

/// Why the store refused or failed a request; each message says what, where and what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case newerStore(path: String, found: Int, supported: Int)
    case readOnly(path: String)
    case locked(path: String, seconds: Double)
    case notFound(entity: String, id: Int64)
    case inUse(entity: String, id: Int64, reason: String)
    case alreadyPartner(contactId: Int64, partnerId: Int64)
    case rule(ModelError)
    case invalid(String)
    case sqlite(path: String, message: String)

    public var description: String {
        switch self {
        case .newerStore(let path, let found, let supported):
            return "\(path) was written by a newer refer (store version \(found); this refer reads up to \(supported)). Nothing was changed; install the newer refer to use this practice."
        case .readOnly(let path):
            return "cannot write the store \(path): its folder is read-only. Make the folder writable or copy the practice somewhere you can write."
        case .locked(let path, let seconds):
            return "the store \(path) is locked by another program (waited \(seconds.formatted()) s). Try again when it is done, or raise [store] busy_timeout_seconds in refer.toml."
        case .notFound(let entity, let id):
            return "no \(entity) with id \(id); list them with `refer \(entity) list`."
        case .inUse(let entity, let id, let reason):
            return "\(entity) \(id) is still used (\(reason)); remove those first."
        case .alreadyPartner(let contactId, let partnerId):
            return "contact \(contactId) is already partner \(partnerId); see `refer partner show \(partnerId)`."
        case .rule(let error):
            return error.description
        case .invalid(let message):
            return message
        case .sqlite(let path, let message):
            return "the store \(path) failed: \(message). Check the file with `sqlite3 \(path) 'PRAGMA integrity_check'`."
        }
    }

    /// Maps SQLite and domain errors to what the user can act on.
    static func wrap(_ error: any Error, path: String, busyTimeout: Double) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case let error as ModelError:
            return StoreError.rule(error)
        case let error as DatabaseError:
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return StoreError.locked(path: path, seconds: busyTimeout)
            case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
                return StoreError.readOnly(path: path)
            case .SQLITE_CONSTRAINT where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY:
                return StoreError.invalid("that change refers to a record that does not exist, or removes one others still use (\(error.message ?? "foreign key")).")
            default:
                return StoreError.sqlite(path: path, message: error.message ?? "\(error.resultCode)")
            }
        default:
            return error
        }
    }
}
