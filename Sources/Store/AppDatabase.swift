import Foundation
import GRDB

extension PracticeSetup {
    /// Creates the empty store of a new practice (refer.sqlite, WAL mode).
    static func createStore(for practice: Practice) throws {
        let pool = try DatabasePool(path: practice.storeFile.path)
        try pool.close()
    }
}
