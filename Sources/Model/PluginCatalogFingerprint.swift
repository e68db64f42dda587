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
        var hash = Self.fnvStart
        Self.fnv(path, into: &hash)
        add(pathHash: hash, mtime: mtime, size: size)
    }

    /// Adds the file `folder/subfolder/file`, the same as `add(path:)` of that path,
    /// without building the path.
    public mutating func add(folder: String, subfolder: String, file: String, mtime: Double, size: Int64) {
        add(folder: PathPrefix(folder), subfolder: subfolder, file: file, mtime: mtime, size: size)
    }

    /// `add(folder:subfolder:file:mtime:size:)` with the folder's bytes hashed already.
    public mutating func add(folder: PathPrefix, subfolder: String, file: String, mtime: Double, size: Int64) {
        var hash = folder.hash
        hash = (hash ^ UInt64(UInt8(ascii: "/"))) &* Self.fnvPrime
        Self.fnv(subfolder, into: &hash)
        hash = (hash ^ UInt64(UInt8(ascii: "/"))) &* Self.fnvPrime
        Self.fnv(file, into: &hash)
        add(pathHash: hash, mtime: mtime, size: size)
    }

    /// The start of many paths, hashed once.
    public struct PathPrefix: Sendable {
        fileprivate var hash = PluginCatalogFingerprint.fnvStart

        public init(_ folder: String) { PluginCatalogFingerprint.fnv(folder, into: &hash) }
    }

    private mutating func add(pathHash: UInt64, mtime: Double, size: Int64) {
        sum = sum &+ Self.mix(pathHash ^ Self.mix(mtime.bitPattern &+ 0x9E37_79B9_7F4A_7C15) ^ Self.mix(UInt64(bitPattern: size)))
        count += 1
    }

    // FNV-1a over a path's bytes.
    fileprivate static let fnvStart: UInt64 = 0xCBF2_9CE4_8422_2325
    fileprivate static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    fileprivate static func fnv(_ text: String, into hash: inout UInt64) {
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* fnvPrime }
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
