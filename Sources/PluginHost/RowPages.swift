import CLuaRows
import LuaRuntime

/// One walk's rows, a page at a time, as Lua tables: what `for row in ctx.X{...}` and
/// `ctx.X.list{...}` read.
protocol RowPages: AnyObject {
    /// Appends the next page's rows to the table at `table` (an absolute index), at
    /// positions `after + 1`, `after + 2`, ...; returns how many, 0 when none are left.
    func fill(_ stack: LuaStack, table: Int32, after: Int) throws -> Int
}

/// Rows read into Swift values by a `RowPager`, each pushed by `row`.
final class SwiftRowPages<T>: RowPages {
    private let pager: RowPager<T>
    private let row: (T, LuaStack) -> Void

    init(_ pager: RowPager<T>, row: @escaping (T, LuaStack) -> Void) {
        self.pager = pager
        self.row = row
    }

    func fill(_ stack: LuaStack, table: Int32, after: Int) throws -> Int {
        let page = try pager.next()
        var position = Int64(after)
        for item in page {
            row(item, stack)
            position += 1
            stack.appendTop(toSequenceAt: table, position: position)
        }
        return page.count
    }
}

/// How a query's columns become a row table's fields, for the C page reader
/// (`clua_rows_read`): each column's kind, its field name, and for columns that hold
/// one of a few words, those words.
struct RowShape {
    enum Kind {
        case integer, real, text, date
        /// Text that is one of `words`.
        case word([String])
    }

    let columns: [(name: String, kind: Kind, nullable: Bool)]

    /// The kinds as `clua_rows_read` takes them.
    var kinds: [UInt8] {
        columns.map { column in
            let kind: Int32
            switch column.kind {
            case .integer: kind = Int32(CLUA_ROWS_INTEGER)
            case .real: kind = Int32(CLUA_ROWS_REAL)
            case .text: kind = Int32(CLUA_ROWS_TEXT)
            case .date: kind = Int32(CLUA_ROWS_DATE)
            case .word: kind = Int32(CLUA_ROWS_WORD)
            }
            return UInt8(kind | (column.nullable ? Int32(CLUA_ROWS_NULLABLE) : 0))
        }
    }

    /// The field names, in column order (a sequence table, for `keys`).
    var keyTable: LuaTable {
        LuaTable(array: columns.map { .string(LuaString($0.name)) })
    }

    /// For each word column (by 1-based position), a table mapping each word to itself.
    var wordTable: LuaTable {
        var table = LuaTable()
        for (i, column) in columns.enumerated() {
            guard case .word(let words) = column.kind else { continue }
            var set = LuaTable()
            for word in words { set[word] = .string(LuaString(word)) }
            table.fields.append((key: .integer(Int64(i + 1)), value: .table(set)))
        }
        return table
    }
}
