import Foundation
import LuaRuntime
import Model

extension StoreEvent {
    /// The `event` a plugin's `run(ctx, event)` receives when the scheduler delivers it:
    /// `{ id, kind, contact_id, partner_id, referral_id, payload, at }`, with the JSON
    /// payload as a table and `at` in seconds since 1970 like `ctx.now`.
    public var luaValue: LuaValue {
        var table = LuaTable()
        table["id"] = id.map { .integer($0) } ?? .nil
        table["kind"] = .string(LuaString(kind.rawValue))
        table["contact_id"] = contactId.map { .integer($0) } ?? .nil
        table["partner_id"] = partnerId.map { .integer($0) } ?? .nil
        table["referral_id"] = referralId.map { .integer($0) } ?? .nil
        let decoded = try? JSONDecoder().decode(JSONLuaValue.self, from: Data(payload.utf8))
        table["payload"] = decoded?.lua ?? .table(LuaTable())
        table["at"] = .integer(Int64(createdAt.timeIntervalSince1970.rounded(.down)))
        return .table(table)
    }

}
