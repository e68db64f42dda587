import ArgumentParser
import Foundation
import Model
import Store

/// What a data command works with: the practice, its store and its time zone.
struct CommandContext {
    let practice: Practice
    let store: AppDatabase
    let json: Bool
    /// Whether `store` was opened read-only.
    var readOnly = false

    var timeZone: TimeZone { practice.config.practice.timeZone }

    /// Parses a date the user typed, in the practice's time zone.
    func date(_ text: String, option: String) throws -> Date {
        do {
            return try FriendlyDate.parse(text, timeZone: timeZone)
        } catch let error as ModelError {
            throw CLIError("\(option): \(error.description)")
        }
    }

    func optionalDate(_ text: String?, option: String) throws -> Date? {
        guard let text else { return nil }
        return try date(text, option: option)
    }

    /// A date for tables, in the practice's time zone.
    func show(_ date: Date?, withTime: Bool = false) -> String {
        guard let date else { return "-" }
        return FriendlyDate.format(date, timeZone: timeZone, withTime: withTime)
    }

    /// Prints `value` as JSON (dates in ISO 8601, keys sorted).
    func printJSON<T: Encodable>(_ value: T) throws {
        try refer.printJSON(value)
    }

    /// Prints JSON when `--json` is set, else the text `render` makes.
    func output<T: Encodable>(_ value: T, _ render: () -> String) throws {
        if json { try printJSON(value) } else { print(render()) }
    }
}

extension GlobalOptions {
    /// Opens the practice and its store, turning their errors into one-line messages.
    func context() throws -> CommandContext {
        let practice = try openPractice()
        return CommandContext(practice: practice, store: try storeCall { try AppDatabase.open(practice) }, json: json)
    }
}

extension GlobalOptions {
    /// The practice and its store opened read-only (dry runs).
    func readOnlyContext() throws -> CommandContext {
        let practice = try openPractice()
        return CommandContext(practice: practice, store: try storeCall { try AppDatabase.openReadOnly(practice) }, json: json, readOnly: true)
    }
}

extension GlobalOptions {
    /// The practice and its store for a command that only reads: read-only when the store
    /// is at this build's version (opening for writing writes to the log and the close
    /// checkpoints it, most of a quick listing), else opened for writing to be migrated.
    func readingContext() throws -> CommandContext {
        if let quick = try? readOnlyContext(), (try? quick.store.isCurrentVersion()) == true { return quick }
        return try context()
    }
}

/// Runs a store call and turns its errors into `CLIError`s (what happened; what to do).
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw CLIError(error.description)
    } catch let error as ModelError {
        throw CLIError(error.description)
    } catch let error as ImportError {
        throw CLIError(error.description)
    }
}

/// Lays out rows as aligned columns under a header.
func table(_ header: [String], _ rows: [[String]]) -> String {
    guard !rows.isEmpty else { return "(none)" }
    var widths = header.map(\.count)
    for row in rows {
        for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], min(cell.count, 40)) }
    }
    func render(_ row: [String]) -> String {
        row.enumerated().map { i, cell in
            let text = cell.count > 40 ? String(cell.prefix(39)) + "…" : cell
            return i == row.count - 1 ? text : text.padding(toLength: widths[i], withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
    }
    return ([render(header)] + rows.map(render)).joined(separator: "\n")
}

/// Parses an enum value the user typed, listing the accepted ones when it is wrong.
func parseChoice<T: RawRepresentable & CaseIterable>(_ text: String, _ option: String) throws -> T where T.RawValue == String {
    let normal = text.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
    if let value = T.allCases.first(where: { $0.rawValue.lowercased() == normal }) { return value }
    throw CLIError("\(option): \"\(text)\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
}

func parseOptionalChoice<T: RawRepresentable & CaseIterable>(_ text: String?, _ option: String) throws -> T? where T.RawValue == String {
    guard let text else { return nil }
    return try parseChoice(text, option) as T
}

/// A record id typed by the user.
func parseID(_ text: String, _ what: String) throws -> Int64 {
    guard let id = Int64(text.trimmingCharacters(in: .whitespaces)), id > 0 else {
        throw CLIError("\"\(text)\" is not a \(what) id; ids are whole numbers, see `refer \(what) list`.")
    }
    return id
}

/// `nil` for an empty string, so `--note ""` clears a field.
func blankToNil(_ text: String) -> String? {
    let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return t.isEmpty ? nil : t
}
