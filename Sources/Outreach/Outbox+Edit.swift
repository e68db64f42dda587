import Foundation

extension Outbox {
    /// The message with `id`.
    /// - Throws: ``OutreachError/outboxMessageNotFound(id:)``.
    public func message(id: Int64) throws -> OutboxMessage {
        guard let message = try store.message(id: id) else { throw OutreachError.outboxMessageNotFound(id: id) }
        return message
    }

    /// Changes the message of a draft, approved or failed message (`refer outbox edit`),
    /// keeping its state, key and Message-ID. The changed message is checked the way
    /// ``draft(_:key:)`` checks one, so an edit cannot leave a message that could never
    /// be sent.
    public func edit(id: Int64, _ change: (inout MailMessage) -> Void) throws -> OutboxMessage {
        var preview = try message(id: id).message
        change(&preview)
        _ = try preview.rfc5322Data()
        return try transition(id: id, action: "edited", allowed: [.draft, .approved, .failed]) { message, _ in
            change(&message.message)
        }
    }
}
