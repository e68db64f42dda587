import Foundation
import GRDB
import Model

extension AppDatabase {
    /// Logs a visibility activity and records `activity.logged`.
    public func addActivity(_ activity: Activity) throws -> Activity {
        guard !activity.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError.invalid("an activity needs a title; give one with --title.")
        }
        return try write { db in
            var saved = activity
            saved.id = nil
            try saved.insert(db)
            try Self.record(db, .activityLogged, payload: ["activity": String(saved.id!), "kind": activity.kind.rawValue], at: activity.at)
            return saved
        }
    }

    /// The activity with `id`.
    public func activity(id: Int64) throws -> Activity {
        try read { db in try Self.fetch(Activity.self, id: id, entity: "activity", db) }
    }

    /// Activities, newest first; optionally one kind or since a time.
    public func activities(kind: ActivityKind? = nil, since: Date? = nil) throws -> [Activity] {
        try read { db in
            var request = Activity.all()
            if let kind { request = request.filter(Column("kind") == kind.rawValue) }
            if let since { request = request.filter(Column("at") >= since) }
            return try request.order(Column("at").desc, Column("id").desc).fetchAll(db)
        }
    }

    /// Saves changes to an activity.
    public func updateActivity(_ activity: Activity) throws { try update(activity, entity: "activity") }

    /// Removes an activity.
    public func removeActivity(id: Int64) throws { try remove(Activity.self, id: id, entity: "activity") }
}
