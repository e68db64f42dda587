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

extension Array where Element: Sendable {
    /// `transform` of every element, in order; on both cores when there are many.
    func mapOnTwoCores<T: Sendable>(above threshold: Int = 2_000, _ transform: @Sendable (Element) -> T) -> [T] {
        guard count >= threshold else { return map(transform) }
        let half = count / 2
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each iteration initialises only its own elements, and concurrentPerform
            // returns after both have finished.
            nonisolated(unsafe) let out = buffer
            self.withUnsafeBufferPointer { elements in
                nonisolated(unsafe) let elements = elements
                DispatchQueue.concurrentPerform(iterations: 2) { part in
                    for i in part == 0 ? 0..<half : half..<elements.count {
                        (out.baseAddress! + i).initialize(to: transform(elements[i]))
                    }
                }
            }
            initialized = count
        }
    }
}

/// Lets go of `value` on another thread. Freeing what a 100,000-contact import built (a
/// million strings and arrays) took a tenth of the import on the thread that commits it.
/// The caller must hold no other reference for this to save it anything.
public func releaseInBackground<T>(_ value: consuming T) {
    let box = ReleaseBox(value)
    DispatchQueue.global(qos: .utility).async { box.value = nil }
}

/// Carries a value to the thread that lets go of it; nothing else touches it.
private final class ReleaseBox<T>: @unchecked Sendable {
    var value: T?
    init(_ value: consuming T) { self.value = value }
}
