#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What `refer daemon` watches while it sleeps: the practice folder (its store's
/// write-ahead log, refer.toml, packs.lock), each plugin root and each plugin's folder.
/// On Linux it asks the kernel (inotify) to say when one of them changes, so that the
/// daemon sleeps without polling; elsewhere, or when the kernel refuses a watch, `wait`
/// returns after each poll interval instead and the daemon looks for itself.
final class FolderWatch {
    /// What woke `wait`.
    enum Wake: Equatable {
        /// The store's write-ahead log was written: maybe new events, maybe a retry.
        case storeWritten
        /// A plugin, refer.toml or packs.lock changed.
        case filesChanged
        /// The time given ran out (or, without a watch, the poll interval).
        case timeout
        /// The stop pipe became readable (SIGTERM, SIGINT).
        case stop
    }

    private let practiceRoot: String
    private let storeFile: String
    private let storeLog: String
    #if os(Linux)
    private let inotify: Int32
    #endif
    /// Whether every folder asked for is watched; when not, `wait` polls.
    private(set) var complete = false

    init(practiceRoot: String, storeFileName: String) {
        self.practiceRoot = practiceRoot
        self.storeFile = storeFileName
        self.storeLog = storeFileName + "-wal"
        #if os(Linux)
        inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        #endif
    }

    deinit {
        #if os(Linux)
        if inotify >= 0 { close(inotify) }
        #endif
    }

    /// Watches the practice folder, each of `roots` and each folder in them, and each of
    /// `folders`. Folders already watched keep their watch; a folder that is gone is
    /// skipped (its parent's watch sees it come back).
    func watch(roots: [String], folders: [String]) {
        #if os(Linux)
        guard inotify >= 0 else { complete = false; return }
        var ok = add(practiceRoot, mask: IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE)
        let pluginEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF
        for root in roots {
            guard add(root, mask: pluginEvents) else { continue }
            for name in Tick.folderNames(root) where !name.hasPrefix(".") {
                ok = add(root + "/" + name, mask: pluginEvents) && ok
            }
        }
        for folder in folders { ok = add(folder, mask: pluginEvents) && ok }
        complete = ok
        #else
        complete = false
        #endif
    }

    #if os(Linux)
    /// Adds a watch; false when the kernel refused one for a folder that exists.
    private func add(_ path: String, mask: Int32) -> Bool {
        if inotify_add_watch(inotify, path, UInt32(bitPattern: mask | IN_ONLYDIR)) >= 0 { return true }
        return errno == ENOENT || errno == ENOTDIR
    }
    #endif

    /// Sleeps until something watched changes, `stopPipe` becomes readable, or `timeout`
    /// seconds pass (nil: no limit). Without a complete watch it returns `.timeout` after
    /// at most `pollInterval`.
    func wait(timeout: TimeInterval?, pollInterval: TimeInterval, stopPipe: Int32) -> Wake {
        var limit = timeout
        if !complete { limit = min(limit ?? pollInterval, pollInterval) }
        var fds = [pollfd(fd: stopPipe, events: Int16(POLLIN), revents: 0)]
        #if os(Linux)
        if inotify >= 0 { fds.append(pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)) }
        #endif
        let deadline = limit.map { Date() + max(0, $0) }
        while true {
            let remaining = deadline.map { max(0, $0.timeIntervalSinceNow) }
            // Whole milliseconds, rounded up so that the deadline has passed on return.
            let ms = remaining.map { Int32(min(ceil($0 * 1000), Double(Int32.max))) } ?? -1
            let ready = poll(&fds, nfds_t(fds.count), ms)
            if ready < 0 {
                if errno == EINTR { continue }
                return .timeout
            }
            if ready == 0 { return .timeout }
            if fds[0].revents != 0 { return .stop }
            #if os(Linux)
            if let wake = readEvents() { return wake }
            #endif
            if let deadline, deadline.timeIntervalSinceNow <= 0 { return .timeout }
        }
    }

    #if os(Linux)
    /// Reads what the kernel has queued: `.filesChanged` beats `.storeWritten`; nil when
    /// nothing that matters changed (the store file itself, its shared-memory file).
    private func readEvents() -> Wake? {
        var wake: Wake?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            while offset + 16 <= count {
                let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
                let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                offset += 16 + length
                if mask & UInt32(IN_IGNORED) != 0 { continue }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { wake = .filesChanged; continue }
                switch classify(name: String(decoding: nameBytes, as: UTF8.self), mask: mask) {
                case .filesChanged: wake = .filesChanged
                case .storeWritten: if wake == nil { wake = .storeWritten }
                default: break
                }
            }
        }
        return wake
    }

    /// What one event means. Events in plugin folders all count; in the practice folder,
    /// a write to the store's log means new data, changes to the store's other files
    /// (checkpoints, the shared-memory index) mean nothing, and anything else counts.
    /// Names are checked without knowing which folder they came from: a plugin folder
    /// holding a file named like the store's is not worth a lookup table.
    private func classify(name: String, mask: UInt32) -> Wake? {
        if name == storeLog { return mask & UInt32(IN_MODIFY) != 0 ? .storeWritten : nil }
        if name.hasPrefix(storeFile) { return nil }
        // Modifications count only once the writer closes the file.
        if mask == UInt32(IN_MODIFY) { return nil }
        return .filesChanged
    }
    #endif
}
