import Foundation

/// Where the scheduler reads the current time, so tests can move it by hand.
public protocol ReferClock: Sendable {
    /// The current instant.
    var now: Date { get }
}

/// The real time of the machine.
public struct SystemClock: ReferClock {
    /// Makes a clock that reads the system time.
    public init() {}

    /// The system's current time.
    public var now: Date { Date() }
}

/// A clock that stands still until it is told to move, for tests.
public final class ManualClock: ReferClock, @unchecked Sendable {
    // @unchecked: `current` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var current: Date

    /// Makes a clock that reads `start` until moved.
    public init(_ start: Date) {
        current = start
    }

    /// The time the clock was last set or advanced to.
    public var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Moves the clock forward (or back, for a negative interval).
    public func advance(by interval: TimeInterval) {
        lock.lock()
        current += interval
        lock.unlock()
    }

    /// Sets the clock to `date`.
    public func set(to date: Date) {
        lock.lock()
        current = date
        lock.unlock()
    }
}
