import Foundation
import Model
import Store

/// The fixture files beside these tests (Tests/StoreTests/Fixtures).
enum Fixture {
    static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(name)))
    }

    static func read(_ name: String) throws -> ImportReading {
        try ContactFiles.read(url(name))
    }
}


extension Contact {
    /// The contact with the time it was read cleared, to compare what files say.
    var timeless: Contact {
        var c = self
        c.addedAt = .distantPast
        return c
    }
}
