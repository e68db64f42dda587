import Foundation

/// Something that takes a finished message out of the practice: a sendmail-compatible
/// command (``SendmailTransport``) or a folder of `.eml` files (``EmlDirectoryTransport``).
public protocol MailTransport: Sendable {
    /// Delivers `message`. Returning means the transport accepted it; throwing means it
    /// did not, and the outbox keeps the message to try again.
    func deliver(_ message: MailMessage) async throws
}
