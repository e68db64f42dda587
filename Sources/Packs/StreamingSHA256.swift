import Crypto
import Foundation

/// SHA-256 over data that arrives in chunks, as hex.
struct StreamingSHA256 {
    private var hash = SHA256()

    mutating func update(_ data: Data) { hash.update(data: data) }

    func finalize() -> String { hash.finalize().map { String(format: "%02x", $0) }.joined() }
}
