import Foundation

/// How long each stage of a long command took, on standard error, when the environment
/// sets `REFER_TIMINGS=1`: `refer import` marks reading, matching, building the rows,
/// inserting, indexing, keys and the commit. Off, a mark costs one comparison.
public enum StageTimer {
    private static let enabled = ProcessInfo.processInfo.environment["REFER_TIMINGS"] == "1"
    nonisolated(unsafe) private static var last = Date()
    private static let lock = NSLock()

    /// Ends the stage called `stage`, which began at the previous mark (or at the first
    /// use of the timer).
    public static func mark(_ stage: String) {
        guard enabled else { return }
        let line: String = lock.withLock {
            let now = Date()
            defer { last = now }
            return stage.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%8.1f ms\n", now.timeIntervalSince(last) * 1000)
        }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
