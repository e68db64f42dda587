import Foundation

/// Reads contact files, choosing the reader from the extension or, failing that, the content.
public enum ContactFiles {
    /// Reads `url` as vCard or CSV. Throws only when the file cannot be read or is neither.
    public static func read(_ url: URL, displayName: String? = nil) throws -> ImportReading {
        let name = displayName ?? url.lastPathComponent
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: url))
        } catch {
            throw ImportError.unreadable(file: url.path, reason: (error as NSError).localizedDescription)
        }
        return try read(bytes, name: name, pathExtension: url.pathExtension)
    }

    /// Reads `bytes`; `name` is used in problems.
    public static func read(_ bytes: [UInt8], name: String, pathExtension: String = "") throws -> ImportReading {
        switch pathExtension.lowercased() {
        case "vcf", "vcard": return VCardReader.read(bytes, file: name)
        case "csv", "tsv": return ContactCSV.read(bytes, file: name)
        default: break
        }
        let head = String(decoding: bytes.prefix(64), as: UTF8.self)
            .trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
        if head.uppercased().hasPrefix("BEGIN:VCARD") { return VCardReader.read(bytes, file: name) }
        if head.contains(",") || head.contains(";") || head.contains("\t") { return ContactCSV.read(bytes, file: name) }
        throw ImportError.unknownFormat(file: name)
    }
}

extension ContactFiles {
    /// A birthday as `YYYY-MM-DD` or `--MM-DD`, or `nil` when `text` is not one.
    public static func birthday(_ text: String) -> String? { Interchange.birthday(text) }
}
