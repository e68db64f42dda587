import Foundation
import ZIPFoundation

/// One entry of an archive's central directory, as the archive states it.
struct ZipEntryRecord {
    var path: String
    /// The Unix file type bits (`S_IFMT`) when the archive was made on Unix, else nil.
    var unixFileType: UInt32?
    var method: UInt16
    var flags: UInt16
    var compressedSize: UInt64
    /// What the header claims; never trusted for limits.
    var claimedSize: UInt64
    var localHeaderOffset: UInt64

    var isDirectory: Bool { path.hasSuffix("/") || unixFileType == UInt32(S_IFDIR) }
}

/// Reads a ZIP archive's central directory and entry data without trusting it.
///
/// ZIPFoundation hides the external attributes (where links and devices show), so the
/// directory is read here; its inflater decompresses the data.
struct ZipReader {
    let url: URL
    let data: Data
    let entries: [ZipEntryRecord]

    init(url: URL, limits: ArchiveLimits) throws {
        self.url = url
        let name = url.lastPathComponent
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.uint64Value
        guard let size else { throw PackError.unreadableArchive(archive: name, reason: "the file cannot be read") }
        if size > limits.maxTotalBytes { throw PackError.archiveTooLarge(archive: name, bytes: size, limit: limits.maxTotalBytes) }
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw PackError.unreadableArchive(archive: name, reason: error.localizedDescription)
        }
        entries = try Self.readDirectory(data, archive: name, limits: limits)
    }

    private static func readDirectory(_ d: Data, archive: String, limits: ArchiveLimits) throws -> [ZipEntryRecord] {
        func fail(_ reason: String) -> PackError { .unreadableArchive(archive: archive, reason: reason) }
        guard d.count >= 22 else { throw fail("it is too short to be a ZIP archive") }
        var eocd: Int?
        var i = d.count - 22
        let lowest = max(0, d.count - 22 - 0xFFFF)
        while i >= lowest {
            if d.le32(i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard let end = eocd else { throw fail("no ZIP end-of-directory record") }
        let count = Int(d.le16(end + 10))
        let dirSize = Int(d.le32(end + 12))
        let dirOffset = Int(d.le32(end + 16))
        if count == 0xFFFF || dirOffset == 0xFFFF_FFFF { throw fail("ZIP64 archives are not accepted") }
        if count > limits.maxEntries { throw PackError.tooManyEntries(archive: archive, count: count, limit: limits.maxEntries) }
        guard dirOffset + dirSize <= end else { throw fail("the central directory lies outside the file") }
        var records: [ZipEntryRecord] = []
        var p = dirOffset
        for _ in 0..<count {
            guard p + 46 <= end, d.le32(p) == 0x0201_4B50 else { throw fail("a central directory record is damaged") }
            let madeBy = d.le16(p + 4)
            let flags = d.le16(p + 8)
            let method = d.le16(p + 10)
            let compressed = d.le32(p + 20)
            let claimed = d.le32(p + 24)
            let nameLength = Int(d.le16(p + 28))
            let extraLength = Int(d.le16(p + 30))
            let commentLength = Int(d.le16(p + 32))
            let external = d.le32(p + 38)
            let offset = d.le32(p + 42)
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= end else { throw fail("a central directory record is damaged") }
            let nameBytes = d.subdata(in: (p + 46)..<(p + 46 + nameLength))
            guard let path = String(data: nameBytes, encoding: .utf8) else {
                throw fail("an entry name is not UTF-8 (\(nameBytes.map { String(format: "%02x", $0) }.joined()))")
            }
            if compressed == 0xFFFF_FFFF || claimed == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                throw fail("entry \"\(path)\" uses ZIP64 sizes, which are not accepted")
            }
            let os = madeBy >> 8
            let unixType: UInt32? = (os == 3 || os == 19) ? (external >> 16) & UInt32(S_IFMT) : nil
            records.append(ZipEntryRecord(
                path: path, unixFileType: unixType, method: method, flags: flags,
                compressedSize: UInt64(compressed), claimedSize: UInt64(claimed), localHeaderOffset: UInt64(offset)))
            p = next
        }
        return records
    }

    /// Streams `entry`'s bytes to `consumer`, stopping with an error as soon as more than
    /// `limit` bytes come out or the output passes the compression-ratio ceiling.
    /// Returns the number of bytes produced.
    @discardableResult
    func read(_ entry: ZipEntryRecord, limit: UInt64, limits: ArchiveLimits, consumer: @escaping (Data) throws -> Void) throws -> UInt64 {
        let archive = url.lastPathComponent
        func fail(_ reason: String) -> PackError { .unreadableArchive(archive: archive, reason: "entry \"\(entry.path)\": \(reason)") }
        let header = Int(entry.localHeaderOffset)
        guard header + 30 <= data.count, data.le32(header) == 0x0403_4B50 else { throw fail("its local header is damaged") }
        let start = header + 30 + Int(data.le16(header + 26)) + Int(data.le16(header + 28))
        let end = start + Int(entry.compressedSize)
        guard end <= data.count else { throw fail("its data runs past the end of the file") }
        if entry.flags & 1 != 0 { throw fail("it is encrypted") }
        var produced: UInt64 = 0
        let ratioCeiling = max(limits.ratioFloorBytes, entry.compressedSize &* limits.maxCompressionRatio)
        let counting: (Data) throws -> Void = { chunk in
            produced += UInt64(chunk.count)
            if produced > limit { throw PackError.entryTooLarge(entry: entry.path, archive: archive, limit: limit) }
            if produced > ratioCeiling {
                throw PackError.compressionRatioTooHigh(entry: entry.path, archive: archive, limit: limits.maxCompressionRatio)
            }
            try consumer(chunk)
        }
        switch entry.method {
        case 0:
            var position = start
            while position < end {
                let next = min(end, position + 64 * 1024)
                try counting(data.subdata(in: position..<next))
                position = next
            }
        case 8:
            var position = start
            do {
                _ = try Data.decompress(size: Int64(entry.compressedSize), bufferSize: 64 * 1024, skipCRC32: true, provider: { _, size in
                    // The inflater keeps asking until the stream ends; a stream that does not
                    // end inside the stated compressed size is damaged, not merely short.
                    // ZIPFoundation's Linux inflater tells zlib the chunk is always `size`
                    // bytes long, so hand it exactly that many, zero-padded at the file's end.
                    guard position < end else { throw fail("its compressed data ends early") }
                    var chunk = data.subdata(in: position..<min(data.count, position + size))
                    if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                    position += size
                    return chunk
                }, consumer: counting)
            } catch let error as PackError {
                throw error
            } catch {
                throw fail("its compressed data is damaged")
            }
        default:
            throw fail("it uses compression method \(entry.method); only stored and deflate are accepted")
        }
        return produced
    }
}

extension Data {
    func le16(_ offset: Int) -> UInt16 {
        let i = startIndex + offset
        return UInt16(self[i]) | UInt16(self[i + 1]) << 8
    }

    func le32(_ offset: Int) -> UInt32 {
        let i = startIndex + offset
        return UInt32(self[i]) | UInt32(self[i + 1]) << 8 | UInt32(self[i + 2]) << 16 | UInt32(self[i + 3]) << 24
    }
}
