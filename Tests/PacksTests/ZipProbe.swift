import Foundation
@testable import Packs

/// Reads every entry of an archive through the same counting reader `unpack` uses,
/// so the byte-counting limits can be tested on entries no MANIFEST lists.
enum ZipProbe {
    static func readAll(_ archive: URL, limits: ArchiveLimits) throws {
        let reader = try ZipReader(url: archive, limits: limits)
        for entry in reader.entries {
            try reader.read(entry, limit: limits.maxFileBytes, limits: limits) { _ in }
        }
    }
}
