import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// "Delivers" by writing each message as an RFC 5322 `.eml` file into a folder (the
/// practice's `outbox/` when no sendmail command is configured), for a mail client to
/// open or another tool to pick up.
///
/// Files are written atomically: into a hidden temporary file in the same folder,
/// `fsync`ed, renamed to `<message-id>.eml`, and the folder `fsync`ed, so a reader
/// never sees half a message and a crash leaves either the whole file or none. Any
/// failure (folder missing and not creatable, not writable, disk full) throws and
/// removes the temporary file, and the outbox keeps the message.
public struct EmlDirectoryTransport: MailTransport {
    /// The folder the files go into; created when missing.
    public let directory: URL

    /// Creates a transport writing into `directory`.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The file `message` is written to: its Message-ID with anything but letters,
    /// digits, `.`, `-`, `_` and `@` replaced by `_`, plus `.eml`.
    public func fileURL(for message: MailMessage) -> URL {
        let safe = String(message.messageID.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-@".contains($0)) ? $0 : "_" })
        return directory.appendingPathComponent(safe + ".eml")
    }

    /// Writes the message's file.
    /// - Throws: ``OutreachError/emlWriteFailed(directory:messageID:reason:)``.
    public func deliver(_ message: MailMessage) async throws {
        let bytes = try message.rfc5322Data()
        try write(bytes, to: fileURL(for: message), messageID: message.messageID)
    }

    func write(_ bytes: Data, to file: URL, messageID: String) throws {
        func failure(_ what: String, _ code: Int32) -> OutreachError {
            .emlWriteFailed(directory: directory.path, messageID: messageID, reason: "\(what): \(String(cString: strerror(code)))")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw OutreachError.emlWriteFailed(
                directory: directory.path, messageID: messageID,
                reason: "the folder cannot be created (\(error.localizedDescription))")
        }
        let temporary = directory.appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure("cannot create a file there", errno) }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        let writeError = CommandRunner.writeAll(bytes, to: fd)
        if let code = writeError {
            close(fd)
            throw failure("writing the file failed", code)
        }
        if fsync(fd) != 0 {
            let code = errno
            close(fd)
            throw failure("flushing the file to disk failed", code)
        }
        if close(fd) != 0 { throw failure("closing the file failed", errno) }
        if rename(temporary, file.path) != 0 { throw failure("renaming the file into place failed", errno) }
        ok = true
        let folder = open(directory.path, O_RDONLY)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }
}
