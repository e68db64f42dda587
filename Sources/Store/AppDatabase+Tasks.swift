import Foundation
import GRDB
import Model

extension AppDatabase {
    /// Adds a task and records `task.added`.
    public func addTask(_ task: FollowUpTask) throws -> FollowUpTask {
        guard !task.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError.invalid("a task needs a title.")
        }
        return try write { db in
            try Self.requireContact(task.contactId, db)
            try Self.requireReferral(task.referralId, db)
            var saved = task
            saved.id = nil
            try saved.insert(db)
            try Self.record(db, .taskAdded, contact: task.contactId, referral: task.referralId,
                            payload: ["task": String(saved.id!), "origin": task.origin])
            return saved
        }
    }

    /// The task with `id`.
    public func task(id: Int64) throws -> FollowUpTask {
        try read { db in try Self.fetch(FollowUpTask.self, id: id, entity: "task", db) }
    }

    /// Tasks, soonest due first (undated last); open ones only unless `includeDone`.
    public func tasks(includeDone: Bool = false, dueBefore: Date? = nil, contactId: Int64? = nil) throws -> [FollowUpTask] {
        try read { db in
            var request = FollowUpTask.all()
            if !includeDone { request = request.filter(Column("done_at") == nil) }
            if let dueBefore { request = request.filter(Column("due_at") < dueBefore) }
            if let contactId { request = request.filter(Column("contact_id") == contactId) }
            return try request.order(sql: "due_at IS NULL, due_at, id").fetchAll(db)
        }
    }

    /// Marks a task done and records `task.done`.
    public func completeTask(id: Int64, at time: Date = Date()) throws -> FollowUpTask {
        try write { db in
            var task = try Self.fetch(FollowUpTask.self, id: id, entity: "task", db)
            task.doneAt = time
            try task.update(db)
            try Self.record(db, .taskDone, contact: task.contactId, referral: task.referralId, payload: ["task": String(id)], at: time)
            return task
        }
    }

    /// Saves changes to a task.
    public func updateTask(_ task: FollowUpTask) throws {
        try write { db in
            try Self.requireContact(task.contactId, db)
            try Self.requireReferral(task.referralId, db)
        }
        try update(task, entity: "task")
    }

    /// Removes a task.
    public func removeTask(id: Int64) throws { try remove(FollowUpTask.self, id: id, entity: "task") }
}
