import Foundation
import GRDB
import Model

/// An appreciation event with who was invited and who came.
public struct AppreciationEventDetail: Sendable, Codable, Equatable {
    public var event: AppreciationEvent
    public var invitations: [EventInvitation]
}

extension AppDatabase {
    /// Plans an appreciation event and records `event.planned`.
    public func addAppreciationEvent(_ event: AppreciationEvent) throws -> AppreciationEvent {
        guard !event.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError.rule(.emptyName) }
        return try write { db in
            var saved = event
            saved.id = nil
            try saved.insert(db)
            try Self.record(db, .eventPlanned, payload: ["event": String(saved.id!), "name": event.name])
            return saved
        }
    }

    /// The event with its invitations.
    public func appreciationEvent(id: Int64) throws -> AppreciationEventDetail {
        try read { db in
            let event = try Self.fetch(AppreciationEvent.self, id: id, entity: "event", db)
            let invitations = try EventInvitation.filter(Column("event_id") == id).order(Column("contact_id")).fetchAll(db)
            return AppreciationEventDetail(event: event, invitations: invitations)
        }
    }

    /// Events, newest first; optionally since a time.
    public func appreciationEvents(since: Date? = nil) throws -> [AppreciationEventDetail] {
        try read { db in
            var request = AppreciationEvent.all()
            if let since { request = request.filter(Column("at") >= since) }
            return try request.order(Column("at").desc).fetchAll(db).map { event in
                AppreciationEventDetail(event: event, invitations: try EventInvitation.filter(Column("event_id") == event.id).fetchAll(db))
            }
        }
    }

    /// Invites contacts (once each) and records `event.invited` per new invitee.
    public func invite(eventId: Int64, contactIds: [Int64]) throws {
        try write { db in try Self.invite(eventId: eventId, contactIds: contactIds, db) }
    }

    /// `invite(eventId:contactIds:)` inside the caller's transaction (a plugin's effects).
    static func invite(eventId: Int64, contactIds: [Int64], _ db: Database) throws {
        _ = try fetch(AppreciationEvent.self, id: eventId, entity: "event", db)
        for contact in contactIds {
            try requireContact(contact, db)
            if try EventInvitation.exists(db, key: ["event_id": eventId, "contact_id": contact]) { continue }
            try EventInvitation(eventId: eventId, contactId: contact).insert(db)
            try record(db, .eventInvited, contact: contact, payload: ["event": String(eventId)])
        }
    }

    /// Marks who came (inviting them if needed) and records `event.attended` for each.
    public func markAttended(eventId: Int64, contactIds: [Int64], attended: Bool = true) throws {
        try write { db in
            let event = try Self.fetch(AppreciationEvent.self, id: eventId, entity: "event", db)
            for contact in contactIds {
                try Self.requireContact(contact, db)
                try EventInvitation(eventId: eventId, contactId: contact, attended: attended).save(db)
                if attended {
                    try Self.record(db, .eventAttended, contact: contact, payload: ["event": String(eventId), "name": event.name], at: event.at)
                }
            }
        }
    }

    /// Saves changes to an event.
    public func updateAppreciationEvent(_ event: AppreciationEvent) throws { try update(event, entity: "event") }

    /// Removes an event and its invitations.
    public func removeAppreciationEvent(id: Int64) throws { try remove(AppreciationEvent.self, id: id, entity: "event") }
}
