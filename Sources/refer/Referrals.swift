import ArgumentParser
import Foundation
import Model
import Store

extension Refer {
    /// `refer referral …`: prospects received from partners and clients sent to others.
    struct Referrals: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "referral",
            abstract: "Record referrals and move them through their statuses.",
            discussion: """
            A referral moves received → contacted → meeting → won / lost / passed on.
            Examples:
              refer referral add --prospect "Mihai Dobre" --partner 3 --arrived yesterday
              refer referral status 14 contacted
              refer referral status 14 passed-on --to "Elena Matei"
              refer referral list --status received --json
            """,
            subcommands: [Add.self, List.self, Show.self, Status.self, Edit.self, Remove.self]
        )
    }
}

extension Refer.Referrals {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a referral received from a partner, or one sent out (--outbound).",
            discussion: """
            Examples:
              refer referral add --prospect 21 --partner 3 --arrived "2026-03-01 14:00" --note "Needs payroll"
              refer referral add --outbound --prospect 8 --to "Radu Ionescu"
            """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The person referred: contact id, email or exact name.") var prospect: String
        @Option(help: "The partner who sent it (inbound): partner id, or the partner's contact.") var partner: String?
        @Flag(help: "A client the practice sent to another professional.") var outbound = false
        @Option(help: "Outbound: the professional it went to (contact).") var to: String?
        @Option(help: "When it arrived (default: now).") var arrived: String?
        @Option(help: "The value of the work, in the practice's currency.") var value: Double?
        @Option(help: "A note.") var note: String?

        func run() throws {
            let ctx = try global.context()
            let prospectContact = try storeCall { try ctx.store.resolveContact(prospect) }
            let partnerRecord = try partner.map { ref in try storeCall { try ctx.store.resolvePartner(ref) } }
            let colleague = try to.map { ref in try storeCall { try ctx.store.resolveContact(ref) } }
            let referral = Referral(
                direction: outbound ? .outbound : .inbound, partnerId: partnerRecord?.id, prospectId: prospectContact.id!,
                colleagueId: colleague?.id, arrivedAt: try ctx.optionalDate(arrived, option: "--arrived") ?? Date(),
                value: value, note: note)
            let saved = try storeCall { try ctx.store.addReferral(referral) }
            try ctx.output(saved) {
                "Recorded \(saved.direction.rawValue) referral \(saved.id!): \(prospectContact.name) (\(saved.status.rawValue))"
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List referrals, newest first.",
            discussion: """
            Example:
              refer referral list --status meeting --partner 3 --since 2026-01-01
            """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this status: \(ReferralStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String?
        @Option(help: "Only from this partner.") var partner: String?
        @Option(help: "inbound or outbound.") var direction: String?
        @Option(help: "Only referrals that arrived since this date.") var since: String?

        func run() throws {
            let ctx = try global.readingContext()
            let partnerId = try partner.map { ref in try storeCall { try ctx.store.resolvePartner(ref) }.id! }
            let filter = ReferralFilter(status: try parseOptionalChoice(status, "--status"), partnerId: partnerId,
                                        direction: try parseOptionalChoice(direction, "--direction"),
                                        since: try ctx.optionalDate(since, option: "--since"))
            let referrals = try storeCall { try ctx.store.referrals(filter) }
            try ctx.output(referrals) {
                var names: [Int64: String] = [:]
                func name(_ id: Int64?) -> String {
                    guard let id else { return "-" }
                    if let n = names[id] { return n }
                    let n = (try? ctx.store.contact(id: id).name) ?? "#\(id)"
                    names[id] = n
                    return n
                }
                return table(["ID", "ARRIVED", "DIR", "STATUS", "PROSPECT", "PARTNER", "VALUE"], referrals.map { r in
                    let partnerName = r.partnerId.flatMap { try? ctx.store.partner(id: $0).contact.name } ?? name(r.colleagueId)
                    return [String(r.id!), ctx.show(r.arrivedAt), r.direction.rawValue, r.status.rawValue,
                            name(r.prospectId), partnerName, r.value.map { String(format: "%.2f", $0) } ?? "-"]
                })
            }
        }
    }

    /// A referral with its status history, for `show --json`.
    struct Detail: Encodable {
        var referral: Referral
        var history: [ReferralStatusChange]
        var legalNext: [ReferralStatus]
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one referral and its status history.",
            discussion: """
            Example:
              refer referral show 14 --json
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The referral id.") var id: String

        func run() throws {
            let ctx = try global.readingContext()
            let referralId = try parseID(id, "referral")
            let r = try storeCall { try ctx.store.referral(id: referralId) }
            let history = try storeCall { try ctx.store.statusHistory(referralId: referralId) }
            let prospect = try storeCall { try ctx.store.contact(id: r.prospectId) }
            try ctx.output(Detail(referral: r, history: history, legalNext: r.status.legalNext)) {
                var lines = [
                    "Referral \(r.id!) (\(r.direction.rawValue)): \(prospect.name)",
                    "  status:    \(r.status.rawValue)" + (r.status.isFinal ? "" : " (next: \(r.status.legalNext.map(\.rawValue).joined(separator: ", ")))"),
                    "  arrived:   \(ctx.show(r.arrivedAt, withTime: true))",
                    "  responded: \(ctx.show(r.firstResponseAt, withTime: true))",
                    "  thanked:   \(ctx.show(r.thankedAt, withTime: true))",
                ]
                if let p = r.partnerId, let d = try? ctx.store.partner(id: p) { lines.append("  partner:   \(d.contact.name) (partner \(p))") }
                if let c = r.colleagueId, let colleague = try? ctx.store.contact(id: c) { lines.append("  colleague: \(colleague.name) (contact \(c))") }
                if let outcome = r.outcome { lines.append("  outcome:   \(outcome)") }
                if let value = r.value { lines.append("  value:     " + String(format: "%.2f", value)) }
                if let note = r.note { lines.append("  note:      \(note)") }
                lines.append("  history:")
                for h in history {
                    lines.append("    \(ctx.show(h.changedAt, withTime: true))  \(h.from?.rawValue ?? "-") → \(h.to.rawValue)" + (h.note.map { "  \($0)" } ?? ""))
                }
                return lines.joined(separator: "\n")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Move a referral to its next status.",
            discussion: """
            Legal moves: received → contacted, meeting, lost, passed-on; contacted → meeting,
            won, lost, passed-on; meeting → won, lost, passed-on. Won, lost and passed-on are
            final. Passing on needs --to, the colleague it goes to. Winning an inbound referral
            makes the prospect a client (who can then be promoted to partner).
            Examples:
              refer referral status 14 won --at "2026-03-20 10:00"
              refer referral status 15 passed-on --to "Elena Matei" --note "Too busy in March"
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The referral id.") var id: String
        @Argument(help: "The new status: \(ReferralStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String
        @Option(help: "When it happened (default: now).") var at: String?
        @Option(help: "passed-on: the colleague it goes to (contact).") var to: String?
        @Option(help: "A note kept with the change.") var note: String?

        func run() throws {
            let ctx = try global.context()
            let referralId = try parseID(id, "referral")
            guard let next = ReferralStatus(text: status) else {
                throw CLIError("\"\(status)\" is not a status; use one of \(ReferralStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            let colleague = try to.map { ref in try storeCall { try ctx.store.resolveContact(ref) } }
            let time = try ctx.optionalDate(at, option: "--at") ?? Date()
            let moved = try storeCall {
                try ctx.store.moveReferral(id: referralId, to: next, at: time, colleagueId: colleague?.id, note: note)
            }
            try ctx.output(moved) { "Referral \(referralId) is now \(moved.status.rawValue)" }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Record when the partner was thanked, the first response, the outcome or value.",
            discussion: """
            Change the status with `refer referral status`, not here.
            Example:
              refer referral edit 14 --thanked today --outcome "Monthly bookkeeping" --value 2400
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The referral id.") var id: String
        @Option(help: "When the partner was thanked.") var thanked: String?
        @Option(help: "When the practice first answered the prospect.") var responded: String?
        @Option(help: "When it arrived.") var arrived: String?
        @Option(help: "What came of it.") var outcome: String?
        @Option(help: "The value of the work.") var value: Double?
        @Option(help: "A note.") var note: String?

        func run() throws {
            let ctx = try global.context()
            let referralId = try parseID(id, "referral")
            var r = try storeCall { try ctx.store.referral(id: referralId) }
            if let thanked { r.thankedAt = try ctx.date(thanked, option: "--thanked") }
            if let responded { r.firstResponseAt = try ctx.date(responded, option: "--responded") }
            if let arrived { r.arrivedAt = try ctx.date(arrived, option: "--arrived") }
            if let outcome { r.outcome = blankToNil(outcome) }
            if let value { r.value = value }
            if let note { r.note = blankToNil(note) }
            let updated = r
            try storeCall { try ctx.store.updateReferral(updated) }
            try ctx.output(updated) { "Updated referral \(referralId)" }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a referral and its history.",
            discussion: """
            Example:
              refer referral remove 14
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The referral id.") var id: String

        func run() throws {
            let ctx = try global.context()
            let referralId = try parseID(id, "referral")
            try storeCall { try ctx.store.removeReferral(id: referralId) }
            print("Removed referral \(referralId)")
        }
    }
}
