import Foundation
import GRDB
import Model

extension AppDatabase {
    /// Records `kind` in the `events` table inside the caller's transaction.
    @discardableResult
    static func record(
        _ db: Database, _ kind: StoreEvent.Kind, contact: Int64? = nil, partner: Int64? = nil,
        referral: Int64? = nil, payload: [String: String] = [:], at time: Date = Date()
    ) throws -> StoreEvent {
        var event = StoreEvent(kind: kind, contactId: contact, partnerId: partner, referralId: referral,
                               payload: payloadJSON(payload), createdAt: time)
        // Bound through the C API: an import records an event per changed contact, and
        // GRDB's record encoding was a tenth of a 100,000-contact update. Ids go in as
        // text; the columns' INTEGER affinity stores them as integers.
        try DirectStatement(db, sql: """
            INSERT INTO events (kind, contact_id, partner_id, referral_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(texts: [kind.rawValue, contact.map(String.init), partner.map(String.init), referral.map(String.init),
                                 event.payload, UTCDateText.stored(time)])
        event.id = db.lastInsertedRowID
        return event
    }

    /// Compact JSON object with sorted keys. Written by hand: imports record one event per
    /// contact, and a `JSONEncoder` per event would dominate their time.
    static func payloadJSON(_ payload: [String: String]) -> String {
        guard !payload.isEmpty else { return "{}" }
        var out = "{"
        for (i, key) in payload.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            appendJSONString(key, to: &out)
            out += ":"
            appendJSONString(payload[key]!, to: &out)
        }
        return out + "}"
    }

    static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Events with an id above `afterId`, oldest first, optionally of some kinds only.
    public func events(after afterId: Int64 = 0, kinds: [StoreEvent.Kind] = [], limit: Int = 1000) throws -> [StoreEvent] {
        try read { db in
            var request = StoreEvent.filter(Column("id") > afterId)
            if !kinds.isEmpty { request = request.filter(kinds.map(\.rawValue).contains(Column("kind"))) }
            return try request.order(Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// The id of the newest event (0 when none).
    public func lastEventId() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM events") ?? 0 }
    }
}
