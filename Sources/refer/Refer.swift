import ArgumentParser
import Foundation

/// The `refer` command: a practice's referral system.
@main
struct Refer: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "refer",
        abstract: "Turn a practice's referrals from luck into a system.",
        discussion: """
        Refer keeps a practice's contacts, referral partners and referrals in a folder
        (refer.toml + refer.sqlite) and runs the practice's Lua plugins by name, on a
        schedule and on events. Start with `refer init`.
        """,
        version: version,
        subcommands: [
            Init.self,
            Run.self,
            Plugin.self,
            Contacts.self,
            Partners.self,
            Referrals.self,
            Touches.self,
            Gifts.self,
            Activities.self,
            Events.self,
            Tasks.self,
            Import.self,
            Export.self,
            Pack.self,
            TickCommand.self,
            DaemonCommand.self,
            Jobs.self,
            OutboxCommands.self,
            Send.self,
            Kit.self,
            Report.self,
        ]
    )
}
