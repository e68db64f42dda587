/// One number for a set of plugin files: each file's path, modification time and size.
/// It changes when a plugin is added, removed, moved or edited, and does not depend on
/// the order the files are listed in, so the scheduler can compare the files it finds
/// with the rows of its index without sorting either.
///
/// The same files give the same number in every process (unlike Swift's `Hasher`, whose
/// seed differs per run): the store keeps it next to the index it describes.
public struct PluginCatalogFingerprint: Equatable, Sendable {
    private var sum: UInt64 = 0
    private var count: UInt64 = 0

    public init() {}

    /// Adds one file.
    public mutating func add(path: String, mtime: Double, size: Int64) {
        // FNV-1a over the path's bytes.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        sum = sum &+ Self.mix(hash ^ Self.mix(mtime.bitPattern &+ 0x9E37_79B9_7F4A_7C15) ^ Self.mix(UInt64(bitPattern: size)))
        count += 1
    }

    /// The number to store: the sum of the files' hashes, mixed with how many there are.
    public var value: Int64 {
        Int64(bitPattern: Self.mix(sum ^ Self.mix(count)))
    }

    /// SplitMix64's finaliser: every input bit moves about half the output bits.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
