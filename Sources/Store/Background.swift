import Foundation

/// A value computed on another thread while this one goes on; `value` waits for it.
public final class Background<T>: @unchecked Sendable {
    // @unchecked: `result` is written once on the other thread before `done` is left,
    // and read only after `done.wait()`.
    private var result: T?
    private let done = DispatchGroup()

    public init(_ work: @escaping @Sendable () -> T) {
        done.enter()
        DispatchQueue.global().async { [self] in
            result = work()
            done.leave()
        }
    }

    public var value: T {
        done.wait()
        return result!
    }
}
