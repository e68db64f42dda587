import CLuaRows
import Foundation
import LuaRuntime
import Model
import Store

/// The referrals of a walk, read a page at a time by the C reader straight from the
/// page query into row tables. A row it does not take as it is (a date in another form,
/// an unknown status) is read by `ReferralRows.referral()` and pushed as
/// `pushReferralRow` pushes it, so both paths give the same table or the same error.
final class ReferralRowPages: RowPages {
    /// Referral columns as row fields: dates become whole seconds, direction and status
    /// must be known words.
    static let shape = RowShape(columns: [
        ("id", .integer, false),
        ("direction", .word(ReferralDirection.allCases.map(\.rawValue)), false),
        ("partner_id", .integer, true),
        ("prospect_id", .integer, false),
        ("colleague_id", .integer, true),
        ("status", .word(ReferralStatus.allCases.map(\.rawValue)), false),
        ("arrived_at", .date, false),
        ("first_response_at", .date, true),
        ("thanked_at", .date, true),
        ("outcome", .text, true),
        ("value", .real, true),
        ("note", .text, true),
    ])
    private static let kinds = shape.kinds

    private let session: PluginSession
    private let store: AppDatabase
    private let filter: ReferralFilter
    private let until: Date?
    private var after: Int64 = 0
    private var done = false
    private var keys: LuaReference?
    private var words: LuaReference?

    init(session: PluginSession, store: AppDatabase, filter: ReferralFilter, until: Date?) {
        self.session = session
        self.store = store
        self.filter = filter
        self.until = until
    }

    func fill(_ stack: LuaStack, table: Int32, after position: Int) throws -> Int {
        guard !done else { return 0 }
        let limit = RowPager<Referral>.pageSize
        let base = stack.top
        defer { stack.pop(stack.top - base) }
        stack.push(.reference(keyReference(stack)))
        stack.push(.reference(wordReference(stack)))
        let keys = base + 1, words = base + 2
        var meta: Int32 = 0
        if let metatable = session.rowMetatable("referral", state: stack.state) {
            stack.push(.reference(metatable))
            meta = base + 3
        }
        var n = 0
        try store.withReferralRows(filter, until: until, afterId: after, limit: limit) { rows in
            while n < limit {
                var result = clua_rows_result()
                let status = Self.kinds.withUnsafeBufferPointer { kinds in
                    clua_rows_read(stack.L, rows.statement, kinds.baseAddress, Int32(kinds.count), keys, words, meta, table,
                                   Int64(position + n), Int32(limit - n), &result)
                }
                n += Int(result.rows)
                if result.rows > 0 { after = result.last_id }
                switch Int(status) {
                case Int(CLUA_ROWS_FULL):
                    return
                case Int(CLUA_ROWS_DONE):
                    done = true
                    return
                case Int(CLUA_ROWS_OTHER):
                    let referral = try rows.referral()
                    session.pushReferralRow(referral, on: stack)
                    n += 1
                    stack.appendTop(toSequenceAt: table, position: Int64(position + n))
                    after = referral.id ?? after
                default:
                    if result.code == 0 { throw PluginRuleError(description: "no room on the Lua stack for a page of referrals") }
                    throw rows.stepError()
                }
            }
        }
        return n
    }

    private func keyReference(_ stack: LuaStack) -> LuaReference {
        if let keys { return keys }
        let made = Self.reference(Self.shape.keyTable, stack)
        keys = made
        return made
    }

    private func wordReference(_ stack: LuaStack) -> LuaReference {
        if let words { return words }
        let made = Self.reference(Self.shape.wordTable, stack)
        words = made
        return made
    }

    private static func reference(_ table: LuaTable, _ stack: LuaStack) -> LuaReference {
        let state = stack.state
        state.push(.table(table))
        defer { state.pop() }
        return state.reference(at: -1)
    }
}
