import Foundation

/// Ceilings on what an archive may unpack to. Bytes are counted while extracting;
/// the sizes an archive claims in its headers are not trusted.
public struct ArchiveLimits: Sendable, Equatable {
    /// Most bytes all files together may unpack to.
    public var maxTotalBytes: UInt64
    /// Most bytes one file may unpack to.
    public var maxFileBytes: UInt64
    /// Most entries (files and folders) in one archive.
    public var maxEntries: Int
    /// Most times a file may expand beyond its compressed size once it is past
    /// `ratioFloorBytes` (small files of repeated text compress very well and are harmless).
    public var maxCompressionRatio: UInt64
    public var ratioFloorBytes: UInt64
    /// Largest MANIFEST or SIGNATURE file.
    public var maxMetadataBytes: UInt64

    /// Limits; the defaults are those of `standard`.
    public init(
        maxTotalBytes: UInt64 = 64 << 20, maxFileBytes: UInt64 = 16 << 20, maxEntries: Int = 4096,
        maxCompressionRatio: UInt64 = 100, ratioFloorBytes: UInt64 = 1 << 20, maxMetadataBytes: UInt64 = 4 << 20
    ) {
        self.maxTotalBytes = maxTotalBytes
        self.maxFileBytes = maxFileBytes
        self.maxEntries = maxEntries
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioFloorBytes = ratioFloorBytes
        self.maxMetadataBytes = maxMetadataBytes
    }

    /// The limits every install uses unless a caller narrows them.
    public static let standard = ArchiveLimits()
}
